#!/bin/sh
# mail.sh - log --mail on the real binary: mails written the way Foxmail and
# Outlook send them (tests/data/mail/): a GBK body and an RFC 2047 subject in
# GB2312, a multipart/mixed with a base64 GB2312 text/plain beside a
# quoted-printable HTML part and an attachment, an HTML-only mail; matching
# by sender, then recipients, case-insensitively; ambiguity, no match, bad
# input: nothing written.
. "$top_srcdir/tests/cli/lib.sh"
DATA="$top_srcdir/tests/data/mail"
logs() { "$SALESTERM" --db "$DB" followup count 2>/dev/null; }
# stm ARGS... < FILE - st with standard input
stm() {
	out=$("$SALESTERM" --db "$DB" "$@" 2>"$WORK/stderr")
	rc=$?
	err=$(cat "$WORK/stderr")
}

st contact add name=王芳 email=wangfang@farcast.cn
st contact add name=李娜 email=lina@farcast.cn
st contact add 'name=Sales A' email=sales@shared.example
st contact add 'name=Sales B' email=SALES@shared.example --force

# a GBK body, a GB2312 B-encoded subject, the sender's address in another case
stm log --mail --dry-run <"$DATA/gbk-quote.eml"
ok_rc 0 "--dry-run of a Foxmail message"
like "$out" "would log email with 王芳, 2026-12-03 10:15: 关于华信项目的报价" \
	"matched by the sender (WangFang@FarCast.cn), the subject decoded, the Date in local time"
is "$(logs)" "0" "--dry-run writes nothing"
stm log --mail <"$DATA/gbk-quote.eml"
ok_rc 0 "log --mail"
like "$out" "logged email with 王芳, 2026-12-03 10:15: 关于华信项目的报价" "says what it logged"
st followup list --json
is "$(jget "$out" 'd[0]["channel"]')" "email" "a follow-up by email"
is "$(jget "$out" 'd[0]["at"]')" "2026-12-03T02:15:00Z" "at the mail's Date (+0800)"
is "$(jget "$out" 'd[0]["outcome"]')" "关于华信项目的报价" "its subject"
is "$(jget "$out" 'd[0]["notes"]')" "Subject: 关于华信项目的报价
From: 王芳 <WangFang@FarCast.cn>
To: 张伟 <me@salesterm.example>

张经理：

您好！附件是华信项目的最新报价，请查收。
如有问题请随时联系。" "its first lines from GBK, quoted text and the signature left out"

# multipart: text/plain (base64, GB2312) over the HTML and the attachment;
# sent by the user, so the recipients decide
stm log --mail --dry-run <"$DATA/outlook-multipart.eml"
ok_rc 0 "a multipart message sent to a contact"
like "$out" "would log email with 王芳, 2026-12-04 09:30: 演示时间变更 \(demo\)" \
	"matched by a recipient; two Q-encoded words joined without their blank"
like "$out" "明天下午三点的演示改到周五上午十点，地点不变。" "the base64 GB2312 text/plain part"
unlike "$out" "ATTACHMENT|color:red" "not the attachment, not the HTML"
like "$out" 'To: Wang, Fang <wangfang@farcast.cn>, unknown@elsewhere.com, boss@salesterm.example' \
	"a quoted name with a comma; To and Cc"

# HTML only, quoted-printable; its sender is two contacts' address
stm log --mail <"$DATA/html-shared.eml"
ok_rc 6 "several contacts match: ambiguous (exit 6)"
like "$err" "2 contacts have the sender's address; nothing logged. Choose one with --contact ID" \
	"says so"
like "$err" "Sales A <sales@shared.example>" "and lists the candidates"
like "$err" "Sales B <SALES@shared.example>" "each of them"
is "$(logs)" "1" "nothing logged"
stm log --mail --contact 'Sales B' <"$DATA/html-shared.eml"
ok_rc 0 "--contact chooses"
like "$out" "logged email with Sales B, 2026-12-03 22:00: Contract" "-0500 in Shanghai time"
st followup list --json
like "$out" 'please find the signed contract attached & confirm.\\nJos\\u00e9 刘|please find the signed contract attached & confirm.\\nJosé 刘' \
	"the HTML as text: tags out, <br> as a line end, entities"

# no match, not a mail, nothing on stdin
printf 'From: someone@nowhere.example\nTo: other@nowhere.example\nSubject: hi\n\nhello\n' >"$WORK/nomatch.eml"
stm log --mail <"$WORK/nomatch.eml"
ok_rc 3 "no contact: exit 3"
like "$err" "no contact has the address someone@nowhere.example, other@nowhere.example: nothing logged" \
	"naming the addresses"
printf 'just some text\nnot a mail\n' >"$WORK/text.txt"
stm log --mail <"$WORK/text.txt"
ok_rc 4 "text that is not a mail"
like "$err" "this is not a mail: no From or To header" "says so"
stm log --mail </dev/null
ok_rc 4 "nothing on standard input"
stm log --dry-run </dev/null
ok_rc 2 "log --dry-run without --mail is a usage error"
stm log
like "$out" "Contract" "log alone still lists the logs"
is "$(logs)" "2" "only the two mails logged"

# an address whose words start many other addresses: the search index offers
# more than 100 candidates, and the column is read instead
DB="$WORK/many.db"
{
	echo "name,email"
	i=0
	while [ $i -lt 150 ]; do echo "Decoy $i,a@x.com$i"; i=$((i + 1)); done
	echo "The One,A@X.com"
} >"$WORK/many.csv"
st import "$WORK/many.csv"
printf 'From: a@x.com\nTo: me@example.com\nSubject: many\n\nhi\n' >"$WORK/many.eml"
stm log --mail --dry-run <"$WORK/many.eml"
ok_rc 0 "an address among 150 that begin the same"
like "$out" "would log email with The One" "finds the one it is"

# a rep logs with their own name on the follow-up
DB="$WORK/team.db"
st user add name=boss role=manager
st user add name=rep1 role=rep
st user use rep1
st contact add name=王芳 email=wangfang@farcast.cn
stm log --mail <"$DATA/gbk-quote.eml"
ok_rc 0 "a rep logs a mail"
is "$(sqlite3 "$DB" "SELECT u.name FROM followup f JOIN user u ON u.id = f.owner")" "rep1" \
	"owned by the rep"

done_testing
