#!/bin/sh
# basics.sh - the main flows of salesterm through the real binary: every
# record type's add/list/count/show/edit/delete/undelete/fields, JSON output,
# list filters and paging, CJK column alignment, search, lead conversion,
# stage moves across roles, completing activities, FIELD@FILE input, demo
# data and the db commands.
. "$top_srcdir/tests/cli/lib.sh"

UUID_RE='^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'

# ---- the program itself ----

version=$(sed -n 's/^AC_INIT(\[salesterm\], *\[\([^]]*\)\].*/\1/p' "$top_srcdir/configure.ac")
st --version
ok_rc 0 "--version exits 0"
is "$out" "salesterm $version" "--version prints the package version"

st help
ok_rc 0 "help exits 0"
like "$out" '^usage: salesterm ' "help starts with the usage line"
like "$out" 'opportunity move ID STAGE' "help lists the work commands"

st
ok_rc 0 "no command exits 0"
is "$(printf '%s\n' "$err" | sed -n 1p)" \
	"salesterm: no command given, and the terminal UI needs a terminal; use the commands below." \
	"no command: a one-line message first"
is "$(printf '%s\n' "$err" | sed -n 2p)" "usage: salesterm [--db PATH] [--json] COMMAND ..." \
	"no command: then the help"

st frobnicate
ok_rc 2 "unknown command exits 2"
one_line_error "unknown command: one line on stderr"
like "$err" 'unknown command "frobnicate"' "unknown command is named"

st contact frobnicate
ok_rc 2 "unknown verb exits 2"
like "$err" '"frobnicate"' "unknown verb is named"

# The command table (src/cli/cli.c): dispatch, the help and the listings.
nodb="$WORK/never.db"
st --db "$nodb" contact frobnicate
[ -e "$nodb" ] && fail "an unknown verb creates no database" "$nodb exists" ||
	pass "an unknown verb creates no database"
st --db "$nodb" db frobnicate
is "$rc $err" '2 salesterm: unknown db command "frobnicate" (info, check, backup) (see '"'salesterm help'"')' \
	"an unknown verb of a command: its verbs, from the table"
st --db "$WORK/remote.db" remote
is "$rc $out $err" "0  no remotes: add one with 'salesterm remote add URL'" "remote alone is remote list"
st --db "$WORK/remote.db" conflicts
is "$rc $out" "0 no conflicts" "conflicts is conflict"
st --db "$nodb" db
is "$rc $err" '2 salesterm: unknown db command "" (info, check, backup) (see '"'salesterm help'"')' \
	"db alone names its verbs"
st TYPE list
is "$rc $err" '2 salesterm: unknown command "TYPE" (see '"'salesterm help'"')' \
	"TYPE is a placeholder, not a command"
st help --commands
ok_rc 0 "help --commands"
is "$(printf '%s\n' "$out" | grep -cE '^(TYPE list|TYPE fields|search|lead convert|db check|sync|sync status|remote remove|server-init)$')" 9 \
	"help --commands: one command a line, from the table"
unlike "$out" '^remote rm$' "help --commands leaves aliases out"
unlike "$out" '^help' "and help itself"
commands=$out
st help
usage=$out
missing=""
for c in $(printf '%s\n' "$commands" | awk '{ print $1 }' | sort -u); do
	printf '%s\n' "$usage" | grep -q "^  salesterm $c" || missing="$missing $c"
done
is "$missing" "" "the help shows every command of the table"
# The types as the program has them (no copy of the list to keep up to date):
# each answers "fields", and they are the database's, one for one.
st help --types
types=$out
like "$(echo $types)" "(^| )contact( |$)" "help --types: the record types"
bad=""
for t in $types; do
	st "$t" fields
	[ "$rc" = 0 ] || bad="$bad $t"
done
st --json db info
is "$bad|$(echo $types | wc -w)" "|$(printf '%s\n' "$out" | sed -n '/"records"/,/}/p' | grep -c '":[[:space:]]*[0-9]')" \
	"each a type of its own, every one of the database's"

# ---- every record type: add, count, show, list, edit, delete, undelete ----

# lifecycle TYPE NAME KEY WANT EDITKEY EDITVAL EDITRC ADD-ARGS...
# Add a record with ADD-ARGS (its id in $id), check that show --json has
# KEY=WANT, show NAME finds it, list and count see it, edit EDITKEY=EDITVAL
# exits EDITRC (and takes effect, or changes nothing), delete and undelete.
lifecycle() {
	t=$1 name=$2 key=$3 want=$4 ekey=$5 eval_=$6 erc=$7
	shift 7
	st "$t" count
	n0=$out
	st "$t" add "$@"
	like "$rc $out" "^0 ${UUID_RE#^}" "$t add prints the new id"
	id=$out
	id8=$(printf '%.8s' "$id")
	st "$t" count
	n1=$out
	st "$t" list --all
	is "$n1 $(printf '%s\n' "$out" | grep -c "^$id8 ")" "$((n0 + 1)) 1" "$t count and list see the new record"
	st --json "$t" show "$id"
	json=$out
	st "$t" show "$name"
	is "$(jget "$json" "d['type']") $(jget "$json" "d['$key']") | $(printf '%s\n' "$out" | sed -n 1p)" \
		"$t $want | $t $name" "$t show --json has $key; show NAME finds it by name"
	sum=$(dbsum)
	st "$t" edit "$id" "$ekey=$eval_"
	if [ "$erc" -eq 0 ]; then
		st --json "$t" show "$id"
		is "$rc:$(jget "$out" "d['$ekey']")" "0:$eval_" "$t edit: $ekey is saved"
	else
		is "$rc:$(dbsum)" "$erc:$sum" "$t edit is refused (exit $erc) and changes nothing"
	fi
	st "$t" delete "$id"
	like "$out" "^deleted $t \".*\" \\(undo: salesterm $t undelete $id\\)$" "$t delete says how to undo"
	st "$t" count
	n1=$out
	st --json "$t" show "$id"
	is "$n1 $(jget "$out" "d.get('deleted')")" "$n0 true" "$t count leaves it out, show --json marks it deleted"
	if [ "$t" = contact ]; then
		st "$t" list --all --deleted
		like "$out" "^$id8 .*\\(deleted\\)$" "$t list --deleted shows it marked"
	fi
	st "$t" undelete "$id"
	st "$t" count
	is "$rc:$out" "0:$((n0 + 1))" "$t undelete brings it back"
}

# fields_have TYPE KEY... - 'TYPE fields' lists every KEY (doc/DESIGN.md section 3).
fields_have() {
	t=$1
	shift
	st "$t" fields
	missing=""
	for k in "$@"; do
		printf '%s\n' "$out" | grep -q "^$k " || missing="$missing $k"
	done
	is "$rc:$missing" "0:" "$t fields lists every key"
}

# Single-user database (no users yet): everything is allowed.
lifecycle account 华为科技有限公司 segment A territory 深圳 0 \
	name=华为科技有限公司 industry=通信 segment=A phone='+86 755 2878 0808' \
	website=https://www.huawei.com tags='5G, 大客户'
acc_id=$id
lifecycle contact 张伟 title 采购经理 title 总监 0 \
	name=张伟 account=华为科技有限公司 title=采购经理 mobile='+86 138 0013 8000' \
	email=zw@huawei.com birthday=1985-05-05
zw_id=$id
lifecycle campaign 春季展会 cost 50000.00 cost 60000.50 0 \
	name=春季展会 channel=event start_date=2026-03-01 end_date=2026-03-05 cost=50000
lifecycle lead 李娜 score 80 rating warm 0 \
	name=李娜 company=北京科技有限公司 title=经理 source=event campaign=春季展会 rating=hot \
	score=80 email=ln@bjkj.cn

lifecycle stage Demo probability 50 idle_days 12 0 \
	name=Demo position=35 probability=50 idle_days=10 required=amount
lifecycle product CRM套件 price 9999.99 line 服务 0 \
	code=P-100 name=CRM套件 line=软件 price=9999.99
lifecycle opportunity 华为续约 amount 12500.50 next_step 报价 0 \
	name=华为续约 account=华为科技有限公司 contact=张伟 amount=12500.50 close_date=2026-12-20
opp_id=$id
lifecycle activity 续约电话 start 2026-11-24T02:00:00Z location 深圳 0 \
	kind=call subject=续约电话 start='2026-11-24 10:00' related=华为科技有限公司
lifecycle followup 谈了价格 at 2026-11-22T07:00:00Z notes changed 5 \
	related=张伟 at='2026-11-22 15:00' channel=wechat outcome=谈了价格 notes=first

fields_have user name email role territory quota
fields_have account name industry territory segment phone email website address tags notes
fields_have contact name account title phone mobile email address channel do_not_contact \
	birthday tags notes
fields_have lead name company title phone email source campaign status rating score notes
fields_have opportunity name account contact stage amount currency probability close_date \
	category next_step lost_reason product_line
fields_have activity kind subject start end due all_day location related status priority \
	reminder
fields_have followup related activity at channel outcome notes next_date
fields_have campaign name channel start_date end_date cost
fields_have product code name line price currency
fields_have stage name position probability won lost idle_days required review_role
fields_have stage_change opportunity from_stage to_stage at user
fields_have approval opportunity stage user at note

# stage_change and approval are history written by salesterm only.
for t in stage_change approval; do
	sum=$(dbsum)
	st "$t" add opportunity="$opp_id"
	ok_rc 2 "$t add is refused"
	one_line_error "$t add: one-line message"
	like "$err" 'written by salesterm itself' "$t add: the message says why"
	is "$(dbsum)" "$sum" "$t add: database unchanged"
	st "$t" delete "$opp_id"
	ok_rc 2 "$t delete is refused"
done
st stage_change count
is "$out" 1 "stage_change count: the new opportunity's first stage"
st stage_change list
like "$out" "^[0-9a-f]{8}  华为续约 +Prospecting " "stage_change list shows the opportunity and stage"
st approval count
is "$out" 0 "approval count: none yet"

# ---- JSON ----

st --json opportunity show 华为续约
json_ok "$out" "opportunity show --json parses"
is "$(jget "$out" "[d['amount'], d['currency'], d['probability'], d['category']]")" \
	'["12500.50", "CNY", 10, "pipeline"]' \
	"opportunity JSON: amount is a decimal string, probability a number"
is "$(jget "$out" "[d['account'], d['contact'], d['stage']]")" \
	"[\"$acc_id\", \"$zw_id\", \"5a9e0001-0000-4000-8000-000000000001\"]" \
	"opportunity JSON: references are ids"
is "$(jget "$out" "[d['lost_reason'], d['lead']]")" "[null, null]" "opportunity JSON: empty fields are null"
st --json contact show 张伟
is "$(jget "$out" "[d['do_not_contact'], d['birthday']]")" '[false, "1985-05-05"]' \
	"contact JSON: booleans are true/false, dates YYYY-MM-DD"
st contact edit 张伟 do_not_contact=yes
st --json contact show 张伟
is "$(jget "$out" "d['do_not_contact']")" "true" "contact JSON: do_not_contact=yes is true"
st contact edit 张伟 do_not_contact=no
st --json stage show 'Closed Won'
is "$(jget "$out" "[d['won'], d['lost'], d['probability']]")" '[true, false, 100]' "stage JSON: won/lost booleans"
st --json account show 华为科技有限公司
is "$(jget "$out" "[d['tags'], d['website'], d['territory']]")" '["5G,大客户", "https://www.huawei.com", "深圳"]' \
	"account JSON: tags normalised"
st --json contact count
is "$(jget "$out" "d['count']")" 1 "count --json gives {\"count\": N}"
st --json contact add name=王芳 account=华为科技有限公司 title=销售经理
is "$(jget "$out" "[d['type'], d['name'], d['title']]")" '["contact", "王芳", "销售经理"]' \
	"add --json prints the new record"
st opportunity show 华为续约
like "$out" '^  amount +¥12,500\.50$' "opportunity show: the amount with its currency's sign and grouping"

# ---- list filters, sorting, limits ----

st account add name=Acme industry=Tech
for p in Alice:1995-03-01 Bob:1993-07-01 Carol:1995-01-15 Dave:1994-02-02 Eve:1993-01-01; do
	st contact add name="${p%%:*}" account=Acme birthday="${p#*:}" title=Engineer
done
st contact add name=张敏 account=华为科技有限公司 title=采购专员 birthday=1990-09-09
st contact add name='Zhang Wei' account=Acme title=Sales
st contact edit Eve do_not_contact=yes

names() { jget "$1" "' '.join(r['name'] for r in d)"; }
st --json contact list account=Acme
is "$(names "$out")" "Alice Bob Carol Dave Eve Zhang Wei" "filter =: by an account name, sorted by name"
st --json contact list account!=Acme
is "$(names "$out")" "王芳 张敏 张伟" "filter !=: sorted by pinyin"
st --json contact list 'birthday>=1994-01-01'
is "$(names "$out")" "Alice Carol Dave" "filter >= on a date"
st --json contact list 'birthday<1990-01-01'
is "$(names "$out")" "张伟" "filter < on a date"
st --json contact list title~经理
is "$(names "$out")" "王芳" "filter ~ (contains) with CJK"
st --json contact list title~ngin account=Acme
is "$(names "$out")" "Alice Bob Carol Dave Eve" "filters combine"
st --json contact list do_not_contact=yes
is "$rc $(names "$out")" "0 Eve" "filter on a yes/no field"
st --json contact list account=Acme --sort birthday:desc
is "$(names "$out")" "Alice Carol Dave Bob Eve Zhang Wei" "--sort KEY:desc (empty values last)"
st --json contact list account=Acme --sort birthday
is "$(names "$out")" "Zhang Wei Eve Bob Dave Carol Alice" "--sort KEY ascending"
st --json contact list account=Acme --limit 2
is "$(names "$out")" "Alice Bob" "--limit"
st contact count account=Acme
is "$out" 6 "count with a filter"
st contact count 'birthday>=1994-01-01' title~Engineer
is "$out" 3 "count with two filters"
st lead count status=new
is "$rc:$out" "0:1" "count with an enum filter"
st opportunity count 'amount>=10000'
is "$out" 1 "count with an amount filter"
st opportunity count 'amount<10000'
is "$out" 0 "count with an amount filter (none)"

# ---- columns stay aligned with CJK names ----

st contact add name=欧阳张三李四王五赵六钱 account=华为科技有限公司 title=经理经理经理经理经理
st contact list --all
ok_rc 0 "contact list"
hdr_acc=$(dcol "$out" "ID " "Account")
hdr_title=$(dcol "$out" "ID " "Title")
is "$(dcol "$out" "Alice" "Acme") $(dcol "$out" "张伟" "华为科技有限公司")" "$hdr_acc $hdr_acc" \
	"list: the account column starts at the same column after a Latin and a CJK name"
is "$(dcol "$out" "Alice" "Engineer") $(dcol "$out" "张伟" "总监") $(dcol "$out" "王芳" "销售经理")" \
	"$hdr_title $hdr_title $hdr_title" \
	"list: the title column starts at the same column after CJK accounts"
is "$(dcol "$out" "欧阳" "华为科技有限公司")" "$hdr_acc" "list: a clipped CJK name keeps the next column in place"
st account list
is "$(dcol "$out" "华为科技" "通信") $(dcol "$out" "Acme" "Tech")" \
	"$(dcol "$out" "ID " "Industry") $(dcol "$out" "ID " "Industry")" "account list: columns aligned"

# ---- search ----

st search 张
ok_rc 0 "search 张"
like "$out" '^contact +[0-9a-f]{8}  张伟$' "search 张 finds 张伟"
like "$out" '^contact +[0-9a-f]{8}  张敏$' "search 张 finds 张敏"
unlike "$out" '王芳' "search 张 does not find 王芳"
st search 科技
like "$out" '^account +[0-9a-f]{8}  华为科技有限公司$' "search 科技 finds the account"
like "$out" '^lead +[0-9a-f]{8}  李娜$' "search 科技 finds the lead by its company"
st search zha
like "$out" '^contact +[0-9a-f]{8}  Zhang Wei$' "search zha: a Latin prefix finds Zhang Wei"
st --json search 张 --type contact
json_ok "$out" "search --json parses"
is "$(jget "$out" "sorted(h['title'] for h in d)")" '["张伟", "张敏", "欧阳张三李四王五赵六钱"]' \
	"search --type contact --json: every contact with 张 in the name"
st search 华为 --type opportunity
like "$out" '^opportunity +[0-9a-f]{8}  华为续约$' "search --type opportunity"
st search qqqqzzzz
is "$rc:$out" "0:" "search without a hit exits 0 and prints nothing"
like "$err" 'no matches' "search without a hit says so"

# ---- lead convert ----

st lead convert 李娜
ok_rc 0 "lead convert"
like "$(printf '%s\n' "$out" | sed -n 1,2p | tr '\n' ' ')" '^account [0-9a-f-]{36} contact [0-9a-f-]{36} $' \
	"lead convert prints the account and the contact"
conv_opp=$(printf '%s\n' "$out" | sed -n 's/^opportunity //p')
like "$conv_opp" "$UUID_RE" "lead convert prints the new opportunity id"
st --json lead show 李娜
is "$(jget "$out" "[d['status'], d['converted_opportunity']]")" "[\"converted\", \"$conv_opp\"]" \
	"the lead is converted and points at the opportunity"

# ---- users and roles: opportunity move and approve ----

st user add name=Mona role=manager email=mona@example.com quota=1000000
ok_rc 0 "user add (the first user, a manager)"
st contact add name=Nobody
ok_rc 5 "users exist but none is current: writes are refused"
st --json user show Mona
mona_id=$(jget "$out" "d['id']")
st user use Mona
is "$rc:$out" "0:Mona (manager) $mona_id" "user use Mona"
lifecycle user Temp role rep territory 华南 0 name=Temp role=rep email=temp@example.com
st user add name=Ray role=rep email=ray@example.com
st user use Ray
like "$out" '^Ray \(rep\) ' "user use Ray"
st user whoami
like "$out" '^Ray \(rep\) [0-9a-f-]{36}$' "user whoami"
st --json user whoami
is "$(jget "$out" "[d['name'], d['role']]")" '["Ray", "rep"]' "user whoami --json"

st account add name=拓维信息
st contact add name=刘洋 account=拓维信息
st opportunity add name=拓维项目 account=拓维信息 contact=刘洋
ok_rc 0 "a rep adds an opportunity"
tw=$out
st opportunity move 拓维项目 Proposal amount=250000 close_date=2026-12-20
ok_rc 0 "opportunity move to Proposal with the required fields"
is "$out" 'opportunity "拓维项目" is now in Proposal (60%)' "move reports the new stage"
st opportunity move 拓维项目 Negotiation next_step=谈判
ok_rc 7 "a rep cannot enter Negotiation before a manager approves"
like "$err" "salesterm opportunity approve $tw" "the message says how to get approval"
st opportunity approve 拓维项目
ok_rc 5 "a rep cannot approve"
st user use Mona
st opportunity approve 拓维项目 --note 同意
is "$rc:$out" "0:approved" "the manager approves"
st user use Ray
st opportunity move 拓维项目 Negotiation next_step=谈判
ok_rc 0 "after approval the rep moves the deal"
st --json opportunity show 拓维项目
is "$(jget "$out" "[d['stage'], d['probability'], d['next_step']]")" \
	'["5a9e0005-0000-4000-8000-000000000005", 80, "谈判"]' "the deal is in Negotiation at 80%"
st approval list opportunity=拓维项目
like "$out" '拓维项目 +Negotiation +Mona .*同意$' "approval list shows the sign-off"

# ---- activity done --log --next ----

st activity add kind=call subject=跟进电话 start='tomorrow 10:00' related=拓维信息
ok_rc 0 "activity add with start='tomorrow 10:00'"
act=$out
st --json activity show "$act"
is "$(jget "$out" "[d['start'], d['status']]")" '["2026-11-24T02:00:00Z", "planned"]' \
	"tomorrow 10:00 is stored in UTC, status planned"
st activity done "$act" --log "谈了价格" --next +3d
ok_rc 0 "activity done --log --next"
fu=$(printf '%s\n' "$out" | sed -n 's/^followup //p')
nx=$(printf '%s\n' "$out" | sed -n 's/^next //p')
like "$fu $nx" "^[0-9a-f-]{36} [0-9a-f-]{36}$" "activity done prints the follow-up and the next activity"
st --json followup show "$fu"
is "$(jget "$out" "[d['notes'], d['activity'], d['next_date'], d['channel']]")" \
	"[\"谈了价格\", \"$act\", \"2026-11-26\", \"call\"]" "the follow-up logs the call"
st --json activity show "$nx"
is "$(jget "$out" "[d['due'], d['status'], d['kind']]")" '["2026-11-26", "planned", "call"]' \
	"the next activity is due in 3 days"
st --json activity show "$act"
is "$(jget "$out" "d['status']")" "done" "the activity is done"

# ---- FIELD@FILE and FIELD@- ----

printf '第一行\n\tsecond line with "quotes"\n' >"$WORK/notes.txt"
st contact edit 刘洋 notes@"$WORK/notes.txt"
ok_rc 0 "notes@FILE"
st --json contact show 刘洋
is "$(jget "$out" "d['notes'] == open('$WORK/notes.txt', encoding='utf-8').read()")" "true" \
	"notes@FILE stores the file exactly"
printf '高级经理\n' >"$WORK/title.txt"
st contact edit 刘洋 title@- <"$WORK/title.txt"
ok_rc 0 "title@- reads standard input"
st --json contact show 刘洋
is "$(jget "$out" "d['title']")" "高级经理" "title@-: the value, trimmed"
printf '周杰' >"$WORK/name.txt"
st contact add name@"$WORK/name.txt" account=拓维信息
ok_rc 0 "add with name@FILE"
st contact show 周杰
is "$(printf '%s\n' "$out" | sed -n 1p)" "contact 周杰" "name@FILE: the contact is found by that name"

# ---- demo ----

DB0=$DB
DB=$WORK/demo1.db
st demo --size 300 --seed 7
ok_rc 0 "demo --size 300 --seed 7"
like "$out" ' 300 contacts,' "demo reports 300 contacts"
st --json contact list --all
demo1=$out
is "$(jget "$out" "len(d)")" 300 "demo: contact list --all --json has 300 contacts"
sum=$(dbsum)
st demo --size 300 --seed 7
ok_rc 4 "a second demo on a non-empty database is refused"
like "$err" 'empty' "the refusal says demo needs an empty database"
is "$(dbsum)" "$sum" "the refused demo changed nothing"
st user whoami
like "$out" '^.+ \(rep\) [0-9a-f-]{36}$' "the demo starts as a rep"
DB=$WORK/demo2.db
st demo --size 300 --seed 7
st --json contact list --all
is "$(printf '%s' "$out" | md5sum)" "$(printf '%s' "$demo1" | md5sum)" \
	"demo: the same seed gives identical contacts"
DB=$WORK/demo3.db
st demo --size 300 --seed 8
st --json contact list --all
unlike "$(printf '%s' "$out" | md5sum)" "$(printf '%s' "$demo1" | md5sum | cut -d' ' -f1)" \
	"demo: another seed gives other contacts"

# Paging through 300 contacts: pages concatenated are the full list.
DB=$WORK/demo1.db
ids() { jget "$1" "'\n'.join(r['id'] for r in d)"; }
st contact list
is "$(printf '%s\n' "$out" | wc -l)" 51 "list shows the header and 50 rows by default"
like "$err" '^\(first 50 contacts; --all for every one, --after [0-9a-f-]{36} for the next page\)$' \
	"list says how to see more"
st contact list --all
is "$(printf '%s\n' "$out" | wc -l)" 301 "list --all shows every row"
for sort in name name:desc birthday:desc account; do
	st --json contact list --all --sort "$sort"
	all=$(ids "$out")
	pages="" after="" n=0
	while [ "$n" -lt 20 ]; do
		n=$((n + 1))
		if [ -z "$after" ]; then
			st --json contact list --sort "$sort" --limit 70
		else
			st --json contact list --sort "$sort" --limit 70 --after "$after"
		fi
		page=$(ids "$out")
		[ -n "$page" ] || break
		pages="$pages${pages:+
}$page"
		after=$(printf '%s\n' "$page" | tail -n 1)
	done
	is "$(printf '%s\n' "$pages" | md5sum) $n" "$(printf '%s\n' "$all" | md5sum) 6" \
		"--after paging by $sort: 5 pages make the full list"
done
st followup count channel=call
want=$(sqlite3 "$DB" "SELECT count(*) FROM followup WHERE deleted = 0 AND channel = 'call'")
is "$out" "$want" "count with a filter on demo data"

# ---- db info, check, backup ----

st --json db info
json_ok "$out" "db info --json parses"
is "$(jget "$out" "[d['path'], d['schema'], d['readonly'], d['records']['contact'], d['records']['stage']]")" \
	"[\"$DB\", $(ls "$top_srcdir"/data/migrations/*.sql | wc -l), false, 300, 7]" \
	"db info --json: path, schema (one per migration), read-only, counts"
info=$(jget "$out" "d['records']")
st db info
like "$out" '^  contact +300$' "db info shows the counts"
st db check
is "$rc:$out" "0:ok" "db check"
st db backup "$WORK/backup.db"
ok_rc 0 "db backup FILE"
DB=$WORK/backup.db
st db check
is "$rc:$out" "0:ok" "the backup passes db check"
st --json db info
is "$(jget "$out" "d['records']")" "$info" "the backup has the same counts"
st contact count
is "$out" 300 "the backup opens with its 300 contacts"
# A new contact or account that is already here (issue 12): refused with the
# look-alikes and why, exit 15, nothing written; --force adds it anyway.
DB="$WORK/dups.db"
st account add name=华为科技有限公司
st contact add name=张伟 account=华为科技有限公司 "mobile=+86 139 1234 0077" email=zw@huawei.com
before=$(dbsum)
st contact add name=李雷 mobile=13912340077
ok_rc 15 "the same mobile, written otherwise: exit 15"
like "$err" '^salesterm: contact "李雷" may be here already \(add it anyway with --force\):$' "it says so"
like "$err" '^  [0-9a-f]{8}  张伟  华为科技有限公司 · …0077  \(same mobile\)$' "naming the existing one and why"
is "$(dbsum)" "$before" "nothing was written"
st contact add name=Wei email=ZW@HUAWEI.COM
ok_rc 15 "the same email, case aside"
like "$err" '\(same email\)' "said why"
st contact add name=张伟 account=华为科技有限公司
ok_rc 15 "the same name at the same account"
like "$err" '\(same name at the same account\)' "said why"
st contact add name=张伟
ok_rc 0 "the same name elsewhere is someone else"
st account add "name=华为科技"
ok_rc 15 "an account of the same company"
like "$err" '华为科技有限公司 +\(same company\)' "said why"
st contact add name=李雷 mobile=13912340077 --force
ok_rc 0 "--force adds it anyway"
st contact count
is "$out" "3" "three contacts now"
st contact add --force
ok_rc 2 "--force alone writes nothing"

DB=$DB0
st db check
is "$rc:$out" "0:ok" "db check on the main test database"

done_testing
