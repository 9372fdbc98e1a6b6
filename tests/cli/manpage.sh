#!/bin/sh
# manpage.sh - the manual pages and the README cannot drift from the program:
# every command of the program's table (`salesterm help --commands`) has its
# entry in salesterm(1), the exit codes of the help, of salesterm(1) and of
# the README's table are the same, and both pages render without a groff
# warning.
. "$(dirname "$0")/lib.sh"

top=${top_srcdir:-$(dirname "$0")/../..}
MAN1="$top/doc/salesterm.1"
MAN5="$top/doc/salesterm.5"

st help
ok_rc 0 "help"
help=$out

# The man page as text, with hyphens and quotes as typed.
if command -v groff >/dev/null 2>&1; then
	for page in "$MAN1" "$MAN5"; do
		warn=$(groff -k -man -Tutf8 -ww -z "$page" 2>&1)
		if [ -z "$warn" ]; then pass "$(basename "$page") renders without warnings"; else
			fail "$(basename "$page") renders without warnings" "$warn"; fi
	done
	man_text=$(groff -k -man -Tutf8 "$MAN1" 2>/dev/null | col -b | tr -s ' \t' '  ' |
		sed 's/‐/-/g')
else
	pass "groff is not installed: rendering not checked # SKIP"
	pass "groff is not installed: rendering not checked # SKIP"
	man_text=$(sed -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' -e 's/^\.[A-Z]* //' "$MAN1")
fi
man_flat=$(printf '%s\n' "$man_text" | tr '\n' ' ' | tr -s ' ' ' ')

# The commands, from the program's own table (`help --commands`: one a
# line, "TYPE list", "db info", "search").
st help --commands
ok_rc 0 "help --commands"
printf '%s\n' "$out" | sort -u >"$WORK/commands"
# The page as entries, one per "salesterm " it shows.
printf '%s' "$man_flat" | sed 's/salesterm /\nsalesterm /g' >"$WORK/entries"
while read -r c; do
	[ -n "$c" ] || continue
	prefix=${c% *}
	verb=${c##* }
	if grep -qF "salesterm $c" "$WORK/entries" ||
		{ [ "$prefix" != "$c" ] && grep -F "salesterm $prefix " "$WORK/entries" |
			grep -qE "\| ?$verb( |\$)"; }; then
		pass "salesterm(1) has \"salesterm $c\""
	else
		fail "salesterm(1) has \"salesterm $c\"" "add it to doc/salesterm.1 (the command table has it)"
	fi
done <"$WORK/commands"
[ -s "$WORK/commands" ] || fail "commands listed by help --commands" "none"

# Exit codes: the source of truth is src/status.h (ST_(NAME, CODE, message));
# the README's table, salesterm(1) and the help must list the same codes, and
# each meaning in the README and the page must start with the status's message.
truth=$(sed -n 's/.*ST_([A-Z_]*, \([0-9]*\), N_("\([^"]*\)")).*/\1\t\2/p' "$top/src/status.h")
truth_codes=$(printf '%s\n' "$truth" | cut -f1 | sort -n | tr '\n' ' ')
help_codes=$(printf '%s\n' "$help" | tr '\n' ' ' | sed 's/.*Exit codes: //; s/\. .*//' |
	tr ',' '\n' | awk '{ print $1 }' | grep -E '^[0-9]+$' | sort -n | tr '\n' ' ')
readme_codes=$(sed -n '/^### Exit codes/,/^## /p' "$top/README.md" |
	sed -n 's/^| \([0-9][0-9]*\) |.*/\1/p' | sort -n | tr '\n' ' ')
man_codes=$(sed -n '/^\.SH EXIT STATUS/,/^\.SH /p' "$MAN1" | sed -n 's/^\.B \([0-9][0-9]*\)$/\1/p' |
	sort -n | tr '\n' ' ')
[ -n "$truth_codes" ] || fail "codes read from src/status.h" "none: its format changed?"
is "$readme_codes" "$truth_codes" "the README's exit codes are src/status.h's"
is "$man_codes" "$truth_codes" "salesterm(1)'s exit codes are src/status.h's"
# The help leaves out 1 (any other error).
is "$help_codes" "$(printf '%s' "$truth_codes" | sed 's/^0 1 /0 /')" "the help's exit codes are src/status.h's"
bad=""
printf '%s\n' "$truth" >"$WORK/truth"
while IFS="$(printf '\t')" read -r code msg; do
	r=$(sed -n "/^### Exit codes/,/^## /s/^| $code | \(.*\) |\$/\1/p" "$top/README.md")
	m=$(sed -n '/^\.SH EXIT STATUS/,/^\.SH /p' "$MAN1" | sed -n "/^\.B $code\$/{n;p;}")
	case $r in "$msg"*) ;; *) bad="$bad README:$code" ;; esac
	[ "$m" = "$r" ] || bad="$bad man:$code"
done <"$WORK/truth"
is "$bad" "" "each exit code means the same in src/status.h, the README and salesterm(1)"

done_testing
