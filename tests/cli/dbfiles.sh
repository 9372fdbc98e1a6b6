#!/bin/sh
# dbfiles.sh - the database file: where it is, files salesterm must refuse and
# leave alone, read-only files, a full disk, and two programs writing at once.
. "$top_srcdir/tests/cli/lib.sh"
cd "$WORK" || exit 1

# leftovers FILE - the SQLite side files (-wal, -shm, -journal) next to FILE.
leftovers() {
	for f in "$1-wal" "$1-shm" "$1-journal"; do
		[ -e "$f" ] && printf '%s ' "${f##*/}"
	done
	return 0
}

# ---- where the database is ----

default=$XDG_DATA_HOME/salesterm/salesterm.db
run "$SALESTERM" contact add name=默认
is "$rc $(test -f "$default" && echo created)" "0 created" \
	"first use creates \$XDG_DATA_HOME/salesterm/salesterm.db"
is "$(stat -c %a "$XDG_DATA_HOME/salesterm")" 700 "the new directory is private (0700)"
run "$SALESTERM" contact list --all
like "$out" '默认' "the next run uses the same default database"
run env -u XDG_DATA_HOME "$SALESTERM" contact add name=家
is "$rc $(test -f "$HOME/.local/share/salesterm/salesterm.db" && echo created)" "0 created" \
	"without XDG_DATA_HOME: ~/.local/share/salesterm/salesterm.db"
run env XDG_DATA_HOME=relative/dir "$SALESTERM" contact count
is "$rc $out$(test -e relative && echo ' (used the relative path)')" "0 1" \
	"a relative XDG_DATA_HOME is ignored (the ~/.local/share database is used)"

run env SALESTERM_DB="$WORK/env.db" "$SALESTERM" contact add name=环境
is "$rc $(sqlite3 "$WORK/env.db" 'SELECT name FROM contact')" "0 环境" "SALESTERM_DB overrides the default"
run "$SALESTERM" contact count
is "$out" 1 "the default database did not get the contact"
run env SALESTERM_DB="$WORK/env.db" "$SALESTERM" --db "$WORK/opt.db" contact add name=选项
is "$rc $(sqlite3 "$WORK/opt.db" 'SELECT name FROM contact')" "0 选项" "--db overrides SALESTERM_DB"
is "$(sqlite3 "$WORK/env.db" 'SELECT count(*) FROM contact')" 1 "the SALESTERM_DB database did not get it"
run env SALESTERM_DB="$WORK/env.db" "$SALESTERM" --db="$WORK/opt.db" contact count
is "$rc $out" "0 1" "--db=PATH works too"

# ---- customer data is private: 0600 whatever the umask and the place ----

mkdir "$WORK/shared" && chmod 0755 "$WORK/shared"
run sh -c "umask 022 && exec '$SALESTERM' --db '$WORK/shared/team.db' contact add name=私密"
is "$rc $(stat -c %a "$WORK/shared/team.db")" "0 600" "a new database made with umask 022 is 0600"
run env SALESTERM_DB="$WORK/shared/env.db" sh -c "umask 0 && exec '$SALESTERM' contact count"
is "$rc $(stat -c %a "$WORK/shared/env.db")" "0 600" "one made through SALESTERM_DB with umask 0 too"
# While a connection holds the database, its -wal and -shm are there to look at.
"$PYTHON" -S -c '
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("SELECT count(*) FROM contact").fetchall()
open(sys.argv[2], "w").close()
time.sleep(3)' "$WORK/shared/team.db" "$WORK/holding" &
holder=$!
i=0
while [ ! -e "$WORK/holding" ] && [ "$i" -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
run sh -c "umask 022 && exec '$SALESTERM' --db '$WORK/shared/team.db' contact add name=再一个"
is "$rc $(stat -c %a "$WORK/shared/team.db-wal") $(stat -c %a "$WORK/shared/team.db-shm")" \
	"0 600 600" "its -wal and -shm are 0600 as well"
wait "$holder"
run sh -c "umask 022 && exec '$SALESTERM' --db '$WORK/shared/team.db' db backup '$WORK/shared/copy.db'"
is "$rc $(stat -c %a "$WORK/shared/copy.db")" "0 600" "a db backup file is 0600"
is "$(sqlite3 "$WORK/shared/copy.db" 'SELECT count(*) FROM contact')" 2 "and holds the data"

# A new database that cannot be set up (no room for a byte) leaves no file.
err=$( (ulimit -f 0 && exec "$SALESTERM" --db "$WORK/shared/full.db" contact count) 2>&1 >/dev/null)
rc=$?
like "$rc" '^1[34]$' "a new database on a full disk exits 13 or 14"
like "$err" '(disk full|input/output error)' "saying why"
is "$(ls "$WORK/shared" | grep -c full)" 0 "and leaves no empty or half-made file behind"
: >"$WORK/shared/mine.db"
(ulimit -f 0 && exec "$SALESTERM" --db "$WORK/shared/mine.db" contact count) >/dev/null 2>&1
is "$(test -e "$WORK/shared/mine.db" && echo kept)" kept "an empty file the user made is not removed"

# ---- the demo's scratch file does not outlive a killed demo ----

# scratch DB - the demo's scratch files beside DB (FILE-demo-*), by name.
scratch() { (cd "$(dirname "$1")" && ls -d "$(basename "$1")"-demo-* 2>/dev/null); }
DB=$WORK/killed.db
st contact count
"$SALESTERM" --db "$DB" demo --size 300000 --seed 5 >/dev/null 2>&1 &
demo=$!
i=0
while [ -z "$(scratch "$DB")" ] && [ "$i" -lt 400 ] && kill -0 "$demo" 2>/dev/null; do
	sleep 0.05
	i=$((i + 1))
done
left=$(scratch "$DB")
kill -9 "$demo" 2>/dev/null
wait "$demo" 2>/dev/null
if [ -z "$left" ]; then
	for d in "a killed demo's scratch file is named with its pid" \
		"the next demo removes the scratch file of the dead one" \
		"but not one of a process that is alive"; do
		skip "$d" "the demo built its search index without a scratch file here (one CPU?)"
	done
else
	like "$left" "^killed\.db-demo-$demo-" "a killed demo's scratch file is named with its pid"
	sleep 1000 &
	alive=$!
	: >"$DB-demo-$alive-AbCdEf"
	st demo --size 300 --seed 5
	is "$rc $(test -e "$WORK/$left" && echo "$left is still there")" "0 " \
		"the next demo removes the scratch file of the dead one"
	is "$(scratch "$DB")" "killed.db-demo-$alive-AbCdEf" "but not one of a process that is alive"
	kill "$alive"
	wait "$alive" 2>/dev/null
fi

# ---- files that are not salesterm databases are refused and left alone ----

printf 'name,email\n张伟,zw@huawei.com\n' >"$WORK/contacts.csv"
sum=$(md5sum <"$WORK/contacts.csv")
run "$SALESTERM" --db "$WORK/contacts.csv" contact list
ok_rc 11 "a CSV file is refused with exit 11"
one_line_error "a CSV file: one line on stderr"
like "$err" 'contacts\.csv: not a SQLite database' "a CSV file: the message says it is not a database"
run "$SALESTERM" --db "$WORK/contacts.csv" contact add name=x
ok_rc 11 "a write to a CSV file is refused with exit 11"
is "$(md5sum <"$WORK/contacts.csv")|$(leftovers "$WORK/contacts.csv")" "$sum|" \
	"the CSV file is byte-identical and has no -wal/-shm/-journal"
printf 'hi\n' >"$WORK/tiny.txt"
run "$SALESTERM" --db "$WORK/tiny.txt" contact count
is "$rc $(cat "$WORK/tiny.txt")" "11 hi" "a 3-byte file is refused and kept"

sqlite3 "$WORK/other.db" "CREATE TABLE notes (x); INSERT INTO notes VALUES ('mine');"
sum=$(md5sum <"$WORK/other.db")
run "$SALESTERM" --db "$WORK/other.db" contact count
ok_rc 11 "another program's SQLite database is refused with exit 11"
is "$(md5sum <"$WORK/other.db")|$(leftovers "$WORK/other.db")" "$sum|" \
	"another program's SQLite database is left byte-identical"

run "$SALESTERM" --db "$WORK/newer.db" contact add name=x
sqlite3 "$WORK/newer.db" 'PRAGMA user_version = 999'
sum=$(md5sum <"$WORK/newer.db")
run "$SALESTERM" --db "$WORK/newer.db" contact count
ok_rc 10 "a database with user_version 999 is refused with exit 10"
one_line_error "a newer database: one line on stderr"
like "$err" 'newer' "a newer database: the message says newer"
run "$SALESTERM" --db "$WORK/newer.db" contact add name=y
is "$rc $(md5sum <"$WORK/newer.db")|$(leftovers "$WORK/newer.db")" "10 $sum|" \
	"a write to a newer database is refused; the file is unchanged"
sqlite3 "$WORK/newer.db" 'PRAGMA journal_mode = DELETE' >/dev/null
sum=$(md5sum <"$WORK/newer.db")
run "$SALESTERM" --db "$WORK/newer.db" contact count
is "$rc $(md5sum <"$WORK/newer.db")|$(leftovers "$WORK/newer.db")" "10 $sum|" \
	"a newer database in rollback-journal mode is refused and left byte-identical"

: >"$WORK/empty.db"
run "$SALESTERM" --db "$WORK/empty.db" contact count
is "$rc $out" "0 0" "an empty file becomes a new database"

# ---- a read-only database opens read-only ----

mkdir "$WORK/ro"
run "$SALESTERM" --db "$WORK/ro/ro.db" contact add name=只读
chmod 0444 "$WORK/ro/ro.db"
chmod 0555 "$WORK/ro"
sum=$(md5sum <"$WORK/ro/ro.db")
if [ "$(id -u)" -eq 0 ]; then
	# Permissions do not stop root: these checks would prove nothing.
	for d in "a read-only database can be listed" "a read-only database: a notice on stderr" \
		"a write to a read-only database exits 9" "a read-only database: the message says read-only" \
		"db info says read-only" "the read-only file is unchanged, no -wal/-shm"; do
		skip "$d" "running as root"
	done
else
	run "$SALESTERM" --db "$WORK/ro/ro.db" contact list
	is "$rc $(printf '%s\n' "$out" | grep -c 只读)" "0 1" "a read-only database can be listed"
	like "$err" 'read-only' "a read-only database: a notice on stderr"
	run "$SALESTERM" --db "$WORK/ro/ro.db" contact add name=写
	ok_rc 9 "a write to a read-only database exits 9"
	like "$err" 'read-only' "a read-only database: the message says read-only"
	run "$SALESTERM" --db "$WORK/ro/ro.db" --json db info
	is "$(jget "$out" "d['readonly']")" true "db info says read-only"
	is "$(md5sum <"$WORK/ro/ro.db")|$(leftovers "$WORK/ro/ro.db")" "$sum|" \
		"the read-only file is unchanged, no -wal/-shm"
fi
chmod 0755 "$WORK/ro"
chmod 0644 "$WORK/ro/ro.db"

# ---- a full disk: the write fails cleanly and nothing changes ----

DB=$WORK/full.db
st demo --size 300 --seed 7
st contact count
n=$out
sum=$(dbsum)
# A note within the 100000-byte limit, but more than the file-size limit below
# lets SQLite write. "ulimit -f 80" is 40 KB in 512-byte blocks (dash, POSIX)
# or 80 KB in 1024-byte blocks (bash): above the 32 KB -shm, under the note.
head -c 99000 /dev/zero | tr '\0' n >"$WORK/note99k.txt"
out=$( (ulimit -f 80 && exec "$SALESTERM" --db "$DB" contact add name=满 notes@"$WORK/note99k.txt") \
	2>"$WORK/stderr")
rc=$?
err=$(cat "$WORK/stderr")
like "$rc" '^1[34]$' "a write on a full disk exits 13 or 14"
one_line_error "a full disk: one line on stderr"
like "$err" '(disk full|input/output error)' "a full disk: the message says disk full or I/O error"
st db check
is "$rc:$out" "0:ok" "after the failed write the database passes db check"
st contact count
is "$out" "$n" "after the failed write the database has the same contacts"
is "$(dbsum)" "$sum" "after the failed write the database is unchanged"
out=$( (ulimit -f 80 && exec "$SALESTERM" --db "$DB" db backup "$WORK/full-backup.db") 2>"$WORK/stderr")
rc=$?
err=$(cat "$WORK/stderr")
like "$rc" '^1[34]$' "a backup on a full disk exits 13 or 14"
like "$err" 'full-backup\.db: backup failed' "a failed backup says so"
is "$(ls "$WORK" | grep -c full-backup)" 0 "a failed backup leaves no file behind"
is "$(dbsum)" "$sum" "a failed backup leaves the database unchanged"

# ---- two programs at once ----

# Another program holds the write lock for 4 seconds.
DB=$WORK/lock.db
st contact add name=先来
sum=$(dbsum)
"$PYTHON" -S -c '
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
time.sleep(4)
c.execute("COMMIT")' "$DB" "$WORK/locked" &
locker=$!
i=0
while [ ! -e "$WORK/locked" ] && [ "$i" -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
st contact count
is "$rc $out" "0 1" "reading while another program writes works"
t0=$(now_ms)
st contact add name=后到
t1=$(now_ms)
ok_rc 12 "writing while another program holds the lock exits 12"
like "$err" '^salesterm: .*locked' "the message says locked"
is "$([ $((t1 - t0)) -lt 3900 ] && echo in-time || echo "$((t1 - t0)) ms")" in-time \
	"the locked write gives up before the lock is released"
wait "$locker"
is "$(dbsum)" "$sum" "the locked write changed nothing"

# A long demo in the background and a write at the same time.
DB=$WORK/busy.db
st contact count
"$SALESTERM" --db "$DB" demo --size 20000 --seed 3 >"$WORK/demo.out" 2>"$WORK/demo.err" &
demo=$!
# Wait until the demo writes: its rollback journal, or a WAL with frames
# (up to 60 s: under the sanitizers, on a loaded machine, in distcheck, its
# start once took more than the 4 s this waited, the write came first and
# the demo then refused a database that held a record).
i=0
while [ ! -e "$DB-journal" ] && [ ! -s "$DB-wal" ] && [ "$i" -lt 3000 ]; do
	sleep 0.02
	i=$((i + 1))
done
t0=$(now_ms)
st contact add name=并发
t1=$(now_ms)
is "$(kill -0 "$demo" 2>/dev/null && echo running)" running "the write was tried while the demo was writing"
like "$rc:$err" '^(0:$|12:salesterm: .*locked)' \
	"a write during a demo succeeds or exits 12 saying locked"
added=0
[ "$rc" -eq 0 ] && added=1
is "$([ $((t1 - t0)) -lt 5000 ] && echo in-time || echo "$((t1 - t0)) ms")" in-time \
	"the write during a demo does not hang"
wait "$demo"
is "$?" 0 "the demo finishes"
st db check
is "$rc:$out" "0:ok" "after two writers the database passes db check"
st contact count
is "$out" "$((20000 + added))" "after two writers every contact is there"

done_testing
