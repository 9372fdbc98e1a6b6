#!/bin/sh
# capture.sh - the command line: quick capture of a call, a visit and a log
# against a matched customer, asking only when the name is ambiguous.
. "$(dirname "$0")/lib.sh"

st account add name=华为科技有限公司
st contact add name=张伟 account=华为科技有限公司
st contact add name=李娜
st contact add name=李娜
tui_start 100 30
keys :
expect_line "^:" "a colon opens the command line"
typed "call 张伟 tomorrow 10:00 renewal"
keys Enter
expect 'added activity "renewal" for 张伟, 2026-11-24 10:00' "one match: written at once"
st activity show renewal --json
like "$out" '"start":[[:space:]]+"2026-11-24T02:00:00Z"' "tomorrow 10:00 local, stored in UTC"
like "$out" '"kind":[[:space:]]+"call"' "a call"

keys :
typed "visit 华为科技有限公司 fri 方案演示"
keys Enter
expect 'added activity "方案演示" for 华为科技有限公司, 2026-11-27' "a visit due on Friday"

keys :
typed "meeting 李娜 +2d 14:00"
keys Enter
expect 'Which "李娜"?' "two customers named 李娜: it asks"
keys Down Enter
expect 'added activity "Meeting 李娜" for 李娜, 2026-11-25 14:00' "written for the one picked"

keys :
typed "log visit 张 +7d 谈了价格"
keys Enter
expect 'logged visit with 张' "a log, found by one character of the name, named by what it records"
expect_line 'next follow-up 2026-11-30' "and its next date"
st followup list --json
like "$out" '"next_date":[[:space:]]+"2026-11-30"' "its next date"
st activity count due=2026-11-30
is "$out" "1" "which schedules the next follow-up"

keys :
typed "lunch with 张伟"
keys Enter
expect 'unknown command "lunch with 张伟": try call/meeting' "a line that is not a capture says what is"
keys :
typed "call Nobody"
keys Enter
expect 'no customer matches "Nobody"' "an unknown customer is reported"
keys :
typed "meeting 李娜"
keys Enter Escape
expect "nothing captured" "Esc at the question writes nothing"
keys :
typed "schedule"
keys Enter
expect "Day  Mon 2026-11-23" ":schedule switches screens"
tui_quit "quits cleanly"
done_testing
