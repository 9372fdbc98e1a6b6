#!/bin/sh
# badinput.sh - every bad input gets one clear line on stderr that names the
# record type and field, the documented exit code, and leaves the database
# byte-for-byte as it was. SQL metacharacters are data, stored verbatim.
. "$top_srcdir/tests/cli/lib.sh"

# message DESCRIPTION PATTERN - stderr is one line, and it matches PATTERN.
message() {
	if [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ]; then
		like "$err" "$2" "$1: one line saying what is wrong"
	else
		one_line_error "$1: one line saying what is wrong"
	fi
}
# bad DESCRIPTION RC PATTERN ARGS... - salesterm ARGS exits RC with one line on
# stderr matching PATTERN, and the database is unchanged.
bad() {
	desc=$1 want=$2 pat=$3
	shift 3
	sum=$(dbsum)
	st "$@"
	ok_rc "$want" "$desc: exit $want"
	message "$desc" "$pat"
	is "$(dbsum)" "$sum" "$desc: database unchanged"
}
# bad_ro DESCRIPTION RC PATTERN ARGS... - the same for a command that only reads.
bad_ro() {
	desc=$1 want=$2 pat=$3
	shift 3
	st "$@"
	ok_rc "$want" "$desc: exit $want"
	message "$desc" "$pat"
}

# The records the bad input is aimed at.
st account add name=华为科技有限公司
st contact add name=张伟 account=华为科技有限公司 title=经理
st opportunity add name=华为续约 account=华为科技有限公司 amount=12500.50
st activity add kind=call subject=电话 start='2026-11-24 10:00'
st campaign add name=春季展会 start_date=2026-03-01
st lead add name=李娜 company=北京科技
st contact add name=李雷 title=一号
st contact add name=李雷 title=二号
st contact count
is "$rc:$out" "0:3" "the test data is in place"

# ---- text that is not text ----

bad "invalid UTF-8" 4 '^salesterm: contact: name: is not valid UTF-8' \
	contact add name="$(printf 'a\377b')"
bad "overlong UTF-8 in an edit" 4 '^salesterm: contact "张伟": title: is not valid UTF-8' \
	contact edit 张伟 title="$(printf '\300\257')"
printf 'ok\n\377\376 broken\n' >"$WORK/bad-utf8.txt"
bad "invalid UTF-8 in notes@FILE" 4 '^salesterm: contact "张伟": notes: is not valid UTF-8' \
	contact edit 张伟 notes@"$WORK/bad-utf8.txt"
bad "a BEL character" 4 '^salesterm: contact "x": title: contains a control character' \
	contact add name=x title="$(printf 'ring\007ring')"
bad "an ESC sequence" 4 '^salesterm: account: name: contains a control character' \
	account add name="$(printf '\033[31mred\033[0m')"

# ---- required fields ----

bad "an empty required field" 4 '^salesterm: contact: name: is required$' contact add name=
bad "emptying a required field" 4 '^salesterm: contact "张伟": name: is required$' contact edit 张伟 name=
bad "a missing required field" 4 '^salesterm: activity: subject: is required$' \
	activity add kind=call start='2026-11-24 10:00'

# ---- dates and times ----

bad "February 30th" 4 '^salesterm: contact "x": birthday "2026-02-30": is not a real calendar date$' \
	contact add name=x birthday=2026-02-30
bad "month 13" 4 '^salesterm: opportunity "华为续约": close_date "2026-13-01": is not a real calendar date$' \
	opportunity edit 华为续约 close_date=2026-13-01
bad "hour 25" 4 '^salesterm: activity "x": start "2026-11-24 25:00": is not a real time of day$' \
	activity add kind=call subject=x start='2026-11-24 25:00'
bad "a time without a colon" 4 '^salesterm: activity "x": start "2026-11-24 1000": is not a date and time' \
	activity add kind=call subject=x start='2026-11-24 1000'

# ---- money ----

bad "a negative amount" 4 '^salesterm: opportunity "o": amount "-5": must not be negative$' \
	opportunity add name=o amount=-5
bad "a non-numeric amount" 4 '^salesterm: opportunity "华为续约": amount "12k": is not a number$' \
	opportunity edit 华为续约 amount=12k
bad "too many decimals" 4 '^salesterm: opportunity "o": amount "1.234": has more decimals than the currency allows$' \
	opportunity add name=o amount=1.234
bad "decimals in yen" 4 'opportunity "o": amount "1.5": has more decimals than the currency allows$' \
	opportunity add name=o currency=JPY amount=1.5
bad "an unknown currency" 4 '^salesterm: opportunity.*: currency "XYZ": is not an ISO 4217 currency code' \
	opportunity add name=o amount=1 currency=XYZ
# Changing the currency alone must not reinterpret the stored amount: 12500.50
# CNY cannot silently become 1250050 JPY.
bad "a currency change that cannot keep the amount" 4 'opportunity "华为续约": (amount|currency)' \
	opportunity edit 华为续约 currency=JPY

# ---- choices and references ----

bad "an unknown stage" 4 '^salesterm: opportunity "o": stage: no stage named or numbered "Nope"$' \
	opportunity add name=o stage=Nope
bad "a move to an unknown stage" 4 'opportunity "华为续约": stage: no stage named or numbered "Nope"$' \
	opportunity move 华为续约 Nope
bad "an unknown enum value" 4 '^salesterm: opportunity "o": category "maybe": must be one of: pipeline, best case, commit, closed, omitted$' \
	opportunity add name=o category=maybe
bad "a missing account by name" 4 '^salesterm: contact "x": account: no account named or numbered "NoSuch Ltd"$' \
	contact add name=x account='NoSuch Ltd'
bad "a missing account by a well-formed id" 4 \
	'^salesterm: contact "张伟": account: no account named or numbered "12345678-1234-4234-8234-123456789012"$' \
	contact edit 张伟 account=12345678-1234-4234-8234-123456789012
bad "an ambiguous contact name" 6 '^salesterm: opportunity "o": contact: more than one contact matches "李雷"; use the id$' \
	opportunity add name=o contact=李雷
bad_ro "showing an ambiguous name" 6 '^salesterm: more than one contact matches "李雷"; use the id$' \
	contact show 李雷
bad_ro "a record that does not exist" 3 'contact.*"Nobody"' contact show Nobody

# ---- other field checks ----

bad "a bad email address" 4 '^salesterm: contact "张伟": email "zw@": ' contact edit 张伟 email=zw@
bad "a score out of range" 4 '^salesterm: lead "李娜": score "101": must be between 0 and 100$' \
	lead edit 李娜 score=101
bad "a yes/no field with maybe" 4 '^salesterm: contact "x": do_not_contact "maybe": must be yes or no$' \
	contact add name=x do_not_contact=maybe
bad "a name that is already taken" 4 '^salesterm: campaign "春季展会": name "春季展会": is already taken$' \
	campaign add name=春季展会
bad "a campaign ending before it starts" 4 '^salesterm: campaign "春季展会": end_date: is before start_date$' \
	campaign edit 春季展会 end_date=2026-02-01
bad "a field written by salesterm only" 4 '^salesterm: lead "李娜": converted_account: is written by salesterm itself' \
	lead edit 李娜 converted_account=华为科技有限公司
long=$(printf '%0201d' 0)
bad "a name of 201 bytes" 4 '^salesterm: contact: name: is too long \(201 bytes; at most 200\)$' contact add name="$long"
bad "an unknown field" 4 "^salesterm: contact \"x\": no field \"nickname\" \\(see 'salesterm contact fields'\\)$" \
	contact add name=x nickname=xx

# ---- long notes from files ----

head -c 10485760 /dev/zero | tr '\0' a >"$WORK/10mb.txt"
bad "a 10 MB note from notes@FILE" 4 '^salesterm: contact "张伟": notes: is too long \(10485760 bytes; at most 100000\)$' \
	contact edit 张伟 notes@"$WORK/10mb.txt"
head -c 100001 /dev/zero | tr '\0' b >"$WORK/100001.txt"
bad "a note one byte too long from notes@-" 4 '^salesterm: contact "张伟": notes: is too long \(100001 bytes; at most 100000\)$' \
	contact edit 张伟 notes@- <"$WORK/100001.txt"
head -c 17000000 /dev/zero | tr '\0' c >"$WORK/17mb.txt"
bad "a 17 MB file (over the file limit)" 4 'contact.*notes.*(too long|more than)' \
	contact edit 张伟 notes@"$WORK/17mb.txt"
printf 'before\000after' >"$WORK/nul.txt"
bad "a NUL byte in notes@FILE" 4 'contact.*notes.*NUL' contact edit 张伟 notes@"$WORK/nul.txt"
bad "a file that does not exist" 13 "notes.*cannot read $WORK/missing.txt: No such file or directory\$" \
	contact edit 张伟 notes@"$WORK/missing.txt"
bad "a directory as notes@FILE (a read error, not an empty note)" 13 \
	"notes: cannot read $WORK: Is a directory\$" contact edit 张伟 notes@"$WORK"
bad "a directory for a new record" 13 "notes: cannot read $WORK: Is a directory\$" \
	contact add name=目录 notes@"$WORK"
head -c 100000 /dev/zero | tr '\0' d >"$WORK/100000.txt"
st contact edit 张伟 notes@"$WORK/100000.txt"
ok_rc 0 "a note of exactly 100000 bytes is accepted"

# Names that could show as another name: direction overrides, invisible characters.
bad "a right-to-left override in a name" 4 \
	'^salesterm: contact: name: contains a text-direction control character \(U\+202E\)$' \
	contact add name="$(printf 'Acme \342\200\256gnp.exe')"
bad "a zero-width space in a company" 4 \
	'^salesterm: lead "王五": company: contains an invisible character \(U\+200B\)$' \
	lead add name=王五 company="$(printf '北京\342\200\213科技')"
bad "a zero-width space in an edited account name" 4 'name: contains an invisible character' \
	account edit 华为科技有限公司 name="$(printf '华为\342\200\213科技有限公司')"

# ---- command line ----

bad_ro "an unknown type" 2 '^salesterm: unknown command "widget"' widget list
bad "not FIELD=VALUE" 2 '^salesterm: "justtext" is not FIELD=VALUE' contact add justtext
bad_ro "a filter without an operator" 2 '^salesterm: "name" is not a filter' contact list name
bad_ro "a filter on an unknown field" 2 'contacts has no field "nickname"' contact count nickname=x
# More filters than the 64 values a query used to hold: every one is applied.
many=""
i=0
while [ "$i" -lt 70 ]; do
	many="$many name!=nobody$i"
	i=$((i + 1))
done
st contact count $many
is "$rc $out" "0 3" "70 filters that every contact passes count every contact"
st contact list $many --json
is "$(jget "$out" "len(d)")" 3 "and list them all"
st contact count $many name=张伟
is "$out" 1 "the 71st filter is applied too"
while [ "$i" -lt 500 ]; do
	many="$many name!=nobody$i"
	i=$((i + 1))
done
st contact list $many --json
is "$rc $(jget "$out" "len(d)")" "0 3" "500 filters work"
bad_ro "501 filters" 2 '^salesterm: at most 500 filters at once, not 501$' contact list $many name=x
bad_ro "a filter value that is not a date" 4 '^salesterm: contact: birthday "someday": is not a date' \
	contact list 'birthday>=someday'
bad_ro "--limit 0" 2 '^salesterm: --limit needs a positive number, not "0"' contact list --limit 0
bad_ro "--limit abc" 2 'not "abc"' contact list --limit abc
bad_ro "--limit without a value" 2 '^salesterm: --limit needs a value' contact list --limit
st contact list --limit 9223372036854775807
is "$rc $(printf '%s\n' "$out" | grep -c 张伟)" "0 1" "--limit 9223372036854775807 lists everything"
is "$err" "" "with nothing on stderr (no overflow)"
st contact count --limit 9223372036854775807
is "$rc" 0 "count with the largest --limit"
bad_ro "--limit beyond 64 bits" 2 '^salesterm: --limit: 9223372036854775808 is too big' \
	contact list --limit 9223372036854775808
bad_ro "search --limit 5abc" 2 '^salesterm: --limit needs a positive number, not "5abc"' \
	search 张伟 --limit 5abc
bad_ro "search --limit 0" 2 '^salesterm: --limit needs a positive number, not "0"' \
	search 张伟 --limit 0
bad_ro "search --limit beyond int" 2 '^salesterm: --limit: 99999999999 is too big' \
	search 张伟 --limit 99999999999
st search 张伟 --limit 2147483647
is "$rc $(printf '%s\n' "$out" | grep -c 张伟)" "0 1" "search --limit 2147483647 works"
bad_ro "an unknown sort key" 2 'contacts cannot be sorted by "nickname"' contact list --sort nickname
is "$out" "" "an unknown sort key prints nothing on stdout"
bad_ro "--sort name:foo" 2 '^salesterm: --sort takes KEY, KEY:asc or KEY:desc, not "name:foo"' \
	contact list --sort name:foo
is "$out" "" "a bad sort direction prints nothing on stdout"
bad_ro "--sort name:" 2 'not "name:"' contact list --sort name:
# By pinyin: 李雷 (li) before 张伟 (zhang).
st contact list --sort name:asc
is "$rc $(printf '%s\n' "$out" | sed -n 2p | grep -c 李雷)" "0 1" "--sort name:asc is ascending"
st contact list --sort name:desc
is "$rc $(printf '%s\n' "$out" | sed -n 2p | grep -c 张伟)" "0 1" "--sort name:desc is descending"
bad_ro "--db ''" 2 "^salesterm: --db needs a file name, not ''" --db '' contact count
bad_ro "--db=''" 2 "^salesterm: --db needs a file name, not ''" --db= contact count
is "$(ls "$XDG_DATA_HOME/salesterm" 2>/dev/null)" "" "--db '' opens no default database"
bad "undeleting a live record" 4 'contact "张伟" is not deleted' contact undelete \
	"$(sqlite3 "$DB" "SELECT id FROM contact WHERE name = '张伟'")"
printf 'keep me\n' >"$WORK/exists.db"
bad "a backup over an existing file" 4 "^salesterm: $WORK/exists.db: already exists" db backup "$WORK/exists.db"
is "$(cat "$WORK/exists.db")" "keep me" "the existing file is untouched"

# ---- SQL metacharacters and quotes are data ----

evil="O'Brien\"; DROP TABLE contact; --"
st contact count
n=$out
st contact add name="$evil" title="' OR '1'='1" notes="$(printf 'a\\b %%d %%s\n"x"\t`y`')"
ok_rc 0 "a name with quotes and SQL is accepted"
st contact count
is "$out" "$((n + 1))" "the contact table is still there, one more row"
st --json contact show "$evil"
is "$(jget "$out" "d['name']")" "$evil" "the name reads back verbatim"
is "$(jget "$out" "d['title']")" "' OR '1'='1" "the title reads back verbatim"
is "$(jget "$out" "d['notes']")" "$(printf 'a\\b %%d %%s\n"x"\t`y`')" "the notes read back verbatim"
st --json contact list name="$evil"
is "$(jget "$out" "len(d) == 1 and d[0]['name']")" "$evil" "a filter on the name finds it"
st contact count "name=x' OR '1'='1"
is "$out" 0 "a filter cannot be turned into SQL"
st search "O'Brien"
like "$out" "^contact +[0-9a-f]{8}  O'Brien\"; DROP TABLE contact; --\$" "search with a quote finds it"
st contact add name='100% 纯净' title=under_score
st contact count 'name~%'
is "$out" 1 "~ with % matches a literal %, not everything"
st contact count 'title~_'
is "$out" 1 "~ with _ matches a literal _, not everything"
st contact add name="$(printf '\331\205\333\214\342\200\214\330\256\331\210\330\247\331\207\331\205')"
ok_rc 0 "a Persian name with a zero-width non-joiner between letters is accepted"
st contact add name=李四 notes="$(printf 'a note may hold \342\200\256 anything')"
ok_rc 0 "notes are not names: a bidi control there is kept"
st db check
is "$rc:$out" "0:ok" "the database is intact"

done_testing
