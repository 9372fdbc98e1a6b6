#!/bin/sh
# sort.sh - telling customers apart (issue 12): names sort as their readers
# expect, Chinese by pinyin (as a phone's address book does) and Latin with
# case aside, and keyset paging walks that order to the end and back.
. "$(dirname "$0")/lib.sh"

# Added out of order; the order they must be listed in:
order="阿明 安娜 白云 陈静 邓超 冯伟 高峰 韩梅 黄磊 李娜 刘洋 马丽 欧阳 彭飞 钱多 孙丽 王芳 吴刚 谢娜 杨幂 张伟 赵敏 周杰 朱军 alice Alice bob Émile Zed"
for n in Zed 朱军 bob 周杰 赵敏 张伟 杨幂 谢娜 吴刚 王芳 孙丽 钱多 彭飞 欧阳 马丽 刘洋 李娜 \
	黄磊 韩梅 高峰 冯伟 邓超 陈静 白云 安娜 阿明 Émile alice Alice; do
	st contact add "name=$n"
done
pattern=$(printf '%s\n' $order | paste -sd'|')
# shown - the names on the screen, in screen order, on one line.
shown() { screen | awk '{print $1}' | grep -xE "$pattern" | paste -sd' '; }

st contact list --all
is "$(printf '%s\n' "$out" | awk 'NR > 1 {print $2}' | paste -sd' ')" "$order" \
	"the CLI lists them in that order"

tui_start 80 24
keys 2
expect "Name ▲" "the contacts, by name"
expect_line "^ 阿明( |$)" "阿明 (a) first"
first=$(shown)
case "$order" in
"$first"*) pass "the first page is the start of the pinyin order" ;;
*) fail "the first page is the start of the pinyin order" "got:  $first" "want: $order" ;;
esac
keys G
expect_line "^ Zed( |$)" "G goes to the last: Zed"
last=$(shown)
case "$order" in
*"$last") pass "the last page is the end of the order (paged by key from the end)" ;;
*) fail "the last page is the end of the order (paged by key from the end)" "got:  $last" "want: $order" ;;
esac
case "$last" in
*"alice Alice bob Émile Zed") pass "Latin names with case aside: alice, Alice, bob, Émile, Zed" ;;
*) fail "Latin names with case aside: alice, Alice, bob, Émile, Zed" "got: $last" ;;
esac
keys g
expect_line "^ 阿明( |$)" "g goes back to the first"
keys PageDown
expect_line "^ (张伟|赵敏|周杰|朱军|alice|Alice|bob|Émile|Zed)( |$)" "the next page follows in order"
all="$first $(shown)"
for n in $order; do
	case " $all " in
	*" $n "*) ;;
	*) fail "paging forward misses nobody" "missing: $n" "got: $all"; n=""; break ;;
	esac
done
[ -n "${n:-}" ] && pass "paging forward misses nobody"
keys r
expect "Name ▼" "r reverses the order"
expect_line "^ Zed( |$)" "Zed first"
tui_quit "quits cleanly"
done_testing
