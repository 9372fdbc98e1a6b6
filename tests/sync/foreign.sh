#!/bin/sh
# foreign.sh - documents salesterm did not write never stop sync: ids that are
# not UUIDs, missing fields, references to records and users this replica
# lacks are stored; what truly cannot be stored (unknown type, a required
# field missing or of the wrong JSON type) is quarantined with its reason,
# the rest of the batch is applied and the checkpoint moves on; a later
# revision that fits, or the document's deletion, lifts the quarantine.
. "$top_srcdir/tests/sync/lib.sh"

couch_start srv
http PUT "$URL/team"
ok_rc 0 "the server answers and makes a database"
DBURL="$URL/team"

# A client of ours has written something first.
cli a remote add "$DBURL"
new_id a account add name=华为科技有限公司
acct=$id
cli a sync
ok_rc 0 "the first client pushes"

# ---- documents from other writers ----

# A web form: an id of its own scheme, no do_not_contact.
http PUT "$DBURL/c-00000000" '{"type":"contact","name":"网页表单客户","mobile":"+86 139 0000 0000"}'
ok_rc 0 "a web form writes a contact with its own id"
# A script: a reference to an account and an owner this replica does not have.
http PUT "$DBURL/script-lead-1" \
	'{"type":"lead","name":"脚本线索","campaign":"camp-not-here","owner":"u-elsewhere","updated_by":"u-elsewhere"}'
ok_rc 0 "a script writes a lead with references to records elsewhere"
http PUT "$DBURL/c-00000001" "{\"type\":\"contact\",\"name\":\"李娜\",\"account\":\"$acct\"}"
http PUT "$DBURL/客户一号-网页" '{"type":"contact","name":"中文编号客户"}'
LONGID=account-from-the-web-form-number-000000001
http PUT "$DBURL/$LONGID" '{"type":"account","name":"网页表单来的公司"}'
# What cannot be stored.
http PUT "$DBURL/w-1" '{"type":"widget","name":"x","serial":123456789012345678901,"ratio":0.1}'
http PUT "$DBURL/c-noname" '{"type":"contact","title":"经理"}'
noname_rev=$(printf '%s' "$out" | sed -n 's/.*"rev":"\([^"]*\)".*/\1/p')
http PUT "$DBURL/c-number" '{"type":"contact","name":42}'
number_rev=$(printf '%s' "$out" | sed -n 's/.*"rev":"\([^"]*\)".*/\1/p')
http PUT "$DBURL/o-nostage" '{"type":"opportunity","name":"无阶段"}'
# A lone UTF-16 surrogate: JavaScript servers keep it and send it escaped.
http PUT "$DBURL/c-surrogate" '{"type":"contact","name":"半个\ud800字"}'
[ -n "$noname_rev" ] && [ -n "$number_rev" ] || bail "the server did not answer with revisions"

# ---- a new client starts ----

cli b remote add "$DBURL"
cli b sync
ok_rc 0 "a new client syncs although some documents do not fit"
like "$out" "received [0-9]+" "it reports what it received"
like "$out" "team: 4 documents from the server cannot be stored here: kept aside" \
	"and how many documents it kept aside"
unlike "$err" "constraint failed|nothing of this batch" "no raw SQLite message, no failed batch"
is "$(sql b "SELECT name || '|' || do_not_contact FROM contact WHERE id = 'c-00000000'")" \
	"网页表单客户|0" "a contact with a non-UUID id is stored, the missing field takes its default"
is "$(sql b "SELECT campaign || '|' || owner FROM lead WHERE id = 'script-lead-1'")" \
	"camp-not-here|u-elsewhere" "references to records and users not here are kept as given"
is "$(sql b "SELECT account FROM contact WHERE id = 'c-00000001'")" "$acct" \
	"a reference to a record here is kept"
is "$(sql b "SELECT count(*) FROM account WHERE id = '$acct'")" "1" \
	"our own record arrived in the same batch"
is "$(sql b "SELECT count(*) FROM opportunity WHERE id = 'o-nostage'")" "1" \
	"an opportunity without a stage takes the first stage"

cli b sync status
like "$out" "quarantine +4 from the server" "sync status counts the quarantined documents"
cli b --json sync status
like "$out" '"quarantined":[[:space:]]*4' "sync status --json counts them too"
cli b sync quarantine
ok_rc 0 "sync quarantine lists them"
like "$out" "w-1 +widget +.*type" "an unknown type is quarantined, naming the field"
like "$out" "c-noname +contact +.*name.*required" "a missing required field is named"
like "$out" "c-number +contact +.*name.*text" "a field of the wrong JSON type is named"
like "$out" "c-surrogate +contact +.*name: is not valid UTF-8" "text that is not UTF-8 is named"
cli b --json sync quarantine
like "$out" '"id":[[:space:]]*"c-noname"' "sync quarantine --json gives the id"
like "$out" '"reason":[[:space:]]*"[^"]*name' "and the reason"
like "$out" "\"rev\":[[:space:]]*\"$noname_rev\"" "and the revision"
is "$(sql b "SELECT json_extract(body, '$.title') FROM sync_quarantine WHERE doc = 'c-noname'")" \
	"经理" "the document is kept verbatim"
# As the server sends it: PouchDB Server writes this number 123456789012345680000.
http GET "$DBURL/w-1"
serial=$(printf '%s' "$out" | sed -n 's/.*"serial":\([^,}]*\).*/\1/p')
is "$(sql b "SELECT instr(body, '\"serial\":$serial,') > 0 FROM sync_quarantine WHERE doc = 'w-1'")" \
	"1" "numbers included ($serial)"

cli b sync
ok_rc 0 "the next sync runs"
like "$out" "received 0" "the checkpoint moved on past the quarantined documents"

# ---- the records with foreign ids work like any other ----

cli b contact show c-00000000
ok_rc 0 "contact show takes a non-UUID id"
like "$out" "网页表单客户" "and shows the record"
cli b contact edit c-00000000 title=采购
ok_rc 0 "a record with a non-UUID id can be edited"
cli b lead show script-lead-1
ok_rc 0 "a lead with unknown references can be shown"
like "$out" "camp-not-here \\(not here\\)" "the unknown reference is shown as given, marked unknown"
like "$out" "u-elsewhere \\(not here\\)" "and so is the unknown owner"
cli b lead edit script-lead-1 rating=hot
ok_rc 0 "and edited: its unknown references are not refused"
cli b contact add name=王五 account=$LONGID
ok_rc 0 "a new record may refer to a record by another client's long id"
is "$(sql b "SELECT account FROM contact WHERE name = '王五'")" "$LONGID" "and keeps that id"
cli b contact add name=赵六 account=account-from-the
is "$(sql b "SELECT account FROM contact WHERE name = '赵六'")" "$LONGID" "or by its start"
cli b search 网页
like "$out" "网页表单客户" "a record with a non-UUID id is found by search"
cli b contact list
like "$out" "c-000000" "lists show the start of a non-UUID id"
like "$out" "客户一号 +中文编号客户" "as whole characters in eight columns"
cli b contact show 客户一号
like "$out" "中文编号客户" "and that start finds the record"
cli b sync
ok_rc 0 "the edits sync"
like "$out" "sent 4" "the edits and the new records are sent"
http GET "$DBURL/c-00000000"
like "$out" '"title":"采购"' "the server has the edit of the non-UUID record"

# ---- a later revision that fits lifts the quarantine ----

http PUT "$DBURL/c-noname" "{\"_rev\":\"$noname_rev\",\"type\":\"contact\",\"name\":\"补上名字\"}"
ok_rc 0 "the other writer fixes its document"
http DELETE "$DBURL/c-number?rev=$number_rev"
ok_rc 0 "and deletes another"
cli b sync
ok_rc 0 "the sync after the fix runs"
is "$(sql b "SELECT name FROM contact WHERE id = 'c-noname'")" "补上名字" \
	"the fixed revision is stored"
is "$(sql b "SELECT group_concat(doc) FROM (SELECT doc FROM sync_quarantine ORDER BY doc)")" \
	"c-surrogate,w-1" "the fixed and the deleted documents leave the quarantine"
cli b sync status
like "$out" "quarantine +2 from" "sync status counts what is left"

# ---- the first client ----

cli a sync
ok_rc 0 "the first client pulls the same documents"
is "$(sql a "SELECT count(*) FROM sync_quarantine")" "2" "and quarantines the same ones"
is "$(sql a "SELECT title FROM contact WHERE id = 'c-00000000'")" "采购" \
	"and has the other client's edit of a non-UUID record"

# ---- a NUL in a text ----

# "\u0000" is valid JSON and CouchDB keeps it; read as a C string the text
# would end there, the rest lost here and then on the server at the next edit.
http PUT "$DBURL/c-nul" '{"type":"contact","name":"备注含NUL","notes":"第一段\u0000第二段很重要"}'
nul_rev=$(printf '%s' "$out" | sed -n 's/.*"rev":"\([^"]*\)".*/\1/p')
http POST "$DBURL/_bulk_docs" '{"docs":[{"_id":"c-nul\u0000id","type":"contact","name":"编号含NUL"}]}'
cli b sync
ok_rc 0 "a document with a NUL in a text does not stop sync"
like "$out" "team: 2 documents from the server cannot be stored here" "it is kept aside"
cli b sync quarantine
like "$out" "c-nul +contact +.*notes: holds a NUL character" "naming the field and the NUL"
is "$(sql b "SELECT count(*) FROM contact WHERE id LIKE 'c-nul%'")" "0" \
	"neither it nor the one whose id has a NUL is stored cut"
http PUT "$DBURL/c-nul" "{\"_rev\":\"$nul_rev\",\"type\":\"contact\",\"name\":\"备注含NUL\",\"notes\":\"第一段 第二段很重要\"}"
ok_rc 0 "the other writer takes the NUL out"
cli b sync
is "$(sql b "SELECT notes FROM contact WHERE id = 'c-nul'")" "第一段 第二段很重要" \
	"the fixed revision is stored whole"
is "$(sql b "SELECT count(*) FROM sync_quarantine WHERE doc = 'c-nul'")" "0" \
	"and leaves the quarantine"

# ---- a date and time without a zone ----

# Read in each client's own zone, the same revision would hold instants 8
# hours apart in Shanghai and in London: kept aside instead, naming the field.
http PUT "$DBURL/f-nozone" '{"type":"followup","at":"2026-11-20 10:00","notes":"无时区"}'
nozone_rev=$(printf '%s' "$out" | sed -n 's/.*"rev":"\([^"]*\)".*/\1/p')
http PUT "$DBURL/f-zoned" '{"type":"followup","at":"2026-11-20T10:00:00+08:00","notes":"有时区"}'
cli b sync
ok_rc 0 "a date and time without a zone does not stop sync"
cli b sync quarantine
like "$out" "f-nozone +followup +.*at: is a date and time without a time zone" \
	"it is kept aside, naming the field"
is "$(sql b "SELECT count(*) FROM followup WHERE id = 'f-nozone'")|$(sql b "SELECT at FROM followup WHERE id = 'f-zoned'")" \
	"0|2026-11-20T02:00:00Z" "one with an offset is stored in UTC"
http PUT "$DBURL/f-nozone" "{\"_rev\":\"$nozone_rev\",\"type\":\"followup\",\"at\":\"2026-11-20T10:00:00Z\",\"notes\":\"无时区\"}"
cli b sync
is "$(sql b "SELECT at FROM followup WHERE id = 'f-nozone'")" "2026-11-20T10:00:00Z" \
	"the revision with a zone is stored"

# ---- other writers' fields and attachments ----

# A revision replaces the whole document: one sent from here must carry
# what another writer keeps in it, or the server loses it.
http PUT "$DBURL/web-1" '{"type":"contact","name":"网页客户","crm_source":"webform","utm":{"campaign":"双十一"},"erp_id":123456789012345678901}'
web_rev=$(printf '%s' "$out" | sed -n 's/.*"rev":"\([^"]*\)".*/\1/p')
out=$(curl -s -X PUT -H 'Content-Type: text/plain' --data-binary 'card scan' "$DBURL/web-1/card.txt?rev=$web_rev")
case $out in *'"ok":true'*) pass "the other writer attaches a file" ;; *) fail "the other writer attaches a file" "$out" ;; esac
# As the server keeps it (PouchDB Server: 123456789012345680000).
http GET "$DBURL/web-1"
erp=$(printf '%s' "$out" | sed -n 's/.*"erp_id":\([^,}]*\).*/\1/p')
cli b sync
cli b contact edit web-1 title=采购
ok_rc 0 "a record with another writer's fields is edited here"
cli b sync
like "$out" "sent 1" "and the edit is sent"
http GET "$DBURL/web-1"
like "$out" '"title":"采购"' "the server has the edit"
like "$out" '"crm_source":"webform"' "and the other writer's field"
like "$out" '"utm":\{"campaign":"双十一"\}' "an object as it was"
like "$out" "\"erp_id\":$erp[,}]" "a number of 21 digits as the server had it ($erp)"
like "$out" '"card.txt"' "and the attachment"
out=$(curl -s "$DBURL/web-1/card.txt")
is "$out" "card scan" "whose content the server still gives"
# A second client of ours edits on top of that revision: carried on again.
cli a sync
cli a contact edit web-1 phone=010-1234
cli a sync
http GET "$DBURL/web-1"
like "$out" '"phone":"010-1234".*"crm_source":"webform"|"crm_source":"webform".*"phone":"010-1234"' \
	"a second client's edit on top keeps them too"
# An edit here and the other writer's change of its own field, meanwhile:
# the merge keeps both.
cli b sync
cli b contact edit web-1 title=总监
http GET "$DBURL/web-1"
http PUT "$DBURL/web-1" "$(printf '%s' "$out" | sed 's/"crm_source":"webform"/"crm_source":"webform-v2"/')"
ok_rc 0 "the other writer changes its field meanwhile"
cli b sync
ok_rc 0 "the edit here and theirs meet"
http GET "$DBURL/web-1"
like "$out" '"title":"总监"' "the server has the edit made here"
like "$out" '"crm_source":"webform-v2"' "and the other writer's change of its field"
unlike "$out" '"crm_source":"webform"[,}]' "not its old value"
# Both change the title (a conflict for the user), the other writer its
# field too: the resolution keeps that field's new value.
cli b sync
cli b contact edit web-1 title=副总
http GET "$DBURL/web-1"
http PUT "$DBURL/web-1" "$(printf '%s' "$out" | sed 's/"title":"总监"/"title":"董事"/; s/"crm_source":"webform-v2"/"crm_source":"webform-v3"/')"
cli b sync
like "$out" "see 'salesterm conflict show web-1'" "sync names the conflict by the other writer's short id"
cli b conflict show web-1
ok_rc 0 "which conflict show takes, though under 8 characters"
cli b conflict resolve web-1 title=mine
ok_rc 0 "the title conflict is resolved here"
cli b sync
http GET "$DBURL/web-1"
like "$out" '"title":"副总"' "the server has the resolution"
like "$out" '"crm_source":"webform-v3"' "with the other writer's newest value of its field"
# The other writer takes its field out: an edit here does not bring it back.
web_rev=$(printf '%s' "$out" | sed -n 's/.*"_rev":"\([^"]*\)".*/\1/p')
http PUT "$DBURL/web-1" "{\"_rev\":\"$web_rev\",\"type\":\"contact\",\"name\":\"网页客户\",\"title\":\"采购\",\"phone\":\"010-1234\"}"
ok_rc 0 "the other writer drops its fields and the attachment"
cli b sync
cli b contact edit web-1 title=经理
cli b sync
http GET "$DBURL/web-1"
like "$out" '"title":"经理"' "the next edit here is sent"
unlike "$out" "crm_source|card.txt" "without the fields the other writer dropped"

# ---- a document that turns into another type ----

http GET "$DBURL/c-00000001"
rev=$(printf '%s' "$out" | sed -n 's/.*"_rev":"\([^"]*\)".*/\1/p')
http PUT "$DBURL/c-00000001" "{\"_rev\":\"$rev\",\"type\":\"account\",\"name\":\"李娜公司\"}"
newrev=$(printf '%s' "$out" | sed -n 's/.*"rev":"\([^"]*\)".*/\1/p')
http PUT "$DBURL/c-after-retype" '{"type":"contact","name":"同批次"}'
cli b sync
ok_rc 0 "a record whose type changes on the server does not stop sync"
cli b sync quarantine
like "$out" "c-00000001 +account +its versions have different types" \
	"it is quarantined, naming the document"
is "$(sql b "SELECT name FROM contact WHERE id = 'c-00000001'")" "李娜" "the record here stays as it was"
is "$(sql b "SELECT count(*) FROM sync_rev WHERE doc = 'c-00000001' AND rev = '$newrev'")" "0" \
	"and without the new revision's history: the document is taken back alone"
is "$(sql b "SELECT count(*) FROM contact WHERE id = 'c-after-retype'")" "1" \
	"and the rest of the batch is applied"

# ---- conflicts on records with ids of other schemes ----

for d in c-0000000z c-0000000z-2; do
	http PUT "$DBURL/$d" '{"type":"contact","name":"冲突客户"}'
done
cli a sync
for d in c-0000000z c-0000000z-2; do
	cli a contact edit "$d" title=本地改
	http GET "$DBURL/$d"
	rev=$(printf '%s' "$out" | sed -n 's/.*"_rev":"\([^"]*\)".*/\1/p')
	http PUT "$DBURL/$d" "{\"_rev\":\"$rev\",\"type\":\"contact\",\"name\":\"冲突客户\",\"title\":\"网页改\"}"
done
cli a sync
cli a conflict list
like "$out" "冲突客户" "edits on both sides of a non-UUID record are a conflict"
cli a conflict show c-0000000z
ok_rc 0 "conflict show takes such an id"
like "$out" "本地改" "and shows the record, though another id starts with it"
cli a conflict show c-0000000
ok_rc 6 "a start two records share is ambiguous"
cli a conflict resolve c-0000000z title=mine
ok_rc 0 "conflict resolve takes such an id"
cli a conflict resolve c-0000000z-2 title=theirs
ok_rc 0 "and the other one"
cli a sync
ok_rc 0 "the resolutions sync"
is "$(sql a "SELECT title FROM contact WHERE id IN ('c-0000000z', 'c-0000000z-2') ORDER BY id")" \
	"本地改
网页改" "each as chosen"

# ---- the server's validate_doc_update and the client agree ----

# Documents built from the client's descriptor table (salesterm TYPE fields
# --json): for every type a minimal record, and for every field one left out,
# one of the wrong JSON type, an object, a value not among its choices, a
# number out of its range, null. Each goes through validate_doc_update (run
# by node as for a server admin) and, through a database without it, through
# the client's pull: a document the one refuses the other quarantines.
for t in user account contact campaign lead stage opportunity stage_change approval product \
	activity followup opportunity_history consent team_setting; do
	cli c --json "$t" fields
	printf '%s\n' "$out" >"$WORK/fields-$t.json"
done
cat >"$WORK/agree.js" <<'JS'
'use strict';
const fs = require('fs');
const [vduFile, work] = process.argv.slice(2);
const src = fs.readFileSync(vduFile, 'utf8');
// As server-init installs it (src/sync/server.c): from the line starting "function".
const vdu = eval('(' + src.slice(src.search(/^function/m)) + ')');
const types = ['user', 'account', 'contact', 'campaign', 'lead', 'stage', 'opportunity',
  'stage_change', 'approval', 'product', 'activity', 'followup', 'opportunity_history',
  'consent', 'team_setting'];
const sample = { text: 'x', note: 'x', int: 0, bool: true, date: '2026-01-02',
  datetime: '2026-01-02T03:04:05Z', money: '1.00', currency: 'CNY', email: 'a@example.com',
  phone: '+86 10 1234', url: 'https://example.com', ref: 'ref-1', tags: 'a' };
const docs = [];
for (const t of types) {
  const fields = JSON.parse(fs.readFileSync(`${work}/fields-${t}.json`, 'utf8'));
  const base = { type: t };
  for (const f of fields) {
    if (f.required && f.default === null)
      base[f.key] = f.type === 'enum' ? f.values[0] : f.type === 'int' ? f.min : sample[f.type];
  }
  const add = (id, extra, drop) => {
    const d = Object.assign({ _id: `${t}.${id}` }, base, extra);
    if (drop) delete d[drop];
    docs.push(d);
  };
  add('ok', {});
  add('future', { future_field: [1, { a: 2 }] });
  add('deleted', { _deleted: true }, fields[0].key);
  add('owner-number', { owner: 7 });
  add('owner-elsewhere', { owner: 'u-elsewhere' });
  for (const f of fields) {
    if (f.required && f.default === null) add(`missing-${f.key}`, {}, f.key);
    else add(`null-${f.key}`, { [f.key]: null });
    add(`kind-${f.key}`, { [f.key]: f.json === 'string' ? 7 : 'x' });
    add(`object-${f.key}`, { [f.key]: { a: 1 } });
    add(`empty-${f.key}`, { [f.key]: '' });
    if (f.type === 'enum') {
      add(`choice-${f.key}`, { [f.key]: 'zz-no-such-choice' });
      for (const v of f.values) add(`value-${f.key}-${v}`, { [f.key]: v });
    }
    if (f.type === 'int') {
      add(`above-${f.key}`, { [f.key]: f.max + 1 });
      add(`fraction-${f.key}`, { [f.key]: f.min + 0.5 });
      add(`max-${f.key}`, { [f.key]: f.max });
      add(`min-${f.key}`, { [f.key]: f.min });
      add(`below-${f.key}`, { [f.key]: f.min - 1 });
    }
    if (f.type === 'bool') add(`one-${f.key}`, { [f.key]: 1 });
  }
}
docs.push({ _id: 'zz.unknown-type', type: 'spaceship', name: 'x' });
docs.push({ _id: 'zz.no-type', name: 'x' });
docs.push({ _id: 'zz.line\nbreak', type: 'contact', name: 'x' });
docs.push({ _id: 'zz.' + 'x'.repeat(997), type: 'contact', name: 'x' });
docs.push({ _id: 'zz.' + 'x'.repeat(998), type: 'contact', name: 'x' });
const verdicts = docs.map((d) => {
  try {
    vdu(d, null, { name: 'admin', roles: ['_admin'] }, {});
    return `${Buffer.from(d._id).toString('hex').toUpperCase()} accepted ${JSON.stringify(d._id)}`;
  } catch (e) {
    if (!e.forbidden) throw e;
    return `${Buffer.from(d._id).toString('hex').toUpperCase()} refused ${JSON.stringify(d._id)}`;
  }
});
fs.writeFileSync(`${work}/agree-docs.json`, JSON.stringify({ docs }));
console.log(verdicts.sort().join('\n'));
JS
js=$(node "$WORK/agree.js" "$top_srcdir/data/couchdb/validate_doc_update.js" "$WORK")
[ -n "$js" ] || bail "the validate_doc_update check did not run"
http PUT "$URL/plain"
http POST "$URL/plain/_bulk_docs" "@$WORK/agree-docs.json"
ok_rc 0 "the documents go into a database without validate_doc_update"
cli c remote add "$URL/plain"
cli c sync
ok_rc 0 "the client pulls them all"
cli c remote add "$URL/team" other
cli c sync other
ok_rc 0 "and a second remote's"
# Ids as hex: one has a line break.
quarantined=$(sql c "SELECT hex(doc) FROM sync_quarantine WHERE remote = 'plain'")
client=$(printf '%s\n' "$js" | while read -r hex verdict id; do
	if printf '%s\n' "$quarantined" | grep -qxF -- "$hex"; then v=refused; else v=accepted; fi
	printf '%s %s %s\n' "$hex" "$v" "$id"
done)
is "$client" "$js" "the client stores exactly what validate_doc_update accepts"
is "$(printf '%s\n' "$js" | grep -c ' refused ')" "$(printf '%s\n' "$quarantined" | grep -c .)" \
	"and quarantines nothing else"
like "$(printf '%s\n' "$js" | grep -c .)" "^[0-9]{3}$" "over a hundred documents are compared"
like "$js" 'accepted "opportunity.ok"' "a minimal record is accepted"
like "$js" 'refused "contact.missing-name"' "a missing required field is refused"
before=$(sql c "SELECT count(*) FROM sync_quarantine WHERE remote = 'plain'")
cli c remote remove other
ok_rc 0 "a remote is removed"
is "$(sql c "SELECT count(*) FROM sync_quarantine WHERE remote <> 'plain'")|$(sql c "SELECT count(*) FROM sync_quarantine")" \
	"0|$before" "and what its server sent into quarantine goes with it, the other remote's stays"

# ---- the Sync screen ----

if command -v tmux >/dev/null 2>&1; then
	. "$top_srcdir/tests/tui/tmux.sh"
	trap 'tui_stop; sync_cleanup' EXIT
	TUI_TIMEOUT=30
	for n in 1 2 3 4 5; do
		http PUT "$DBURL/q-$n" '{"type":"contact","name":{"given":"x"}}'
	done
	DB="$WORK/b.db"
	tui_start 100 40
	keys 8
	expect "Quarantined (9)" "the Sync screen counts the quarantined documents (after its own sync)"
	expect_line "contact +q-[0-9] +name: " \
		"and lists them: type, id, reason naming the field"
	expect "and more (salesterm sync quarantine)" "only the first few"
	is "$(screen | sed -n '/Quarantined (/,/and more/p' | sed '1d;$d' | grep -c '[^ ]')" "5" \
		"at most five rows"
	tui_quit "the TUI quits cleanly"
fi

done_testing
