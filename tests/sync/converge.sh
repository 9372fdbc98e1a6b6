#!/bin/sh
# converge.sh - two, then three clients edit, add, delete, undelete the same
# records offline in a random order (a fixed seed), resolve conflicts, and a
# foreign writer edits and deletes documents on the server by plain HTTP;
# everyone syncs now and then. After everyone has synced until nothing
# moves, every client and the server hold identical data and every client
# lists the same open conflicts (which leaves, their bases, the fields and
# the values of each side); once those are resolved on one client, none is
# left anywhere.
. "$top_srcdir/tests/sync/lib.sh"

couch_start srv
http PUT "$URL/team"
DBURL="$URL/team"

# Seed 7 makes foreign deletions of records a client never saw, and
# conflicts that replicas used to list differently (before conflict_refresh()).
SEED=${SALESTERM_CONVERGE_SEED:-7}
R=$SEED
# rand N - a number in [0, N) in $r, from a fixed-seed LCG.
rand() {
	R=$(((R * 1103515245 + 12345) % 2147483648))
	r=$(((R / 65536) % $1))
}

# pick FILE - a random line of FILE in $pick.
pick() {
	_n=$(wc -l <"$1")
	rand "$_n"
	pick=$(sed -n "$((r + 1))p" "$1")
}

# foreign - a random edit or deletion of a contact by another program, on the
# server by plain HTTP (a deletion is a bare tombstone).
foreign() {
	pick "$WORK/contacts"
	http GET "$DBURL/$pick"
	[ "$rc" -eq 0 ] || return 0
	rand 3
	if [ "$r" -eq 0 ]; then
		_rev=$(printf '%s' "$out" | node -e 'console.log(JSON.parse(require("fs").readFileSync(0))._rev)')
		http DELETE "$DBURL/$pick?rev=$_rev"
	else
		printf '%s' "$out" | node -e '
const d = JSON.parse(require("fs").readFileSync(0));
d.title = "外部" + process.argv[1];
process.stdout.write(JSON.stringify(d));' "$ops" >"$WORK/foreign.json"
		http PUT "$DBURL/$pick" "@$WORK/foreign.json"
	fi
	[ "$rc" -eq 0 ] || fail "foreign write to $pick" "$err" "$out"
}

# resolve_one NAME - client NAME resolves one of its conflicts, each field
# mine or theirs at random.
resolve_one() {
	cli "$1" --json conflict list
	rand 3
	_next=$(printf '%s' "$out" | node -e '
const a = JSON.parse(require("fs").readFileSync(0));
let r = Number(process.argv[1]);
if (a.length) {
  const c = a[r % a.length];
  console.log(c.id + " " + c.fields.map((f, i) => f.field + "=" + (((r >> i) & 1) ? "mine" : "theirs")).join(" "));
}' "$R")
	[ -n "$_next" ] || return 0
	# shellcheck disable=SC2086
	cli "$1" conflict resolve $_next
	[ "$rc" -eq 0 ] || fail "resolve ${_next%% *} on $1 in the random run" "$err"
}

ops=0
# step CLIENTS... - one random operation by one of CLIENTS.
step() {
	rand $#
	shift $r
	c=$1
	rand 13
	ops=$((ops + 1))
	case $r in
	0 | 1 | 2)
		pick "$WORK/contacts"
		rand 4
		case $r in
		0) cli "$c" contact edit "$pick" "title=职位$ops" ;;
		1) cli "$c" contact edit "$pick" "mobile=+86 138 0000 $((1000 + ops))" ;;
		2) cli "$c" contact edit "$pick" "email=u$ops@example.com" ;;
		3) cli "$c" contact edit "$pick" "notes=第${ops}次拜访" ;;
		esac
		;;
	3)
		pick "$WORK/accounts"
		cli "$c" account edit "$pick" "industry=行业$ops" "phone=010-$((60000000 + ops))"
		;;
	4)
		cli "$c" contact add "name=新客户$ops" "title=经理"
		[ "$rc" -eq 0 ] && echo "$out" >>"$WORK/new.$c"
		;;
	5)
		pick "$WORK/contacts"
		rand 3
		if [ "$r" -eq 0 ]; then cli "$c" contact undelete "$pick"; else cli "$c" contact delete "$pick"; fi
		;;
	6) resolve_one "$c" ;;
	7) foreign ;;
	*)
		cli "$c" sync
		if [ "$rc" -ne 0 ]; then fail "sync of $c in the random run" "$err"; fi
		# Records others created become targets once seen.
		for f in "$WORK"/new.*; do
			[ -f "$f" ] && cat "$f" >>"$WORK/contacts" && rm -f "$f"
		done
		;;
	esac
}

# settle CLIENTS... - sync each in turn until a whole round moves nothing.
settle() {
	round=0
	while [ $round -lt 8 ]; do
		round=$((round + 1))
		moved=0
		for c in "$@"; do
			cli "$c" --json sync
			if [ "$rc" -ne 0 ]; then
				fail "sync of $c while settling" "$err"
				return
			fi
			case "$(printf '%s' "$out" | tr -d ' \t\n')" in
			*'"pushed":0,"pulled":0,'*) ;;
			*) moved=1 ;;
			esac
		done
		[ $moved -eq 0 ] && break
	done
	if [ $moved -eq 0 ]; then
		pass "$* settle after $round rounds"
	else
		fail "$* settle" "still moving after $round rounds"
	fi
}

# conflicts NAME - client NAME's open conflicts, one line each, in the order
# listed: the record, both leaves, the base, and per field the base and each
# leaf's value. Which side is "mine" and when it was found are local to a
# client, so the sides are named by revision and found_at is left out.
conflicts() {
	cli "$1" --json conflict list
	printf '%s' "$out" | node -e '
const a = JSON.parse(require("fs").readFileSync(0));
for (const c of a) {
  const revs = [c.mine_rev, c.theirs_rev].sort();
  const side = (f, rev) => (rev === c.mine_rev ? f.mine : f.theirs);
  console.log(JSON.stringify([c.type, c.id, c.title, revs, c.base_rev,
    c.fields.map((f) => [f.field, f.base, revs.map((rev) => side(f, rev))])]));
}'
}

# server_all_revs - "id winning-rev" of every document on the server, sorted,
# with the bare tombstones of documents deleted by the foreign writer.
server_all_revs() {
	http GET "$DBURL/_changes"
	printf '%s' "$out" | node -e '
const r = JSON.parse(require("fs").readFileSync(0)).results;
console.log(r.map((x) => x.id + " " + x.changes[0].rev).sort().join("\n"));'
}

# agree CLIENTS... - every client holds the server's records and conflicts.
agree() {
	want=$(records "$1")
	wconf=$(conflicts "$1")
	for c in "$@"; do
		is "$(revs "$c")" "$(server_all_revs)" "$c holds exactly the server's records"
		is "$(records "$c")" "$want" "$c holds the same data as $1"
		is "$(conflicts "$c")" "$wconf" "$c sees the same open conflicts as $1"
	done
}

# ---- a shared start ----

cli a user add name=经理 role=manager
cli a user use 经理
for i in 1 2 3 4; do
	new_id a account add "name=公司$i"
	echo "$id" >>"$WORK/accounts"
done
for i in 1 2 3 4 5 6 7 8; do
	new_id a contact add "name=客户$i" "title=工程师" "account=公司$(((i % 4) + 1))"
	echo "$id" >>"$WORK/contacts"
done
cli a remote add "$DBURL"
cli a sync
for c in b c; do
	cli $c remote add "$DBURL"
	cli $c sync
	cli $c user use 经理
done

# ---- two clients ----

i=0
while [ $i -lt 50 ]; do
	step a b
	i=$((i + 1))
done
settle a b
agree a b

# ---- three clients ----

cli c sync
i=0
while [ $i -lt 70 ]; do
	step a b c
	i=$((i + 1))
done
settle a b c
agree a b c
echo "# seed $SEED: $ops operations; open conflicts at the end: $(conflicts a | grep -c .)"

# ---- resolve everything on one client ----

# One at a time: resolving one branch of a record may leave another.
tries=0
while [ $tries -lt 50 ]; do
	tries=$((tries + 1))
	cli a --json conflict list
	next=$(printf '%s' "$out" | node -e '
const a = JSON.parse(require("fs").readFileSync(0));
if (a.length) console.log(a[0].id + " " + a[0].fields.map(f => f.field + "=theirs").join(" "));')
	[ -z "$next" ] && break
	# shellcheck disable=SC2086
	cli a conflict resolve $next
	if [ "$rc" -ne 0 ]; then
		fail "resolve ${next%% *}" "$err"
		break
	fi
done
settle a b c
agree a b c
for c in a b c; do
	is "$(conflicts $c)" "" "$c has no conflict left"
done

done_testing
