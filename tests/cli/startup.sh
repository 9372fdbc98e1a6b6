#!/bin/sh
# startup.sh - what a short command loads: never ncursesw (the terminal UI
# is a program of its own), ICU (about 35 MB of libraries and data) only when
# a name's sort key is computed, and its rules' version checked from a stamp
# of its files rather than by loading it (issue 11's start-up; the figures
# are in tests/bench/startup.sh).
. "$top_srcdir/tests/cli/lib.sh"
cd "$WORK" || exit 1

# loads COMMAND... - the libicu files the dynamic loader maps for COMMAND
# (glibc's LD_DEBUG=files), one name a line, sorted.
loads() {
	LD_DEBUG=files "$SALESTERM" --db "$DB" "$@" 2>&1 >/dev/null |
		sed -n 's/.*file=\(libicu[a-z0-9]*\)\.so.*/\1/p' | sort -u | tr '\n' ' '
}

if ! LD_DEBUG=files "$SALESTERM" --version 2>&1 >/dev/null | grep -q 'file='; then
	skip "what a command loads" "the dynamic loader here does not honour LD_DEBUG=files"
	done_testing
	exit $?
fi

# curses COMMAND... - how many times the loader maps ncursesw for COMMAND.
curses() {
	LD_DEBUG=files "$SALESTERM" "$@" 2>&1 >/dev/null | grep -c 'file=libncursesw'
}
is "$(curses help)" 0 "help does not load ncursesw (the terminal UI is salesterm-tui)"
is "$(curses --version)" 0 "--version does not load it"
is "$(curses --db "$DB" contact add name=王芳)" 0 "a command on a database does not load it"

st contact add name=张伟 mobile=13800000001
ok_rc 0 "a new database with a contact"
stamp=$(sqlite3 "$DB" "SELECT value FROM meta WHERE key = 'collation.stamp'")
version=$(sqlite3 "$DB" "SELECT value FROM meta WHERE key = 'collation.version'")
like "$stamp" '^[0-9.]+/[0-9.]+$' "the ICU rules' version heads the stamp"
like "$stamp" 'libicui18n\.so\.[0-9]+' "the stamp names the library salesterm loads"
like "$stamp" '/libicudata\.so[^	]*	[0-9]+:[0-9]+:[0-9]+:' "and the data file with its identity"
is "$(printf '%s\n' "$stamp" | head -1)" "$version" "the stamp is of the version meta keeps"

is "$(loads contact count)" "" "contact count does not load ICU"
is "$(loads --version)" "" "--version does not load ICU"
is "$(loads report funnel)" "" "report funnel does not load ICU"
like "$(loads contact add name=李娜)" 'libicui18n' "adding a contact loads it (the name index needs a key)"
st contact list --sort name
is "$(printf '%s\n' "$out" | grep -o '李娜\|王芳\|张伟' | tr '\n' ' ')" "李娜 王芳 张伟 " \
	"and the names sort by pinyin"

# Another ICU (a package upgrade, another library path): the stamp no longer
# matches the files, so the version is read from ICU again and re-stamped.
sqlite3 "$DB" "UPDATE meta SET value = replace(value, ':', ':9') WHERE key = 'collation.stamp'"
like "$(loads contact count)" 'libicui18n' "a stale stamp: ICU is loaded to read the rules' version"
is "$(sqlite3 "$DB" "SELECT value FROM meta WHERE key = 'collation.stamp'")" "$stamp" \
	"and the stamp is written again"
is "$(loads contact count)" "" "after which ICU stays unloaded again"
run env LD_LIBRARY_PATH="$WORK" "$SALESTERM" --db "$DB" contact count
is "$rc $(sqlite3 "$DB" "SELECT value FROM meta WHERE key = 'collation.stamp'" | sed -n 3p)" \
	"0 LD_LIBRARY_PATH=$WORK" "another library path is another stamp"
sqlite3 "$DB" "UPDATE meta SET value = '0.0/0.0' WHERE key = 'collation.version'"
like "$(loads contact count)" 'libicui18n' "a version the stamp was not taken with: ICU is loaded"
is "$(sqlite3 "$DB" "SELECT value FROM meta WHERE key = 'collation.version'")" "$version" \
	"and the name indexes were rebuilt for the rules of today"
st db check
is "$rc $out" "0 ok" "the file is sound"

done_testing
