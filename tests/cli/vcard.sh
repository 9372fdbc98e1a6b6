#!/bin/sh
# vcard.sh - vCard import and export on the real binary: an Android vCard 2.1
# export (quoted-printable Chinese names, GB2312 and Big5 from older phones),
# an iPhone vCard 3.0 export, RFC 6350's vCard 4.0 example; several phones and
# emails (kept in the notes), duplicates, --dry-run, --skip-bad; bad input (no
# END, a truncated file, 100 MB of garbage); our vCard 3.0 and 4.0 read back by
# python3-vobject and a round trip; Google Contacts' " ::: " multi-value cells.
. "$top_srcdir/tests/cli/lib.sh"
DATA="$top_srcdir/tests/data/io"
count() { "$SALESTERM" --db "$DB" "$1" count 2>/dev/null; }
field() { jget "$out" "d[\"$1\"]"; }

# ---- an Android vCard 2.1 export ----
st import "$DATA/android-2.1.vcf" --dry-run
ok_rc 0 "--dry-run of an Android vCard 2.1 export"
like "$out" "\(vcard, UTF-8\): would create 3, update 0, skip 0, reject 0 contacts" \
	"detected as vCard from the content, three cards"
like "$err" 'line 22: create contact "李娜"' "each card named by the line of its BEGIN"
is "$(count contact)" "0" "and nothing is written"

st import "$DATA/android-2.1.vcf"
ok_rc 0 "the Android export imports"
like "$out" "created 3, updated 0, skipped 0, rejected 0 contacts" "three contacts"
like "$out" "and 2 records made for the names in reference columns" "ORG made the accounts"
st contact show 张伟 --json
is "$(field name) $(field family_name) $(field given_name)" "张伟 张 伟" \
	"FN and N from quoted-printable UTF-8"
is "$(field title)" "销售总监" "TITLE"
is "$(field mobile) / $(field phone)" "138-0013-8000 / 010-6512-3456" \
	"TEL;CELL is the mobile, TEL;WORK the phone"
is "$(field email)" "zhang.wei@huaxin.example" "the first EMAIL"
is "$(field address)" "中国北京市北京朝阳区建国路88号 100022" \
	"ADR folded with soft line breaks, written from the country down"
is "$(field birthday)" "1985-03-12" "BDAY"
is "$(field notes)" "重点客户，每月回访
电话前先发微信
Department: 销售部
Website: http://www.huaxin.example
Phone (home): 010-8888-9999
Phone (work, fax): 010-6512-3457
Email (home): zw1985@example.com" "NOTE with a line break; the other phones and emails kept in the notes"
st account show 北京华信科技有限公司 --json
ok_rc 0 "ORG's first part is the account"
st contact show 李娜 --json
is "$(field mobile)" "+86 139-1234-5678" "GB2312 quoted-printable; the PREF cell phone first"
is "$(field notes)" "Phone (cell): 13700001111" "the other cell phone kept in the notes"
st contact show 陳怡君 --json
is "$(field name)" "陳怡君" "Big5 quoted-printable"
is "$(field notes)" "VIP; prefers LINE" "an escaped semicolon"

# the same file again: every card is a duplicate
sum=$(dbsum)
st import "$DATA/android-2.1.vcf"
like "$out" "created 0, updated 0, skipped 3" "importing it again skips every card"
like "$err" 'line 1: skip contact "张伟": the same phone as contact "张伟"' "saying why"
is "$(dbsum)" "$sum" "and changes nothing"
# cards duplicating each other within the file
printf 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEMAIL:ann@example.com\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann B. Lee\r\nEMAIL:ANN@example.com\r\nEND:VCARD\r\n' \
	>"$WORK/twice.vcf"
st import "$WORK/twice.vcf"
like "$out" "created 1, updated 0, skipped 1" "a card duplicating an earlier card is skipped"
like "$err" 'line 6: skip contact "Ann B. Lee": the same email as line 1 \(Ann Lee\)' \
	"naming the earlier card"
st import "$WORK/twice.vcf" --on-duplicate update
like "$out" "updated 2" "--on-duplicate update, as for CSV"

# ---- an iPhone vCard 3.0 export ----
DB="$WORK/iphone.db"
st import "$DATA/iphone-3.0.vcf"
ok_rc 0 "an iPhone vCard 3.0 export imports"
like "$out" "created 2" "two contacts (the photo is left aside)"
st contact show "Dr. José María García" --json
is "$(field given_name) $(field family_name)" "José García" "N"
is "$(field mobile) / $(field phone)" "+34 612 345 678 / +34 91 123 45 67" \
	"type=CELL and type=WORK with type=pref"
is "$(field email)" "jose.garcia@iberia.example" "the pref EMAIL"
is "$(field address)" "Calle Mayor 1, Madrid, 28013, Spain" "the pref ADR, in a group (item2.ADR)"
is "$(field tags)" "VIP,Spain" "CATEGORIES are tags"
is "$(field notes)" "Prefers email, not calls.
Met at the Madrid fair; follow up in Q1. This note is long enough to be folded by the phone at seventy-five octets.
Website: https://iberia.example
Phone: +34 600 000 001
Email (home): pepe@example.es
Address (home): Avenida de la Paz 7, Piso 3, Sevilla, 41001, Spain" \
	"a folded NOTE with escapes; the other phone, email and address in the notes"
st contact show "Emily Wong" --json
is "$(field notes)" "Department: Operations
Nickname: Em
Birthday: --07-14" "ORG's department, NICKNAME and a birthday without a year (1604) in the notes"

# ---- vCard 4.0 (RFC 6350's example) ----
DB="$WORK/v4.db"
st import "$DATA/vcard-4.0.vcf"
ok_rc 0 "a vCard 4.0 imports"
st contact show "Simon Perreault" --json
is "$(jget "$out" 'd["id"]')" "4fbe8971-0bc3-424c-9c26-36c3e1eff6b1" "UID urn:uuid: is the id"
is "$(field phone) / $(field mobile)" "+1-418-656-9254 ext 102 / +1-418-262-6501" \
	"tel: URIs, quoted TYPE lists, PREF=1 and the extension"
is "$(field address)" "Suite D2-630, 2875 Laurier, Quebec, QC G1V 2M2, Canada" "ADR in Latin order"
is "$(field notes)" "Birthday: --0203
Website: http://nomis80.org" "a birthday without a year is kept in the notes"

# ---- bad input: a clear error naming the line, nothing written ----
DB="$WORK/bad.db"
st contact add name=Existing
sum=$(dbsum)
st import "$DATA/no-end.vcf"
ok_rc 4 "a vCard without END is refused"
one_line_error "in one line"
like "$err" "no-end.vcf:6: the card that begins here has no END:VCARD before the next BEGIN:VCARD, at line 10" \
	"naming its line and where the next begins"
is "$(dbsum)" "$sum" "and nothing is written"
st import "$DATA/truncated.vcf"
ok_rc 4 "a truncated vCard is refused"
like "$err" "truncated.vcf:6: the card that begins here has no END:VCARD: the file ends at line 8" \
	"naming the line"
is "$(dbsum)" "$sum" "and nothing is written"
printf 'BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=GB2312;ENCODING=QUOTED-PRINTABLE:=C0\r\nEND:VCARD\r\n' \
	>"$WORK/badqp.vcf"
st import "$WORK/badqp.vcf"
like "$err" "badqp.vcf:3: N: the quoted-printable value is not GB2312 text" "a value not in its CHARSET"
printf 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nthis line has no colon\r\nEND:VCARD\r\n' >"$WORK/nocolon.vcf"
st import "$WORK/nocolon.vcf"
like "$err" "nocolon.vcf:4: not a vCard line" "a line that is no property"
head -c 75000000 /dev/urandom | base64 >"$WORK/garbage.vcf"
st import "$WORK/garbage.vcf"
ok_rc 4 "100 MB of garbage named .vcf is refused"
one_line_error "in one line"
like "$err" "garbage.vcf:1: BEGIN:VCARD expected here" "naming the line"
is "$(dbsum)" "$sum" "and nothing is written"
head -c 100000000 /dev/urandom >"$WORK/garbage.vcf"
st import "$WORK/garbage.vcf" --format vcard
ok_rc 4 "100 MB of random bytes is refused"
like "$err" "garbage.vcf:[0-9]+: " "naming a line"
is "$(dbsum)" "$sum" "and nothing is written"
rm -f "$WORK/garbage.vcf"

# --skip-bad: the good cards in, the bad ones out as vCard with their reason
printf 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bad Mail\r\nEMAIL:not-an-email\r\nEND:VCARD\r\n' >>"$WORK/some-bad.vcf"
cat "$DATA/no-end.vcf" >>"$WORK/some-bad.vcf"
st import "$WORK/some-bad.vcf" --skip-bad "$WORK/rejected.vcf"
ok_rc 0 "--skip-bad imports the good cards"
like "$out" "created 2, updated 0, skipped 0, rejected 2" "two in, two out"
# unfolded: a line starting with a space continues the one before
rej=$(tr -d '\r' <"$WORK/rejected.vcf" |
	awk '/^ / { printf "%s", substr($0, 2); next } { if (NR > 1) print ""; printf "%s", $0 } END { print "" }')
like "$rej" 'X-SALESTERM-REASON:.*some-bad.vcf:1: column "email": ' "each with its reason"
like "$rej" 'X-SALESTERM-REASON:.*some-bad.vcf:11: the card that begins here has no END:VCARD' \
	"the card without END too"
is "$(printf '%s\n' "$rej" | grep -c '^END:VCARD$')" "2" "closed, so the file is a vCard again"
is "$(count contact)" "3" "the good cards are in"

# ---- export: vCard 3.0 and 4.0, read back by python3-vobject ----
VPY=""
for p in "$PYTHON" /usr/bin/python3; do
	if [ -x "$p" ] && "$p" -c 'import vobject' 2>/dev/null; then VPY=$p; break; fi
done
DB="$WORK/iphone.db"
st contact edit "Emily Wong" channel=wechat do_not_contact=1 'notes=a\b, c; d
line two' 'address=1 Raffles Place, Singapore 048616' tags=物流,vip birthday=1988-07-14
st contact add 'name=欧阳娜娜欧阳娜娜欧阳娜娜欧阳娜娜欧阳娜娜欧阳娜娜欧阳娜娜' email=ouyang@example.cn \
	birthday=1990-01-31
st export contact -o "$WORK/c3.vcf"
ok_rc 0 "export to a .vcf file writes vCard"
like "$(head -2 "$WORK/c3.vcf" | tr -d '\r')" "BEGIN:VCARD.VERSION:3.0|VERSION:3.0" "vCard 3.0 by default"
is "$(grep -c "$(printf '\r$')" "$WORK/c3.vcf")" "$(wc -l <"$WORK/c3.vcf")" "CRLF line ends"
is "$(awk '{ if (length($0) > 76) n++ } END { print n + 0 }' "$WORK/c3.vcf")" "0" \
	"lines folded at 75 bytes"
st export contact --format vcard --vcard-version 4.0 -o "$WORK/c4.vcf"
ok_rc 0 "--vcard-version 4.0"
if [ -n "$VPY" ]; then
	got=$("$VPY" "$top_srcdir/tests/cli/vcard_check.py" "$WORK/c3.vcf" | "$VPY" -c '
import json, sys
for l in sys.stdin:
    c = json.loads(l)
    if c["fn"][0]["value"] != "Emily Wong":
        continue
    tel = ["%s=%s" % (",".join(t["params"]["type"]), t["value"]) for t in c["tel"]]
    print(c["n"][0]["value"][:2], c["org"][0]["value"], tel, c["email"][0]["value"],
          c["adr"][0]["value"][2], c["note"][0]["value"].replace("\n", "|"),
          c["categories"][0]["value"], c["x-salesterm-channel"][0]["value"],
          c["x-salesterm-do-not-contact"][0]["value"], c["bday"][0]["value"])')
	is "$got" "['Wong', 'Emily'] ['Acme Logistics Pte Ltd'] ['cell=+65 9123 4567'] emily.wong@acme.example 1 Raffles Place, Singapore 048616 a\\b, c; d|line two ['物流', 'vip'] wechat 1 1988-07-14" \
		"python3-vobject reads our vCard 3.0: N, ORG, TEL with TYPE, escapes, CATEGORIES, X-"
	got=$("$VPY" "$top_srcdir/tests/cli/vcard_check.py" "$WORK/c4.vcf" | "$VPY" -c '
import json, sys
for l in sys.stdin:
    c = json.loads(l)
    print(c["version"][0]["value"], c["fn"][0]["value"], c["uid"][0]["value"][:9],
          c.get("bday", [{"value": "-"}])[0]["value"])' | sort)
	like "$got" "4.0 欧阳娜娜欧阳娜娜欧阳娜娜欧阳娜娜欧阳娜娜欧阳娜娜欧阳娜娜 urn:uuid: 19900131" \
		"python3-vobject reads our vCard 4.0: a long CJK name folded whole, BDAY, UID"
	is "$(printf '%s\n' "$got" | wc -l)" "3" "every card"
else
	skip "python3-vobject reads our vCard 3.0" "python3-vobject is not installed (build-aux/deps)"
	skip "python3-vobject reads our vCard 4.0" "python3-vobject is not installed (build-aux/deps)"
	skip "every card" "python3-vobject is not installed (build-aux/deps)"
fi

# round trip: vCard out, into a new database, vCard out again: the same file
for v in 3.0 4.0; do
	DB2="$WORK/copy-$v.db"
	"$SALESTERM" --db "$DB" export contact --format vcard --vcard-version $v -o "$WORK/a.vcf" 2>/dev/null
	st2=$("$SALESTERM" --db "$DB2" import "$WORK/a.vcf" 2>&1)
	"$SALESTERM" --db "$DB2" export contact --format vcard --vcard-version $v -o "$WORK/b.vcf" 2>/dev/null
	if cmp -s "$WORK/a.vcf" "$WORK/b.vcf"; then pass "a vCard $v round trip gives the same file"; else
		fail "a vCard $v round trip gives the same file" "$st2" "$(diff "$WORK/a.vcf" "$WORK/b.vcf" | head -8)"; fi
done
strip() { "$PYTHON" -c 'import json,sys
for l in open(sys.argv[1]):
    d = json.loads(l)
    for k in ("_rev", "updated_at", "updated_by", "owner", "account", "created_at"):
        d.pop(k, None)
    print(json.dumps(d, sort_keys=True, ensure_ascii=False))' "$1"; }
"$SALESTERM" --db "$DB" export contact --format jsonl -o "$WORK/a.jsonl" 2>/dev/null
"$SALESTERM" --db "$WORK/copy-3.0.db" export contact --format jsonl -o "$WORK/b.jsonl" 2>/dev/null
is "$(strip "$WORK/b.jsonl")" "$(strip "$WORK/a.jsonl")" \
	"the round trip keeps every field and the id (the account by its name)"
is "$("$SALESTERM" --db "$WORK/copy-3.0.db" account list --json | jget "$(cat)" 'sorted(a["name"] for a in d)')" \
	'["Acme Logistics Pte Ltd", "Iberia Trading S.L."]' "the accounts by their names"

st export account --format vcard
ok_rc 4 "accounts are not people"
like "$err" "vCard is for people" "and it says so"
st export contact --format vcard --vcard-version 2.1
ok_rc 2 "--vcard-version takes 3.0 or 4.0"
st export contact --format csv --vcard-version 4.0
ok_rc 2 "--vcard-version goes with vCard"

# ---- Google Contacts: several values in one cell, " ::: " between them ----
DB="$WORK/google.db"
st import "$DATA/google-multi.csv"
ok_rc 0 "a Google Contacts CSV with multi-value cells imports"
st contact show 张伟 --json
is "$(field phone)" "+86 138-0013-8000" "the first value goes to the field"
is "$(field email)" "zhang.wei@huaxin.example" "for emails too"
is "$(field notes)" "重点客户
Email: zw1985@example.com
Phone: +86 139-0000-1111" "the others are kept in the notes, after the row's own"
st contact show "Emily Wong" --json
is "$(field notes)" "null" "a cell of one value is left alone"

done_testing
