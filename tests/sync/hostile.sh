#!/bin/sh
# hostile.sh - text from the server is text, not terminal commands: a server
# whose validate_doc_update refuses a document with escape sequences, C1
# controls and bidi overrides in its reason. The reason is stored and shown
# without them (sync, sync pending, the sync_reject table), cut on a
# character boundary. And a refused checkpoint read ends a run cleanly.
. "$top_srcdir/tests/sync/lib.sh"

couch_start srv
http PUT "$URL/team"
ok_rc 0 "a database"
DBURL="$URL/team"
# The reason: set the window title (OSC 0 ... BEL), clear the screen (CSI 2J),
# a C1 CSI (U+009B), a right-to-left override, then 400 CJK characters.
long=$(printf '长%.0s' $(seq 1 400))
fn="function (newDoc) { if (newDoc.name === 'Evil') throw({forbidden: 'no\\\\u001b]0;pwned\\\\u0007\\\\u001b[2Jfake\\\\u009b31m prompt \\\\u202etxt.exe $long'}); }"
http PUT "$DBURL/_design/hostile" "{\"validate_doc_update\":\"$fn\"}"
ok_rc 0 "the server gets a validate_doc_update with a hostile reason"

cli a remote add "$DBURL"
cli a contact add name=Evil
cli a contact add name=张伟
cli a sync
like "$err" "refused contact \"Evil\"" "sync says the server refused the document"
like "$err" "no\?\]0;pwned\?\?\[2Jfake\?31m prompt txt.exe 长" "and shows its reason as text"
esc=$(printf '\033')
bel=$(printf '\007')
rlo=$(printf '\342\200\256')
c1=$(printf '\302\233')
unlike "$err" "[$esc$bel]|$rlo|$c1" "without escape sequences, C1 controls or bidi overrides"
cli a sync pending
like "$out" "refused: forbidden: no\?\]0;pwned" "sync pending shows the reason"
unlike "$out" "[$esc$bel]|$rlo|$c1" "as text"
stored=$(sql a "SELECT reason FROM sync_reject")
unlike "$stored" "[$esc$bel]|$rlo|$c1" "it is stored as text"
is "$(sql a "SELECT length(CAST(reason AS BLOB)) <= 300 FROM sync_reject")" "1" \
	"cut to 300 bytes"
is "$(printf '%s' "$stored" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1 && echo valid)" "valid" \
	"on a character boundary"
# A reason stored before (by an older version) is shown as text too.
sql a "UPDATE sync_reject SET reason = 'x' || char(27) || '[2J' || char(8238) || 'y'"
cli a sync pending
like "$out" "refused: x\?\[2Jy" "an old raw reason is shown as text"
unlike "$out" "[$esc]|$rlo" "without its escape sequence"

# A server that refuses the checkpoint read: the run ends with its message,
# leaking nothing (the sanitizers check every cli run).
proxy_start px "$URL"
cli p remote add "$PURL/team"
fault "$PURL" '[{"match": "^GET /team/_local/", "action": "status", "status": 403, "times": -1}]'
cli p sync --push-only
ok_rc 5 "a refused checkpoint read fails the push"
like "$err" "403" "with the server's status"
cli p sync --pull-only
ok_rc 5 "and the pull"
done_testing
