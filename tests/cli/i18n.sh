#!/bin/sh
# i18n.sh - stored values in the user's language: the database and the wire
# keep an enum's English key ("call"), the screens and lists show its label
# from the catalogue (context "value"), and a label typed in is read back as
# the key. A small catalogue made here stands for the real ones.
. "$(dirname "$0")/lib.sh"

command -v msgfmt >/dev/null 2>&1 || { echo "1..0 # SKIP msgfmt (gettext) is not installed"; exit 0; }
locale -a 2>/dev/null | grep -qix 'zh_CN.utf-\{0,1\}8' ||
	{ echo "1..0 # SKIP the zh_CN.UTF-8 locale is missing (build-aux/deps makes it)"; exit 0; }

mkdir -p "$WORK/locale/t/LC_MESSAGES"
cat >"$WORK/t.po" <<'PO'
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=1; plural=0;\n"

msgctxt "value"
msgid "call"
msgstr "电话"

msgctxt "value"
msgid "planned"
msgstr "计划中"

msgctxt "value"
msgid "high"
msgstr "高"

msgctxt "value"
msgid "Qualification"
msgstr "资格确认"
PO
msgfmt -c -o "$WORK/locale/t/LC_MESSAGES/salesterm.mo" "$WORK/t.po" 2>/dev/null
export SALESTERM_LOCALEDIR="$WORK/locale"

st user add name=陈经理 role=manager
st user use 陈经理
st user add name=王磊 role=rep
st user use 王磊
LANG=zh_CN.UTF-8 LANGUAGE=t st activity add kind=电话 subject="回访" priority=高 \
	start="2026-11-24 10:00"
ok_rc 0 "a label typed in Chinese is accepted"
st activity list --json
like "$out" '"kind":[[:space:]]+"call"' "and stored as its English key"
like "$out" '"priority":[[:space:]]+"high"' "every enum so"
st activity list
like "$out" " call +回访" "in English the key is shown"
LANG=zh_CN.UTF-8 LANGUAGE=t st activity list
like "$out" " 电话 +回访" "in Chinese its label"
like "$out" "计划中" "the status too"
LANG=zh_CN.UTF-8 LANGUAGE=t st activity add kind=call subject="再访" start="2026-11-25 10:00"
ok_rc 0 "the English key is still accepted in Chinese"
LANG=zh_CN.UTF-8 LANGUAGE=t st activity add kind=电邮 subject="x"
ok_rc 4 "an unknown label is refused"
like "$err" '"电邮": must be one of: 电话, meeting, visit, task, email' \
	"naming what was typed and the choices in the user's language"
st activity count
is "$out" "2" "and nothing was written"

# A default stage keeps its English name as data; shown and typed in Chinese.
st account add name=华为
st opportunity add name=ERP account=华为 amount=1000
LANG=zh_CN.UTF-8 LANGUAGE=t st opportunity move ERP 资格确认
ok_rc 0 "a default stage is found by its label"
st opportunity show ERP
like "$out" "Qualification" "the deal is in Qualification"
LANG=zh_CN.UTF-8 LANGUAGE=t st opportunity list
like "$out" "ERP .*资格确认" "and the list shows the stage in Chinese"
st user use 陈经理
st stage edit Qualification name=资质审核
ok_rc 0 "the manager renames the stage"
st user use 王磊
LANG=zh_CN.UTF-8 LANGUAGE=t st opportunity list
like "$out" "ERP .*资质审核" "a renamed stage shows its own name"
done_testing
