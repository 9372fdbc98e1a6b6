#!/bin/sh
# io.sh - import and export on the real binary: fixtures written as Excel/WPS,
# Google Contacts and Outlook write CSV (tests/data/io/), bad input, duplicates,
# --dry-run, --skip-bad, Ctrl-C, and our CSV read back by Python's csv module.
. "$top_srcdir/tests/cli/lib.sh"
DATA="$top_srcdir/tests/data/io"
count() { "$SALESTERM" --db "$DB" "$1" count 2>/dev/null; }

# ---- an Excel/WPS CSV: GB18030, CRLF, Chinese headers ----
st import "$DATA/excel-gb18030.csv" --dry-run
ok_rc 0 "--dry-run of the Excel/WPS file"
like "$out" "would create 4, update 0, skip 0, reject 0 contacts" "says what it would do"
like "$out" "\(csv, GB18030\)" "with the format and the encoding it found"
like "$err" 'line 3: create contact "李娜"' "row by row, with the line"
like "$err" 'column "手机" -> mobile' "and the column mapping"
is "$(count contact)" "0" "and writes nothing"

st import "$DATA/excel-gb18030.csv"
ok_rc 0 "the Excel/WPS file imports"
like "$out" "created 4, updated 0, skipped 0, rejected 0 contacts" "four contacts"
like "$out" "and 3 records made for the names in reference columns" "and the three companies as accounts"
st contact show 李娜 --json
is "$(jget "$out" 'd["notes"]')" '"重点"客户, 需每月回访
电话前先发微信' "a quoted note keeps its quotes, comma and line break"
is "$(jget "$out" 'd["mobile"]')" "+86 139-1234-5678" "the phone as written"
st contact show 王䶮 --json
is "$(jget "$out" 'd["title"]')" "工程师" "a name outside GBK (GB18030's four bytes) is read"
st search 华信
like "$out" "北京华信科技有限公司" "imported records are in the search index"
printf 'name,company\n单一,单一公司\n' > "$WORK/one-company.csv"
st import "$WORK/one-company.csv"
like "$out" "and 1 record made for a name in a reference column" "one company: the singular"
st contact delete 单一
st account delete 单一公司

# the same file again: every row is a duplicate, skipped and said so
sum=$(dbsum)
st import "$DATA/excel-gb18030.csv"
ok_rc 0 "importing the file again"
like "$out" "created 0, updated 0, skipped 4" "skips every row"
like "$err" 'line 2: skip contact "张伟": the same phone as contact "张伟"' "saying why"
is "$(dbsum)" "$sum" "and changes nothing"

# a row skipped as a duplicate changes nothing, not even its company's account
printf 'name,mobile,company\r\n另一个张伟,13800138000,从未见过的公司\r\n' >"$WORK/dup-company.csv"
st account count
accounts=$out
st import "$WORK/dup-company.csv" --dry-run
like "$out" "would create 0, update 0, skip 1, reject 0 contacts" "--dry-run: the duplicate row would be skipped"
unlike "$out" "record made" "and would make no account for its company"
st import "$WORK/dup-company.csv"
like "$out" "created 0, updated 0, skipped 1" "the duplicate row is skipped"
unlike "$out" "record made" "and says no account was made"
is "$(count account)" "$accounts" "no account for the company of a skipped row"
is "$(dbsum)" "$sum" "and nothing else changed"
st import "$WORK/dup-company.csv" --on-duplicate create --dry-run
like "$out" "would create 1, update 0, skip 0" "--dry-run --on-duplicate create: the row would be created"
like "$out" "and 1 record made for a name" "with its company"

# --skip-bad: a row refused after its company was written takes it back, and
# a later row naming that company makes it again (no reference to nothing)
DB="$WORK/opp-skip.db"
printf 'name,account,stage,amount,close_date\n大单,新星公司,Negotiation,1000,2026-12-20\n小单,新星公司,Prospecting,500,2026-12-20\n' >"$WORK/opp.csv"
st import "$WORK/opp.csv" --type opportunity --skip-bad "$WORK/opp-rej.csv"
like "$out" "created 1, updated 0, skipped 0, rejected 1" "the deal past the review gate is refused, the other made"
is "$(sqlite3 "$DB" "SELECT o.name || '|' || coalesce(a.name, '<none>') FROM opportunity o LEFT JOIN account a ON a.id = o.account")" \
	"小单|新星公司" "and its company is an account"
DB="$WORK/test.db"

# a phone written another way is the same phone
printf 'Name,Mobile\r\nWei Zhang,+86 138-0013-8000\r\n' >"$WORK/phone.csv"
st import "$WORK/phone.csv"
like "$err" 'skip contact "Wei Zhang": the same phone as contact "张伟"' \
	"+86 138-0013-8000 is 138 0013 8000"
st import "$WORK/phone.csv" --on-duplicate update
like "$out" "updated 1" "--on-duplicate update"
st contact show "Wei Zhang" --json
is "$(jget "$out" 'd["title"]')" "销售总监" "takes the row's values, keeps the others"
st import "$WORK/phone.csv" --on-duplicate create
like "$out" "created 1" "--on-duplicate create makes one anyway"

# ---- Google Contacts and Outlook ----
DB="$WORK/google.db"
st import "$DATA/google-contacts.csv"
ok_rc 0 "a Google Contacts export imports"
like "$out" "created 3" "three contacts"
st contact show "José García" --json
is "$(jget "$out" 'd["address"]')" "Calle Mayor 1, Madrid" "a name from given and family name; the address"
st contact show 张伟 --json
is "$(jget "$out" 'd["phone"]')" "+86 138-0013-8000" "a Chinese name from its parts, family name first"

# a Big5 file (traditional Chinese, Taiwan's Excel) is valid GB18030 too, as
# other characters: refused without --encoding, with the hint; imported with it
DB="$WORK/big5.db"
python3 -c 'import sys; open(sys.argv[1], "wb").write("姓名,電話,公司,職位\r\n陳大文,0912345678,台灣積體電路製造股份有限公司,業務經理\r\n林美玲,0922333444,鴻海精密工業,採購\r\n".encode("big5"))' "$WORK/big5.csv"
st import "$WORK/big5.csv"
ok_rc 4 "a Big5 file without --encoding is refused"
like "$err" "big5.csv:1: this looks like Big5 \(traditional Chinese\) text: it is not UTF-8, and read as GB18030 it makes no sense; import it with --encoding BIG5" \
	"saying the encodings tried and to use --encoding BIG5"
is "$(count contact)" "0" "and writes nothing"
st import "$WORK/big5.csv" --encoding BIG5
ok_rc 0 "with --encoding BIG5 it imports"
st contact show 陳大文 --json
is "$(jget "$out" 'd["title"]')" "業務經理" "its traditional characters right"

DB="$WORK/outlook.db"
st import "$DATA/outlook.csv"
ok_rc 4 "an Outlook export in windows-1252 is refused without --encoding"
like "$err" "outlook.csv:3: neither UTF-8 nor GB18030 text \(the encodings tried\); name the encoding with --encoding \(BIG5 for traditional Chinese, CP1252 for Western European" \
	"naming the line, the encodings tried and what to do"
st import "$DATA/outlook.csv" --encoding windows-1252 --map Title=
ok_rc 0 "with --encoding windows-1252 it imports"
st contact show "Renée Dubois" --json
is "$(jget "$out" 'd["title"]')" "Gérante" "accents right, Job Title as title"
st contact show "David Lim" --json
is "$(jget "$out" 'd["birthday"]')" "1980-02-03" "a US date, and 0/0/00 is no date"
is "$(jget "$out" 'd["title"]')" "Account Director" "--map Title= ignores Outlook's Mr./Ms. column"

# ---- bad input: a clear error naming the line, nothing written ----
DB="$WORK/bad.db"
st contact add name=Existing
sum=$(dbsum)
for f in truncated ragged mixed-encodings; do
	st import "$DATA/$f.csv"
	ok_rc 4 "$f.csv is refused"
	one_line_error "$f.csv: one line of error"
	is "$(dbsum)" "$sum" "$f.csv: nothing written"
done
st import "$DATA/truncated.csv"
like "$err" "truncated.csv:2: column 2: a quoted field is never closed" "truncated: the line"
st import "$DATA/ragged.csv"
like "$err" "ragged.csv:3: column 3: the row has 2 fields, the header 3" "ragged: the line"
st import "$DATA/mixed-encodings.csv"
like "$err" "mixed-encodings.csv:3: mixed encodings: line 1 is UTF-8, this line is not" \
	"mixed: both lines"
printf 'Name,Email\nA,a@example.com\nB,not-an-email\n' >"$WORK/badvalue.csv"
st import "$WORK/badvalue.csv"
ok_rc 4 "a bad value aborts"
like "$err" 'badvalue.csv:3: column "Email": ' "with its line and column"
is "$(dbsum)" "$sum" "and nothing is written"
head -c 100000000 /dev/urandom >"$WORK/garbage.csv"
st import "$WORK/garbage.csv"
ok_rc 4 "100 MB of garbage is refused"
like "$err" "garbage.csv:[0-9]+: " "naming a line"
is "$(dbsum)" "$sum" "and nothing is written"
rm -f "$WORK/garbage.csv"

# --skip-bad: the good rows in, the bad ones out with their reason
printf 'Name,Email\r\nGood One,g1@example.com\r\nBad,not-an-email\r\nGood Two,g2@example.com\r\n' \
	>"$WORK/some-bad.csv"
st import "$WORK/some-bad.csv" --skip-bad "$WORK/rejected.csv"
ok_rc 0 "--skip-bad imports the good rows"
like "$out" "created 2, updated 0, skipped 0, rejected 1" "two in, one out"
like "$(cat "$WORK/rejected.csv")" '^Name,Email,reason' "the rejects are a CSV with a reason column"
like "$(cat "$WORK/rejected.csv")" '^Bad,not-an-email,".*some-bad.csv:3: column ""Email""' \
	"each with its reason"
is "$(stat -c %a "$WORK/rejected.csv")" "600" "readable by its owner only"
printf 'Name,Email\r\nGood Three,g3@example.com\r\nRagged\r\n' >"$WORK/ragged-bad.csv"
st import "$WORK/ragged-bad.csv" --skip-bad "$WORK/rejected.csv"
like "$(cat "$WORK/rejected.csv")" '^Ragged,".*ragged-bad.csv:3: column 2: the row has 1 fields, the header 2"' \
	"a malformed row is set aside with its own reason"

# a killed import leaves the database as it was; so does Ctrl-C
if [ -x "$(command -v python3)" ]; then
	python3 "$top_srcdir/tests/bench/gen_contacts.py" 200000 "$WORK/big.csv"
	sum=$(dbsum)
	"$SALESTERM" --db "$DB" import "$WORK/big.csv" >/dev/null 2>&1 &
	pid=$!
	sleep 1
	kill -INT $pid
	wait $pid
	rc=$?
	is "$rc" "130" "Ctrl-C cancels the import (exit 130)"
	is "$(dbsum)" "$sum" "and nothing is written"
	"$SALESTERM" --db "$DB" import "$WORK/big.csv" >/dev/null 2>&1 &
	pid=$!
	sleep 1
	kill -9 $pid
	wait $pid
	st db check
	like "$out" "^ok" "after kill -9 the database passes db check"
	is "$(dbsum)" "$sum" "and is as it was"
	# on a terminal: a progress line with rows/s and the time left, until Ctrl-C
	tty_out=$(script -qec "timeout -s INT 2 '$SALESTERM' --db '$DB' import '$WORK/big.csv'" \
		/dev/null </dev/null 2>&1 | tr '\r' '\n')
	like "$tty_out" "^ *[0-9]+%  [0-9]+ rows  [0-9]+ rows/s  [0-9]+ s left" \
		"on a terminal the import shows its progress: rows/s and the time left"
	is "$(dbsum)" "$sum" "Ctrl-C on a terminal: nothing written"
	"$SALESTERM" --db "$DB" import "$WORK/big.csv" >/dev/null 2>"$WORK/noprog" &
	pid=$!
	sleep 2
	kill -INT $pid
	wait $pid
	unlike "$(cat "$WORK/noprog")" "rows/s" "no progress line into a file"
	rm -f "$WORK/big.csv"
else
	skip "Ctrl-C and kill -9" "no python3"
fi

# ---- export, read back by Python's csv module ----
DB="$WORK/test.db"
st contact add 'name=O'"'"'Brien, "Pat"' 'notes=two
lines' phone=12345678 account=北京华信科技有限公司
st export contact --bom -o "$WORK/out.csv"
ok_rc 0 "export to a file"
like "$err" "exported 6 contacts" "says how many"
is "$(stat -c %a "$WORK/out.csv")" "600" "a private file"
got=$(python3 - "$WORK/out.csv" <<'EOF'
import csv, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    rows = list(csv.DictReader(f))
r = [x for x in rows if x["name"].startswith("O'Brien")][0]
print(len(rows), r["name"], r["notes"].replace("\n", "|"), r["account"], r["phone"])
EOF
)
is "$got" "6 O'Brien, \"Pat\" two|lines 北京华信科技有限公司 12345678" \
	"Python's csv reads our export: quotes, commas, newlines, references by name"
st export contact 'name~华' --encoding gb18030
ok_rc 0 "export with a filter, in GB18030"
is "$(printf '%s' "$out" | iconv -f gb18030 -t utf-8 | grep -c 华)" "0" "only matching rows"
st export contact name=赵敏 --encoding gb18030 -o "$WORK/gb.csv"
is "$(iconv -f gb18030 -t utf-8 "$WORK/gb.csv" | sed -n 2p | cut -d, -f2)" "赵敏" "GB18030 output"

# round trip: CSV out, into a new database, CSV out again
DB2="$WORK/copy.db"
"$SALESTERM" --db "$DB" export account -o "$WORK/acc.csv" 2>/dev/null
"$SALESTERM" --db "$DB" export contact -o "$WORK/c.csv" 2>/dev/null
"$SALESTERM" --db "$DB2" import "$WORK/acc.csv" --type account >/dev/null 2>&1
st2=$("$SALESTERM" --db "$DB2" import "$WORK/c.csv" --on-duplicate create 2>&1)
"$SALESTERM" --db "$DB2" export contact -o "$WORK/c2.csv" 2>/dev/null
if cmp -s "$WORK/c.csv" "$WORK/c2.csv"; then pass "a CSV round trip gives the same file"; else
	fail "a CSV round trip gives the same file" "$st2" "$(diff "$WORK/c.csv" "$WORK/c2.csv" | head -5)"; fi
# JSON lines: the same documents, revisions and times too
"$SALESTERM" --db "$DB" export contact --format jsonl -o "$WORK/c.jsonl" 2>/dev/null
rm -f "$DB2"
"$SALESTERM" --db "$DB2" import "$WORK/acc.csv" --type account >/dev/null 2>&1
"$SALESTERM" --db "$DB2" import "$WORK/c.jsonl" >/dev/null 2>&1
"$SALESTERM" --db "$DB2" export contact --format jsonl -o "$WORK/c2.jsonl" 2>/dev/null
if cmp -s "$WORK/c.jsonl" "$WORK/c2.jsonl"; then pass "a JSON lines round trip gives the same file"; else
	fail "a JSON lines round trip gives the same file" "$(diff "$WORK/c.jsonl" "$WORK/c2.jsonl" | head -5)"; fi
# deals as JSON lines: their stage and its time come as they were
st opportunity add name=扩容 amount=1000 close_date=2026-12-20 account=北京华信科技有限公司
st opportunity move 扩容 Qualification
ok_rc 0 "a deal moved to Qualification"
st export opportunity --format jsonl -o "$WORK/o.jsonl"
st import "$WORK/o.jsonl"
ok_rc 0 "deals exported as JSON lines import again"
like "$out" "skipped 1" "the same deal, skipped by its id"
"$SALESTERM" --db "$DB2" import "$WORK/o.jsonl" >/dev/null 2>&1
is "$?" "0" "and into another database"
is "$(sqlite3 "$DB2" "SELECT o.name || ' ' || s.name || ' ' || o.amount FROM opportunity o JOIN stage s \
	ON s.id = o.stage")" "扩容 Qualification 100000" "with its stage and amount"

# a team's database through JSON lines: its users first (each owns itself),
# then, as the manager, its accounts and contacts, owners kept
DEMO="$WORK/demo.db"
DB3="$WORK/team.db"
"$SALESTERM" --db "$DEMO" demo --size 60 >/dev/null 2>&1
for t in user account contact; do
	"$SALESTERM" --db "$DEMO" export $t --format jsonl -o "$WORK/team-$t.jsonl" 2>/dev/null
done
st3=$("$SALESTERM" --db "$DB3" import "$WORK/team-user.jsonl" 2>&1)
is "$?" "0" "a team's users import into a new database ($st3)"
manager=$("$SALESTERM" --db "$DB3" user list role=manager --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["name"])')
"$SALESTERM" --db "$DB3" user use "$manager" >/dev/null
for t in account contact; do
	st3=$("$SALESTERM" --db "$DB3" import "$WORK/team-$t.jsonl" 2>&1)
	is "$?" "0" "then its ${t}s ($st3)"
done
for t in user account contact; do
	"$SALESTERM" --db "$DB3" export $t --format jsonl -o "$WORK/team2-$t.jsonl" 2>/dev/null
	is "$(cat "$WORK/team2-$t.jsonl")" "$(cat "$WORK/team-$t.jsonl")" \
		"the ${t}s come back as they were, ids, owners and revisions kept"
done

# ---- a whole database as JSON lines: every type the export writes, exact ----
# Documents are applied as a pull applies them: their own ids, revisions and
# times, without the rules of a person's edits (a converted lead, a deal past
# a review gate), and the types only salesterm writes come in too.
DEMO="$WORK/whole.db"
DB="$WORK/whole2.db"
"$SALESTERM" --db "$DEMO" demo --size 2000 >/dev/null 2>&1
manager=$("$SALESTERM" --db "$DEMO" user list role=manager --json | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
"$SALESTERM" --db "$DEMO" user use "$manager" >/dev/null
types=$("$SALESTERM" help --types)
dump() { for t in $types; do "$SALESTERM" --db "$1" export "$t" --format jsonl --deleted 2>/dev/null; done; }
dump "$DEMO" >"$WORK/whole.jsonl"
docs=$(wc -l <"$WORK/whole.jsonl")
has() { grep -c "$1" "$WORK/whole.jsonl"; }
for t in stage_change approval opportunity_history forecast_snapshot forecast_adjustment consent followup; do
	if [ "$(has "\"type\":\"$t\"")" -gt 0 ]; then pass "the dump holds ${t}s"; else fail "the dump holds ${t}s"; fi
done
if [ "$(has '"converted_contact"')" -gt 0 ] && [ "$(has '"review_stage"')" -gt 0 ]; then
	pass "and converted leads and deals asked for review"; else fail "and converted leads and deals asked for review"; fi
st import "$WORK/whole.jsonl"
ok_rc 0 "a whole demo database as JSON lines imports into an empty one"
like "$out" "created $((docs - 7)), updated 0, skipped 7, rejected 0 records$" "every document, but the seven stages every database has"
like "$err" 'line [0-9]+: skip stage "Prospecting": already here' "which are already here"
"$SALESTERM" --db "$DB" user use "$manager" >/dev/null
dump "$DB" >"$WORK/whole2.jsonl"
if cmp -s "$WORK/whole.jsonl" "$WORK/whole2.jsonl"; then pass "exported again, the file is the same byte for byte"; else
	fail "exported again, the file is the same byte for byte" "$(diff "$WORK/whole.jsonl" "$WORK/whole2.jsonl" | head -4 | cut -c1-300)"; fi
figures() {
	for t in $types; do echo "$t $("$SALESTERM" --db "$1" "$t" count 2>&1)"; done
	for r in $("$SALESTERM" --db "$1" report | awk 'NR > 1 { print $1 }'); do
		echo "== $r"
		"$SALESTERM" --db "$1" report "$r" 2>&1
		"$SALESTERM" --db "$1" report "$r" --json 2>&1
	done
}
figures "$DEMO" >"$WORK/fig1"
figures "$DB" >"$WORK/fig2"
if cmp -s "$WORK/fig1" "$WORK/fig2" && [ "$(grep -c '^== ' "$WORK/fig1")" -ge 10 ]; then
	pass "the counts and every report agree ($(grep -c '^== ' "$WORK/fig1") reports)"; else
	fail "the counts and every report agree" "$(diff "$WORK/fig1" "$WORK/fig2" | head -6)"; fi
# new to this database's server: to push, with their own revisions (the
# server's _revs_diff finds those it has already: no conflict)
is "$(sqlite3 "$DB" "SELECT count(*) FROM opportunity WHERE dirty = 0 OR rev = ''")" "0" \
	"imported documents are changes to push, each with its revision"
is "$(sqlite3 "$DB" "SELECT count(*) FROM sync_leaf")" "0" "and no conflict"

# again: everything is here already, nothing changes
sum=$(dbsum)
st import "$WORK/whole.jsonl"
like "$out" "created 0, updated 0, skipped $docs, rejected 0" "importing the dump again skips every document"
is "$(dbsum)" "$sum" "and changes nothing"

# the same id with other content: --on-duplicate decides; a log never changes
grep '"type":"contact"' "$WORK/whole.jsonl" | head -1 | sed 's/"created_at"/"title":"新职位","created_at"/' >"$WORK/edit.jsonl"
grep '"type":"stage_change"' "$WORK/whole.jsonl" | head -1 | sed 's/"at":"\([0-9-]*\)T/"at":"1999-01-01T/' >>"$WORK/edit.jsonl"
cid=$(head -1 "$WORK/edit.jsonl" | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["_id"])')
oldrev=$(sqlite3 "$DB" "SELECT rev FROM contact WHERE id = '$cid'")
st import "$WORK/edit.jsonl"
like "$out" "created 0, updated 0, skipped 2" "by default a document with other content is skipped"
like "$err" 'line 1: skip contact ".*": the same id, other content' "saying why"
like "$err" 'line 2: skip stage_change .*: stage changes are a log: the entry here is never changed' \
	"an entry of a log is never changed"
st import "$WORK/edit.jsonl" --on-duplicate update
like "$out" "created 0, updated 1, skipped 1" "--on-duplicate update: the contact, not the stage change"
is "$(sqlite3 "$DB" "SELECT title, dirty FROM contact WHERE id = '$cid'")" "新职位|1" "the file's content, to push"
is "$(sqlite3 "$DB" "SELECT parent FROM sync_rev WHERE doc = '$cid' AND rev = (SELECT rev FROM contact WHERE id = '$cid')")" \
	"$oldrev" "as the next revision of the one here (an edit, not a conflict)"
head -1 "$WORK/edit.jsonl" >"$WORK/edit1.jsonl"
st import "$WORK/edit1.jsonl" --on-duplicate create --dry-run
like "$out" "would create 0, update 0, skip 1" "an unchanged document is skipped whatever --on-duplicate says"

# bad documents: refused with their line and reason, nothing written
DB="$WORK/baddoc.db"
st user list
good=$(grep '"type":"account"' "$WORK/whole.jsonl" | head -1)
printf '%s\n{"type":"gadget","name":"x","_id":"0d5c8e2a-9a3b-4c1d-8e2f-000000000001","_rev":"1-0123456789abcdef0123456789abcdef"}\n' "$good" >"$WORK/bad-type.jsonl"
{ echo "$good"; grep '"type":"stage_change"' "$WORK/whole.jsonl" | head -1; } >"$WORK/bad-ref.jsonl"
{ echo "$good"; grep '"type":"opportunity"' "$WORK/whole.jsonl" | head -1 | sed 's/"amount":"[^"]*"/"amount":"lots"/'; } >"$WORK/bad-amount.jsonl"
{ echo "$good"; echo '{"type":"contact","name":"手写"}'; } >"$WORK/bad-nodoc.jsonl"
sum=$(dbsum)
for f in type ref amount nodoc; do
	st import "$WORK/bad-$f.jsonl"
	ok_rc 4 "a bad document ($f) refuses the import"
	one_line_error "bad-$f: one line of error"
	is "$(dbsum)" "$sum" "bad-$f: nothing written"
	eval "err_$f=\$err"
done
like "$err_type" 'bad-type.jsonl:2: document 0d5c8e2a-9a3b-4c1d-8e2f-000000000001: type: unknown type "gadget"' \
	"an unknown type, with its line"
like "$err_ref" 'bad-ref.jsonl:2: document .* \(stage_change\): opportunity: no opportunity ".*", neither in the database nor in the file' \
	"a stage change naming a deal that is nowhere, with its line"
like "$err_amount" 'bad-amount.jsonl:2: document .* \(opportunity\): amount: ' "an amount that is not a number, with its line"
like "$err_nodoc" 'bad-nodoc.jsonl:2: not a document: .* "_id" and "_rev"' "a row that is not a document"
cat "$WORK/bad-type.jsonl" "$WORK/bad-ref.jsonl" "$WORK/bad-amount.jsonl" | grep -v '"type":"account"' >"$WORK/bad-all.jsonl"
echo "$good" >>"$WORK/bad-all.jsonl"
st import "$WORK/bad-all.jsonl" --skip-bad "$WORK/bad-rej.jsonl"
like "$out" "created 1, updated 0, skipped 0, rejected 3" "--skip-bad: the good document in, the bad ones aside"
is "$("$PYTHON" -c 'import json,sys; print(sum(1 for l in open(sys.argv[1]) if json.loads(l)["_reason"]))' "$WORK/bad-rej.jsonl")" "3" \
	"each with its reason"
# a stage change whose deal is refused is refused too, never left naming nothing
DB="$WORK/baddoc2.db"
{ echo "$good"; grep '"type":"opportunity"' "$WORK/whole.jsonl" | grep "\"_id\":\"$(head -1 "$WORK/bad-ref.jsonl" >/dev/null; sed -n 2p "$WORK/bad-ref.jsonl" | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["opportunity"])')\"" | sed 's/"amount":"[^"]*"/"amount":"lots"/'
  sed -n 2p "$WORK/bad-ref.jsonl"; } >"$WORK/bad-chain.jsonl"
st import "$WORK/bad-chain.jsonl" --skip-bad "$WORK/bad-chain-rej.jsonl"
like "$out" "created 1, updated 0, skipped 0, rejected 2" "--skip-bad: a stage change whose deal is refused goes aside with it"
is "$(sqlite3 "$DB" "SELECT count(*) FROM stage_change")" "0" "and is not written"
# a document as a server sends it, with its _revisions, is one too
DB="$WORK/revs.db"
echo "$good" | "$PYTHON" -c 'import json,sys
d = json.loads(sys.stdin.read()); g, h = d["_rev"].split("-")
d["_revisions"] = {"start": int(g), "ids": [h]}; print(json.dumps(d, ensure_ascii=False))' >"$WORK/revs.jsonl"
st import "$WORK/revs.jsonl"
like "$out" "created 1, updated 0, skipped 0, rejected 0 accounts" "a document with its _revisions imports"
echo "$good" | sed 's/"_rev":"1-/"_rev":"2-/' | "$PYTHON" -c 'import json,sys
d = json.loads(sys.stdin.read()); d["_id"] = "0d5c8e2a-9a3b-4c1d-8e2f-000000000002"
d["_revisions"] = {"start": 2, "ids": ["0123456789abcdef0123456789abcdef"]}; print(json.dumps(d))' >"$WORK/revs-bad.jsonl"
st import "$WORK/revs-bad.jsonl"
like "$err" "revs-bad.jsonl:1: document 0d5c8e2a-9a3b-4c1d-8e2f-000000000002: _revisions: does not start with _rev" \
	"and a history that does not lead to its _rev is refused, as from the wire"
# a document is written as it came, its owner too (none), whoever imports it
DB="$WORK/noowner.db"
st user add name=经理 role=manager
st user use 经理
echo "$good" | sed 's/"owner":"[^"]*",//' >"$WORK/noowner.jsonl"
st import "$WORK/noowner.jsonl"
is "$("$SALESTERM" --db "$DB" export account --format jsonl 2>/dev/null)" "$(cat "$WORK/noowner.jsonl")" \
	"a document without an owner keeps none (a manager's import gives it none)"
# a deleted record's document (export --deleted) comes in deleted
victim=$("$SALESTERM" --db "$DEMO" contact list --json --limit 1 | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
"$SALESTERM" --db "$DEMO" contact delete "$victim" >/dev/null 2>&1
"$SALESTERM" --db "$DEMO" export contact --deleted --format jsonl 2>/dev/null | grep "\"_id\":\"$victim\"" >"$WORK/deleted.jsonl"
DB="$WORK/deleted.db"
st import "$WORK/deleted.jsonl"
like "$out" "created 1, updated 0, skipped 0, rejected 0 contacts" "a tombstone with its record imports"
like "$(grep -c '"_deleted":true' "$WORK/deleted.jsonl") $("$SALESTERM" --db "$DB" contact count) $("$SALESTERM" --db "$DB" export contact --deleted --format jsonl 2>/dev/null)" \
	"^1 0 .*\"_deleted\":true" "as a deleted record, exported as it came"
st import --help
like "$out" "JSON lines are documents as 'export --format jsonl' and sync write them" "import --help states the rule"
# a stage change whose deal comes later in the file is fine
DB="$WORK/order.db"
{ grep '"type":"stage_change"' "$WORK/whole.jsonl" | head -1
  opp=$(grep '"type":"stage_change"' "$WORK/whole.jsonl" | head -1 | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["opportunity"])')
  grep "\"_id\":\"$opp\"" "$WORK/whole.jsonl"; } >"$WORK/order.jsonl"
st import "$WORK/order.jsonl" --dry-run
like "$out" "would create 2, update 0, skip 0, reject 0 records$" "a deal may come after its stage change"
is "$(sqlite3 "$DB" "SELECT count(*) FROM stage_change")" "0" "--dry-run writes nothing"
DB="$WORK/test.db"

# the order of list
st contact list --sort name:desc --limit 1 --json
first=$(jget "$out" 'd[0]["name"]')
st export contact --sort name:desc
is "$(printf '%s\n' "$out" | sed -n 2p | cut -d, -f2)" "$first" "--sort name:desc, as list sorts"
st export contact --sort name:sideways
ok_rc 2 "a bad --sort is a usage error"

# --on-duplicate ask: each duplicate asked on the terminal, a bad answer asked again
DB="$WORK/ask.db"
st contact add name=Zoe email=zoe@example.com
printf 'name,email\nZoe Li,zoe@example.com\nZoe Two,zoe@example.com\nZoe Three,zoe@example.com\n' \
	>"$WORK/ask.csv"
tty_out=$( (sleep 1; for a in x u c s; do printf '%s\n' $a; sleep 0.5; done) |
	script -qec "'$SALESTERM' --db '$DB' import '$WORK/ask.csv' --on-duplicate ask" /dev/null 2>&1)
like "$tty_out" 'line 2: "Zoe Li" looks like "Zoe" \(the same email\)\. \[s\]kip, \[u\]pdate or \[c\]reate\? x' \
	"--on-duplicate ask asks on the terminal, naming the record and why"
is "$(printf '%s\n' "$tty_out" | grep -c 'line 2: "Zoe Li" looks like')" "2" "a bad answer is asked again"
like "$tty_out" "created 1, updated 1, skipped 1" "u updates, c creates, s skips"
st contact list --sort name
is "$(printf '%s\n' "$out" | awk 'NR > 1 { print $2, $3 }' | tr '\n' ' ')" "Zoe Li Zoe Two " \
	"Zoe updated to Zoe Li, Zoe Two created, Zoe Three skipped"
setsid -w "$SALESTERM" --db "$DB" import "$WORK/ask.csv" --on-duplicate ask </dev/null >/dev/null 2>&1
is "$?" "2" "--on-duplicate ask without a terminal is a usage error"
DB="$WORK/test.db"

# owners: the current user's records unless an owner column names another;
# a rep may not give records to a colleague (and nothing is written)
DB="$WORK/owners.db"
st user add name=经理 role=manager
st user use 经理
st user add name=王芳 role=rep
st user add name=李娜 role=rep
printf '姓名,负责人\n甲,王芳\n乙,\n' >"$WORK/owners.csv"
st import "$WORK/owners.csv"
ok_rc 0 "a manager imports with an owner column"
owners() { sqlite3 "$DB" "SELECT group_concat(c.name || '=' || u.name, ' ') FROM (SELECT * FROM \
	contact ORDER BY name) c JOIN user u ON u.id = c.owner"; }
is "$(owners)" "乙=经理 甲=王芳" "the named owner, else the current user"
st user use 王芳
printf 'name,owner\n丙,李娜\n' >"$WORK/owners2.csv"
sum=$(dbsum)
st import "$WORK/owners2.csv"
ok_rc 5 "a rep may not import records for a colleague"
like "$err" "owners2.csv:2: a rep may not give records to someone else" "said with the line"
is "$(dbsum)" "$sum" "and nothing is written"
printf 'name\n丁\n' >"$WORK/owners3.csv"
st import "$WORK/owners3.csv"
is "$(owners)" "丁=王芳 乙=经理 甲=王芳" "a rep's import is the rep's"
DB="$WORK/test.db"

# a file cut short by another program while it is imported: never SIGBUS.
# The import reads the file once, at the start, so it imports what it read
# (or, if the cut came while it read, says the file changed and writes nothing).
DB="$WORK/cut.db"
python3 -c 'import sys
with open(sys.argv[1], "w") as f:
    f.write("name,mobile,email\n")
    for i in range(40000):
        f.write("cut%d,+86 139%08d,cut%d@example.com\n" % (i, i, i))' "$WORK/cut.csv"
"$SALESTERM" --db "$DB" import "$WORK/cut.csv" >"$WORK/cut.out" 2>"$WORK/cut.err" &
pid=$!
# the database made (the import comes next), then a moment into the rows
i=0
while [ ! -s "$DB" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
sleep 0.1
: >"$WORK/cut.csv"
wait $pid
rc=$?
if [ $rc -lt 128 ]; then pass "a file truncated during the import is no signal"; else fail "a file truncated during the import died of signal $((rc - 128))"; fi
case $rc in
0) is "$(count contact)" "40000" "the rows read before the cut are imported, all of them" ;;
*) like "$(cat "$WORK/cut.err")" "changed while it was read|the file is empty" \
	"the file changed (or was cut before it was read): said so"
   is "$(count contact)" "0" "and nothing written" ;;
esac
DB="$WORK/test.db"

# usage errors
st import
ok_rc 2 "import needs a file"
st import x.csv --on-duplicate maybe
ok_rc 2 "--on-duplicate takes skip, update, create or ask"
st export
ok_rc 2 "export needs a type"
st export nosuchtype
ok_rc 2 "an unknown type"

done_testing
