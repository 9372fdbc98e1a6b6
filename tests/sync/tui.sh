#!/bin/sh
# tui.sh - sync in the terminal UI, against a real PouchDB Server: the worker
# syncs on start, picks up the server's changes while the user does nothing,
# sends what is typed without a key, keeps working (and says so) while the
# server is gone, and the Sync screen (8) lists pending changes, runs and
# conflicts, which are resolved field by field (mine, theirs, a typed value;
# a deletion against an edit). Last, a login without a stored password: the
# TUI asks for it without echoing it, and asks again after a wrong one.
. "$top_srcdir/tests/sync/lib.sh"
command -v tmux >/dev/null 2>&1 || { echo "1..0 # SKIP tmux is not installed"; exit 0; }
. "$top_srcdir/tests/tui/tmux.sh"
trap 'tui_stop; sync_cleanup' EXIT
TUI_TIMEOUT=30

# until_a DESCRIPTION PATTERN ARGS... - sync client a, then run its CLI with
# ARGS, until the output matches PATTERN (30 s at most): one check.
# until_b: the same with client b, which the TUI syncs (no CLI sync).
until_a() { until_client a "$@"; }
until_b() { until_client b "$@"; }
until_client() {
	_c=$1
	_desc=$2
	_pat=$3
	shift 3
	_end=$(($(date +%s) + 30))
	while :; do
		[ "$_c" = a ] && cli a sync
		cli "$_c" "$@"
		if printf '%s\n' "$out" | grep -Eq -- "$_pat"; then
			pass "$_desc"
			return
		fi
		if [ "$(date +%s)" -ge "$_end" ]; then
			fail "$_desc" "no match for /$_pat/ in:" "$out" "$err"
			return
		fi
		sleep 0.2
	done
}

couch_start srv
http PUT "$URL/team"
DBURL="$URL/team"
cli a remote add "$DBURL"
cli b remote add "$DBURL"
new_id a contact add name=张伟 phone=+86-10-1234
zw=$id
cli a sync
ok_rc 0 "client a sends a contact"
DB="$WORK/b.db"

# ---- the worker syncs by itself ----

tui_start 100 30
expect_line "synced [0-9]{2}:[0-9]{2}$" "on start the TUI syncs, and the status line says when"
keys 2
expect "张伟" "what it received is on the contacts screen"
cli a contact edit "$zw" title=总经理
cli a sync
expect "总经理" "a change on the server shows up without a key (longpoll)"
keys n
typed "李娜"
keys C-s
expect 'added contact "李娜"' "a contact is added in the TUI"
until_a "the worker sends it without being asked" "李娜" contact list

# ---- the server goes away ----

couch_kill srv
keys n
typed "王芳"
keys C-s
expect 'added contact "王芳"' "without a server the TUI still saves"
expect "sync failed" "the status line says the sync failed"
keys 8
expect "Server  team" "8 opens the Sync screen"
expect "offline; trying again in" "it says it is offline and when it tries again"
expect "last error" "with the last error"
expect_line "contact +王芳 +new" "the unsent contact is under Changes to send"
keys 2
expect "Name" "the other screens answer while sync fails"
keys 8
couch_restart srv
keys S
expect "none: everything here is on the server" "after the server is back, the change goes out"
expect "up to date; watching the server" "and the worker watches the server again"
until_a "client a receives it" "王芳" contact list
tui_quit "the TUI quits cleanly after a sync"

# ---- a conflict, resolved field by field ----

# b's own change is made while its TUI is closed, so a's arrives as a conflict.
cli b contact edit "$zw" phone=+86-10-2222 title=经理
cli a contact edit "$zw" phone=+86-10-1111 email=zw@example.cn
cli a sync
tui_start 100 30
expect "1 conflict" "the status line counts the conflict"
keys 8
expect "Conflicts to resolve (1)" "the Sync screen lists it"
expect_line "contact +张伟 +changed on both sides: phone " "with the record and the field"
keys Enter
expect "Theirs (server)" "Enter opens it"
expect_line "Phone +\? +\+86-10-2222 +\+86-10-1111 +\+86-10-1234" \
	"mine, theirs and base side by side, nothing chosen yet"
keys Enter
expect "choose what to keep for Phone first" "saving with a field left open is refused"
keys t
expect_line "Phone +theirs " "t takes theirs"
keys Enter
expect 'resolved contact "张伟"' "Enter writes the resolution"
expect "Conflicts to resolve (0)" "and the list is empty"
cli b conflict list
like "$out" "no conflicts" "no conflict is left in the database"
cli b --json contact show "$zw"
like "$out" '"phone":[[:space:]]*"\+86-10-1111"' "the chosen value is kept"
like "$out" '"title":[[:space:]]*"经理"' "my other change is kept (merged)"
like "$out" '"email":[[:space:]]*"zw@example.cn"' "their other change is kept (merged)"
# Client a saw the conflict too (b's edit came first); the resolution closes it.
until_a "the resolution reaches client a: no conflict is left there either" "no conflicts" \
	conflict list
# b's resolution (with b's other change) may reach the server a moment after
# the conflict's losing leaf is closed: wait for it as for the rest.
until_a "client a has the resolved record with my other change" '"title":[[:space:]]*"经理"' \
	--json contact show "$zw"
like "$out" '"phone":[[:space:]]*"\+86-10-1111"' "and the chosen phone"
tui_quit "the TUI quits cleanly"

# ---- a typed value, and a deletion against an edit ----

cli b contact edit "$zw" title=销售经理
cli a contact edit "$zw" title=销售总裁
new_id a account add name=华为科技
acct=$id
cli a sync
cli b sync
cli a account delete "$acct"
cli b account edit "$acct" industry=通信
cli a sync
tui_start 100 30
expect "2 conflicts" "two conflicts"
keys 8
expect "Conflicts to resolve (2)" "both listed"
# They are listed oldest first, and both were found by the same run.
for which in first second; do
	keys Enter
	expect "Theirs (server)" "the $which opens"
	if screen | grep -q "Title"; then
		keys v C-u
		typed "销售副总裁"
		keys Enter
		expect_line "Title += 销售副总裁" "v takes a typed value"
		keys Enter
		expect 'resolved contact "张伟"' "and it is saved"
	else
		expect_line "Deleted +\? +live +deleted +live" \
			"a deletion against an edit is a conflict too"
		keys m Enter
		expect 'resolved account "华为科技"' "keeping the account"
	fi
done
expect "Conflicts to resolve (0)" "none is left"
cli b --json contact show "$zw"
like "$out" '"title":[[:space:]]*"销售副总裁"' "the typed value is the title"
cli b account show "$acct"
ok_rc 0 "the account edited here is kept, not silently deleted"
until_a "client a gets the account back" "华为科技" account list
tui_quit "the TUI quits cleanly after resolving"

# ---- a second territory: every remote syncs, each record to its own ----

http PUT "$URL/west"
cli w remote add "$URL/west"
new_id w account add name=西部客户
cli w sync
cli b remote add "$URL/west"
like "$out" "added remote west" "client b adds the west database as a second remote"
tui_start 100 30
until_b "the TUI receives the west database's records" "西部客户" account list
keys 8
expect "(one of 2: salesterm remote list)" "the Sync screen says there are two servers"
keys 2 n
typed "本地新客户"
keys C-s
expect 'added contact "本地新客户"' "a contact added here"
until_a "goes to the default remote" "本地新客户" contact list
cli w sync
cli w contact list
unlike "$out" "本地新客户" "and not to the other territory"
tui_quit "the TUI quits cleanly with two remotes"

# ---- a login without a stored password ----

http PUT "$URL/_config/admins/admin" '"secret"'
A="http://admin:secret@127.0.0.1:${URL##*:}"
http PUT "$A/_users/org.couchdb.user:rep1" \
	'{"name":"rep1","password":"s3cret-Rep1-pw","roles":[],"type":"user"}'
ok_rc 0 "the server gets an account"
cli c remote add "http://rep1@127.0.0.1:${URL##*:}/team"
ok_rc 0 "a remote with a login and no password"
DB="$WORK/c.db"
tui_start 100 30
expect "sync: password for rep1 needed (S)" "the status line asks for the password"
keys S
expect "Password for rep1 at" "S asks for it"
typed "wrong-pw"
expect "********" "what is typed shows as stars"
unlike "$(screen)" "wrong-pw" "and never as itself"
keys Enter
expect "sync: password for rep1 needed (S)" "after a wrong password it is asked for again"
keys 8
expect "refused the login" "the Sync screen shows the server's refusal"
keys S
expect "Password for rep1 at" "S asks again"
typed "s3cret-Rep1-pw"
keys Enter
expect_line "synced [0-9]{2}:[0-9]{2}$" "the right password syncs"
keys 2
expect "销售副总裁" "and the team's records arrive"
tui_quit "the TUI quits cleanly after a password"

# The CLI asks the same way, on the terminal, without echo.
cli d remote add "http://rep1@127.0.0.1:${URL##*:}/team"
SESSION=cli
tmux_session cli 100 30 "'$SALESTERM' --db '$WORK/d.db' sync; echo exit=\$?; sleep 600"
expect "Password for rep1 at http://127.0.0.1:${URL##*:}/team:" "the CLI asks for the password"
typed "s3cret-Rep1-pw"
keys Enter
expect "exit=0" "and syncs with it"
unlike "$(screen)" "s3cret" "what was typed never shows"
cli d contact list
like "$out" "本地新客户" "the records arrived"
tui_stop
SESSION=tui
if grep -rq "s3cret-Rep1-pw" "$WORK/c.db"* "$WORK/d.db"* "$XDG_CONFIG_HOME" 2>/dev/null; then
	fail "the password is not stored anywhere"
else
	pass "the password is not stored anywhere"
fi

# ---- a password over plain http:// to another host: the TUI warns, once ----

# 0.0.0.0 reaches this machine's server, but is not loopback by name.
cli e remote add "http://rep1@0.0.0.0:${URL##*:}/team"
DB="$WORK/e.db"
tui_start 100 30
expect "sync: password for rep1 needed (S)" "a remote over plain http:// to another host"
keys S
expect "Password for rep1 at" "asks for the password"
typed "s3cret-Rep1-pw"
keys Enter
expect "is plain http://" "the TUI warns that it goes unencrypted"
# The warning is longer than the status line: P shows it whole.
keys P
expect "is plain http://: the password for rep1 goes over the network" "P shows the whole warning"
expect "unencrypted; use https://" "its end included"
keys Escape
tui_quit "the TUI quits cleanly after the warning"
is "$(sql e "SELECT value FROM meta WHERE key = 'sync.cleartext_warned.team'")" \
	"http://0.0.0.0:${URL##*:}/team" "the warning is remembered for the remote"

done_testing
