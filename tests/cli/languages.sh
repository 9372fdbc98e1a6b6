#!/bin/sh
# languages.sh - the CLI in Simplified and Traditional Chinese from the
# project's own catalogues (po/zh_CN.po, po/zh_TW.po, compiled here): help,
# an error naming a type and a field in the user's language with the key to
# type beside it, the choices of an enum as labels; English unchanged.
. "$(dirname "$0")/lib.sh"

top=${top_srcdir:-$(dirname "$0")/../..}
command -v msgfmt >/dev/null 2>&1 || { echo "1..0 # SKIP msgfmt (gettext) is not installed"; exit 0; }
for l in zh_CN zh_TW; do
	locale -a 2>/dev/null | grep -qix "$l.utf-\{0,1\}8" ||
		{ echo "1..0 # SKIP the $l.UTF-8 locale is missing (build-aux/deps makes it)"; exit 0; }
	mkdir -p "$WORK/locale/$l/LC_MESSAGES"
	msgfmt -o "$WORK/locale/$l/LC_MESSAGES/salesterm.mo" "$top/po/$l.po" 2>/dev/null
done
export SALESTERM_LOCALEDIR="$WORK/locale"

LANG=zh_CN.UTF-8 st help
like "$out" "^用法：salesterm \[--db PATH\]" "zh_CN: help in Simplified Chinese"
like "$out" "^日常工作：" "its groups too"
LANG=zh_TW.UTF-8 st help
like "$out" "^用法：salesterm \[--db PATH\]" "zh_TW: help in Traditional Chinese"
like "$out" "^報表（業務主管看團隊的數字，業務看自己的）：" "with Taiwan's terms (業務, 業務主管)"

st user add name=王磊 role=manager
st user use 王磊
LANG=zh_CN.UTF-8 st contact show 不存在的人
ok_rc 3 "zh_CN: a contact that is not here"
is "$err" "salesterm: 没有名称或编号为“不存在的人”的联系人" "is said in Chinese, the type too"
LANG=zh_TW.UTF-8 st contact show 不存在的人
is "$err" "salesterm: 沒有名稱或編號為「不存在的人」的聯絡人" "zh_TW: in Traditional Chinese, 「」 quoted"
LANG=zh_CN.UTF-8 st activity add kind=电邮 subject=回访
ok_rc 4 "a kind that is not one"
is "$err" 'salesterm: 活动：类型 (kind)“电邮”：必须是以下之一：电话、会议、拜访、任务、邮件' \
	"names the field with its key and lists the choices as labels, quoted, colons and 、 the Chinese way"
st activity add kind=email-ish subject=x
is "$err" 'salesterm: activity: kind "email-ish": must be one of: call, meeting, visit, task, email' \
	"English lists them with commas"
LANG=zh_TW.UTF-8 st contact add name=测试 email=x@
ok_rc 4 "zh_TW: a bad email"
like "$err" '^salesterm: 聯絡人「测试」：電子郵件 \(email\)「x@」：' "names the record, field and value with 「」 and full-width colons"
st contact count
is "$out" "0" "and writes nothing"
LANG=zh_CN.UTF-8 st activity add kind=电话 subject=回访 start="2026-11-24 10:00"
ok_rc 0 "a label is read back as its key"
st activity list --json
like "$out" '"kind":[[:space:]]+"call"' "stored in English"
st activity add kind=电邮 subject=回访
is "$err" 'salesterm: activity: kind "电邮": must be one of: call, meeting, visit, task, email' \
	"English is unchanged"

# One English word, two meanings: a context tells them apart.
LANG=zh_CN.UTF-8 st followup fields
like "$out" "^channel .* 方式: call" "zh_CN: a follow-up's channel is how it was made (方式)"
LANG=zh_CN.UTF-8 st campaign fields
like "$out" "^channel .* 渠道: web" "a campaign's is a marketing channel (渠道)"
LANG=zh_TW.UTF-8 st consent fields
like "$out" "^channel .* 管道（必填）: email" "zh_TW: consent's is a way to reach (管道)"
LANG=zh_TW.UTF-8 st campaign fields
like "$out" "^channel .* 通路: web" "a campaign's a marketing channel (通路)"
st followup fields
like "$out" "^channel .* Channel: call" "English keeps Channel"

# report campaigns: the table shows the channel's label, CSV keeps its key.
st campaign add name=峰会 channel=event cost=1000 start_date=2026-01-01
LANG=zh_TW.UTF-8 st report campaigns --period 2026
like "$out" "^峰会 +展會活動 +¥1,000.00 +CNY" "zh_TW: the channel's label, the cost with its sign"
LANG=zh_TW.UTF-8 st report campaigns --period 2026 --format csv
like "$out" "^峰会,event,1000.00,CNY," "CSV: the key and a plain amount"

# report changes: each deal listed under its change's name in the language,
# with the key beside it (scripts read the key; CSV keeps it too).
SALESTERM_NOW=2026-11-02T02:00:00Z st opportunity add name=推迟单 amount=50000 \
	close_date=2026-11-25
SALESTERM_NOW=2026-11-18T02:00:00Z st opportunity edit 推迟单 close_date=2026-12-15
ok_rc 0 "a deal pushed out of November"
SALESTERM_NOW=2026-11-23T01:00:00Z LANG=zh_CN.UTF-8 st report changes --period 2026-11 \
	--since 2026-11-16
like "$out" "^推迟移出 +pushed_out +推迟单 " "zh_CN: the deal under 推迟移出, its key beside it"
SALESTERM_NOW=2026-11-23T01:00:00Z LANG=zh_TW.UTF-8 st report changes --period 2026-11 \
	--since 2026-11-16 --format csv
like "$out" "^推遲移出,pushed_out,推迟单," "zh_TW: CSV, the name and the key"

# Every report's --help fits 80 columns in each language: the usage on lines
# of its own, the options' texts wrapped under their column (wc -L counts a
# CJK character as two).
for l in C zh_CN zh_TW; do
	wide=""
	for r in $(st report | awk 'NR > 1 { print $1 }'); do
		LANG=$l.UTF-8 st report "$r" --help
		w=$(printf '%s\n' "$out" | LC_ALL=C.UTF-8 wc -L)
		[ "$w" -le 80 ] || wide="$wide $r($w)"
	done
	is "$wide" "" "$l: every report's --help fits 80 columns"
done
LANG=zh_CN.UTF-8 st report churn --help
like "$out" "^  --stretch X    间隔：" "an option's text in the options' column"

# With no SALESTERM_LOCALEDIR, the programs of the build tree read the
# catalogues `make` compiled into the build tree (locale/), not the installed
# ones: the README's first command speaks Chinese before `make install`.
SALESTERM_LOCALEDIR= LANG=zh_CN.UTF-8 st help
like "$out" "^用法：salesterm \[--db PATH\]" "the build tree's own catalogues, uninstalled"
SALESTERM_LOCALEDIR= LANG=zh_TW.UTF-8 st contact show 不存在的人
is "$err" "salesterm: 沒有名稱或編號為「不存在的人」的聯絡人" "zh_TW too"
done_testing
