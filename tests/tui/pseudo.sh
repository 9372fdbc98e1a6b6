#!/bin/sh
# pseudo.sh - every string that reaches the screen goes through gettext.
# The screens run under a pseudo-locale catalogue made from the sources
# (tests/lib/pseudo-po.py writes each message with accented look-alike
# letters: Contacts -> Çöñţàçţš) on data written in Chinese, so a plain
# English word left on the screen is a string not marked for translation.
# Key names (Enter, Tab, Esc ...) and currency codes are what they are.
. "$(dirname "$0")/lib.sh"

top=${top_srcdir:-$(dirname "$0")/../..}
for t in xgettext msgfmt python3; do
	command -v $t >/dev/null 2>&1 || { echo "1..0 # SKIP $t is not installed"; exit 0; }
done
locale -a 2>/dev/null | grep -qix 'zh_CN.utf-\{0,1\}8' ||
	{ echo "1..0 # SKIP the zh_CN.UTF-8 locale is missing (build-aux/deps makes it)"; exit 0; }
mkdir -p "$WORK/locale/pseudo/LC_MESSAGES"
(cd "$top" && xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
	--keyword=NC_:1c,2 --keyword=CN_:1c,2 --keyword=ngettext:1,2 -f po/POTFILES.in -o "$WORK/all.pot") 2>/dev/null
python3 "$top/tests/lib/pseudo-po.py" "$WORK/all.pot" "$WORK/pseudo.po"
msgfmt -o "$WORK/locale/pseudo/LC_MESSAGES/salesterm.mo" "$WORK/pseudo.po" 2>/dev/null
export SALESTERM_LOCALEDIR="$WORK/locale"
TUI_ENV="LANG=zh_CN.UTF-8 LANGUAGE=pseudo"

st user add name=陈经理 role=manager territory=华东
st user use 陈经理
st user add name=王磊 role=rep territory=华东 quota=900000
st account add name=华为科技 industry=通信 phone="+86 755 2878 0808"
st contact add name=张伟 account=华为科技 mobile="+86 138 0013 8000" title=采购经理
st lead add name=李娜 company=阿里巴巴 source=referral
st opportunity add name=华为ERP account=华为科技 contact=张伟 amount=500000 close_date=2026-12-15 owner=王磊
st activity add kind=call subject=回访 related=张伟 start="2026-11-23 10:00" owner=王磊
# A follow-up made in the user's language names its next activity in it.
LANG=zh_CN.UTF-8 LANGUAGE=pseudo st followup add related=张伟 channel=visit outcome=有意向 notes=客户希望先试点 at="2026-11-19 10:00" next_date=2026-11-20
st user use 王磊

# The words on the screen that are plain English: lower or upper case ASCII
# letters, two or more, other than key names and codes.
# Help's second column holds the actions' names as the config file spells
# them (bind KEY ACTION): those stay English, as do a path and a record's id
# (8 hex digits and the rest of its UUID, whole or cut).
leaks() {
	screen | sed -E -e 's#~?/[^ )]*##g' -e 's/[0-9a-f]{8}(-[0-9a-f]*)*//g' \
		-e "${1:-}" |
		grep -oE '\b[A-Za-z]{2,}\b' |
		grep -vxE 'Enter|Tab|Esc|Space|PgUp|PgDn|PgDown|Home|End|Del|BS|Ctrl|Up|Down|Left|Right|CNY|USD|ERP' |
		sort -u | tr '\n' ' '
}
clean() { # clean WHAT [SED-EXPRESSION]
	l=$(leaks "${2:-}")
	if [ -z "$l" ]; then pass "$1: every word translated"; else fail "$1: not translated: $l" "$(screen)"; fi
}

tui_start 100 30
expect "王磊" "the TUI starts in the pseudo-locale"
clean "1 Today"
for k in 2 3 4 5 6 7 8; do
	keys "$k"
	sleep 0.5
	wait_for "王磊"
	clean "screen $k"
done
keys 9
sleep 0.5
clean "9 Help" 's/^(.{22})[a-z][a-z0-9-]+ /\1 /; s/ [a-z]+ ĶÉÝ / ĶÉÝ /'
keys 2 n
sleep 0.5
clean "a new contact's form"
keys Escape
sleep 0.3
keys 2 o # the team's contacts: 张伟 is the manager's
expect "张伟" "the team's contacts"
keys Enter
expect "有意向" "张伟's 360° view, its follow-up timeline drawn"
clean "the 360° view"
tui_quit "quits cleanly"
done_testing
