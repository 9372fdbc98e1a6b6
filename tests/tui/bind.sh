#!/bin/sh
# bind.sh - key bindings from the config file (bind SCREEN KEY ACTION) over
# the embedded defaults, errors in it reported, help generated from the
# action table, and a binding made at the command line.
. "$(dirname "$0")/lib.sh"

cat >"$XDG_CONFIG_HOME/salesterm/config" <<'RC'
# my keys
sync-credentials origin rep1 "s3cret pass"   # the sync worker's line, not the keys'
bind generic 4 screen-schedule   # a comment after a binding
bind generic q none
bind generic Q quit
bind generic x fly-away
bind today x none
bind today c none
bind today K complete
bind today : none
RC
chmod 600 "$XDG_CONFIG_HOME/salesterm/config"
tui_start 100 50
expect ':6: unknown action "fly-away"' "a bad line in the config file is reported with its line"
like "$(status_line)" '^[^ ]*config:6: unknown action' \
	"the credentials line is not reported as an unknown command"
keys 4
expect "Day  Mon 2026-11-23" "4 is rebound to the schedule"
keys q
expect "q does nothing here (? lists the keys)" "q is unbound"
keys ?
expect "keys of this screen (bind schedule KEY ACTION" "? lists this screen's keys"
expect_line "^ 4 5 +screen-schedule +Schedule" "with the user's binding"
expect_line "^ D +view-day +Day view" "and the screen's own actions, from the action table"
expect_line "^ C-c Q +quit +Quit salesterm" "Q quits now"
keys Escape
keys :
typed "bind generic 9 screen-funnel"
keys Enter
expect "bound: generic 9 screen-funnel" "a binding made at the command line"
keys 9
expect "Prospecting" "takes effect at once"
keys :
typed "bind generic 9 warp"
keys Enter
expect ':1: unknown action "warp"' "and a bad one is refused"
keys 3
expect "open leads" "the other defaults still work"
keys 1
expect "Today's schedule" "back to Today"
expect_line "^Enter open  K complete  L log  n new activity  \? help  (Q|C-c) quit" \
	"the status line's key hints follow the keymap: a rebound key, unbound ones left out"
keys Q
deadline=$(($(date +%s) + TUI_TIMEOUT))
while [ ! -s "$WORK/exit" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.05; done
is "$(cat "$WORK/exit" 2>/dev/null)" "0" "Q quits"
is "$(cat "$WORK/stderr" 2>/dev/null)" "" "with nothing on stderr"

# An unknown command is still reported, with its file and line.
printf 'sync-credentials origin rep1 s3cret\nbnid generic 4 screen-schedule\n' \
	>"$XDG_CONFIG_HOME/salesterm/config"
tui_start 100 50
expect "$XDG_CONFIG_HOME/salesterm/config:2: unknown command \"bnid\"" \
	"an unknown command in the config file is reported with file:line"
tui_quit "quits cleanly"
done_testing
