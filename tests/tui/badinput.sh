#!/bin/sh
# badinput.sh - forms reject what the core rejects, naming the field and the
# reason and keeping what was typed; a database locked by another process is
# reported, not hung on; a file that is not a database is refused.
. "$(dirname "$0")/lib.sh"

st account add name=Acme
# An "editor" that writes what $WORK/editmode asks for into the file it is given.
cat >"$WORK/editor" <<'ED'
#!/bin/sh
case $(cat "$(dirname "$0")/editmode") in
big) head -c 70000 /dev/zero | tr '\0' a >"$1"; echo >>"$1" ;;
huge) head -c 100001 /dev/zero | tr '\0' b >"$1" ;;
lines) printf 'first line\nsecond line\n' >"$1" ;;
esac
ED
chmod +x "$WORK/editor"
TUI_ENV="EDITOR=$WORK/editor"
tui_start 100 30
keys 4 n
expect "New opportunity" "a new deal from the funnel"
keys C-s
expect 'opportunity: name: is required' "saving without a name says which field"
expect ">Name*" "and goes to it"
typed "Bad deal"
keys Tab Tab Tab Tab
expect ">Amount" "on to the amount"
typed "12,5"
keys Tab
expect 'amount "12,5": ' "a malformed amount is refused when leaving the field"
expect "!Amount" "the field is marked"
keys BTab C-u
typed "12500.50"
keys Tab Tab Tab
typed "2026-02-30"
keys Tab
expect 'close_date "2026-02-30": is not a real calendar date' "an impossible date"
keys BTab C-u
typed "+1m"
keys Tab
expect_line "Close date +2026-12-23" "a relative date, shown as understood"
keys BTab BTab BTab BTab BTab BTab BTab
expect ">Account" "back to the account"
typed "Nowhere Ltd"
keys C-s
expect 'No account "Nowhere Ltd" yet:' "an account that is not here is offered to be made"
keys Escape
expect 'no account named or numbered "Nowhere Ltd"' "declined: a reference that does not resolve"
expect "Nowhere Ltd" "the text typed is still there"
keys C-u
typed "Acme"
keys C-s
expect 'added opportunity "Bad deal"' "saved once everything is right"
st opportunity show "Bad deal" --json
like "$out" '"amount":[[:space:]]+"12500.50"' "the amount, exact"
like "$out" '"close_date":[[:space:]]+"2026-12-23"' "the date"

# Another program holds the write lock: the save waits its 2 s, then says so.
mkfifo "$WORK/lock"
(sqlite3 "$DB" <"$WORK/lock" >/dev/null 2>&1 &)
exec 9>"$WORK/lock"
echo "BEGIN IMMEDIATE; INSERT INTO meta (key, value) VALUES ('lock', 'held');" >&9
sleep 0.5
keys 2 n
typed "王芳"
keys C-s
expect "the database is locked" "a locked database is reported"
expect ">Name*" "the form stays open"
expect "王芳" "with what was typed"
echo "ROLLBACK; .quit" >&9
exec 9>&-
keys C-s
expect 'added contact "王芳"' "saved once the lock is gone"

# C-x ($EDITOR) takes the whole text, or refuses it and keeps the editor's file.
keys n
expect "New contact" "a new contact"
typed "长笔记"
keys BTab
expect ">Notes" "on the notes"
echo big >"$WORK/editmode"
keys C-x
expect "text taken from the editor" "C-x takes a note of 70000 bytes"
keys C-s
expect 'added contact "长笔记"' "saved"
st contact show 长笔记 --json
is "$(printf '%s' "$out" | python3 -S -c 'import json,sys; print(len(json.load(sys.stdin)["notes"]))')" \
	70000 "the whole note is stored, not 65535 bytes of it"
keys e
expect 'Edit contact "长笔记"' "edit it"
keys BTab
expect ">Notes" "on the notes"
echo huge >"$WORK/editmode"
keys C-x
expect "bytes, but Notes holds 100000" "a text longer than the field is refused"
kept=$(status_line | grep -o '/tmp/salesterm-[A-Za-z0-9]*' | head -n 1)
is "$(test -n "$kept" && wc -c <"$kept")" 100001 "the editor's file is kept whole, and named"
rm -f "$kept"
keys Tab Tab Tab Tab Tab
expect ">Title" "on the title"
echo lines >"$WORK/editmode"
keys C-x
expect "Title takes one line" "two lines for a one-line field are refused"
kept=$(status_line | grep -o '/tmp/salesterm-[A-Za-z0-9]*' | head -n 1)
is "$(test -n "$kept" && cat "$kept")" "$(printf 'first line\nsecond line')" "the editor's file is kept"
rm -f "$kept"
keys C-s
expect 'saved contact "长笔记"' "the form saves what it had"
st contact show 长笔记 --json
is "$(printf '%s' "$out" | python3 -S -c 'import json,sys; d=json.load(sys.stdin); print(len(d["notes"]), d.get("title"))')" \
	"70000 None" "nothing of the refused texts was taken"
tui_quit "quits cleanly"

# Not a database at all: refused before the screen is taken over.
printf 'hello, world\n' >"$WORK/text.db"
tmux_session bad 100 30 \
	"'$SALESTERM' --db '$WORK/text.db' 2>'$WORK/bad.err'; echo \$? >'$WORK/bad.exit'"
deadline=$(($(date +%s) + TUI_TIMEOUT))
while [ ! -s "$WORK/bad.exit" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.05; done
is "$(cat "$WORK/bad.exit")" "11" "a file that is not a database: exit 11"
like "$(cat "$WORK/bad.err")" "not a (SQLite|salesterm) database" "with a message"
is "$(cat "$WORK/text.db")" "hello, world" "and the file is untouched"

# A terminal that terminfo does not know: a message, not a crash.
tmux_session term 100 30 \
	"TERM=no-such-terminal '$SALESTERM' --db '$DB' 2>'$WORK/term.err'; echo \$? >'$WORK/term.exit'"
deadline=$(($(date +%s) + TUI_TIMEOUT))
while [ ! -s "$WORK/term.exit" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.05; done
is "$(cat "$WORK/term.exit")" "1" "an unknown TERM: exit 1"
like "$(cat "$WORK/term.err")" "cannot start the terminal UI on TERM=no-such-terminal" "with a message"
done_testing
