#!/bin/sh
# completion.sh - the bash completion (data/completion/salesterm.bash) in a
# real bash: commands, verbs, field names and stage names, and that it
# offers every command and record type of the program's command table.
. "$(dirname "$0")/lib.sh"

top=${top_srcdir:-$(dirname "$0")/../..}
COMP="$top/data/completion/salesterm.bash"
if ! command -v bash >/dev/null 2>&1; then
	echo "1..0 # SKIP bash is not installed"
	exit 0
fi
"$SALESTERM" --db "$DB" demo --size 20 >/dev/null 2>&1

# complete WORD... - what the completion offers for the last word (may be
# ""), one per line, sorted.
complete_words() {
	bash --norc --noprofile -c '
		. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_salesterm
		printf "%s\n" "${COMPREPLY[@]}"' bash "$COMP" "$SALESTERM" --db "$DB" "$@" | sort
}

got=$(complete_words "")
like "$got" "^contact$" "the record types"
like "$got" "^sync$" "and the commands"
got=$(complete_words con "")
# "con" alone is not a type: nothing to offer after it.
is "$got" "" "nothing after a word that is no command"
got=$(complete_words con)
is "$(echo $got)" "conflict consent contact" "a prefix"
got=$(complete_words contact "")
like "$got" "^fields$" "a type's verbs"
got=$(complete_words opportunity "")
like "$got" "^move$" "opportunity's own verbs"
got=$(complete_words forecast "")
like "$got" "^visibility$" "forecast's verbs include visibility"
got=$(complete_words forecast visibility "")
is "$(echo $got)" "own team" "forecast visibility: own or team"
got=$(complete_words contact add mo)
is "$got" "mobile=" "field names from the program"
got=$(complete_words contact list 'bir')
is "$got" "birthday=" "in filters too"
got=$(complete_words opportunity move 5a9e0001 Need)
is "$got" 'Needs\ Analysis' "stage names, blanks escaped"
got=$(complete_words sync "")
like "$got" "^pending$" "sync's verbs"
got=$(complete_words report "")
like "$got" "^funnel$" "the report names, from the program"
got=$(complete_words report forecast --format "")
is "$(echo $got)" "csv json table" "a report's formats"

# Every command and type of the program's table is offered, each once.
st help --types
types=$out
st help --commands
top_cmds=$(printf '%s\n' "$out" | awk '$1 != "TYPE" { print $1 }' | sort -u)
offered=$(complete_words "")
missing=""
for w in $types $top_cmds help; do
	printf '%s\n' "$offered" | grep -qx -- "$w" || missing="$missing $w"
done
[ -n "$types" ] || fail "types listed by help --types" "none"
is "$missing" "" "every type and command of the table is offered"
is "$(printf '%s\n' "$offered" | sort | uniq -d)" "" "each once"
got=$(complete_words db "")
is "$(echo $got)" "backup check info" "a command's verbs, from the table"
got=$(complete_words user "")
like "$got" "^whoami$" "a type's own verbs"
like "$got" "^list$" "next to every type's"
got=$(complete_words import x.csv --on-duplicate "")
is "$(echo $got)" "ask create skip update" "import: the duplicate policies"
got=$(complete_words export "")
like "$got" "^contact$" "export: the record types"
done_testing
