#!/bin/sh
# import.sh - :import FILE shows what an import would do (format, encoding,
# column mapping, each row with what becomes of it and why) and writes
# nothing until <Enter>; :export FILE writes the list on screen.
. "$(dirname "$0")/lib.sh"
cp "$top_srcdir/tests/data/io/excel-gb18030.csv" "$WORK/excel.csv"
cp "$top_srcdir/tests/data/io/ragged.csv" "$WORK/ragged.csv"

st contact add name=张伟 mobile=13800138000
tui_start 120 30
keys :
typed "import $WORK/excel.csv"
keys Enter
expect "(contact, csv, GB18030): would create 3, update 0, skip 1" "the preview counts what would happen"
expect_line 'skip +张伟 +the same phone as contact "张伟"' "a duplicate is shown with its reason"
expect "手机 -> mobile" "the column mapping"
st contact count
is "$out" "1" "nothing is written while the preview is open"
keys Escape
expect "Today" "<Esc> cancels"
st contact count
is "$out" "1" "and writes nothing"

keys :
typed "import $WORK/excel.csv"
keys Enter
expect "would create 3" "the preview again"
keys Enter
expect "excel.csv: created 3, updated 0, skipped 1" "<Enter> imports"
st contact count
is "$out" "4" "three contacts added"

keys :
typed "import $WORK/ragged.csv"
keys Enter
expect "ragged.csv:3: column 3: the row has 2 fields, the header 3" "a bad file says what is wrong"
# a long error is wrapped, not cut: its hint comes at the end
python3 -c 'import sys; open(sys.argv[1], "wb").write("姓名,電話,公司\r\n陳大文,0912345678,台灣積體電路製造股份有限公司\r\n林美玲,0922333444,鴻海精密工業\r\n".encode("big5"))' "$WORK/big5.csv"
keys Escape
keys :
typed "import $WORK/big5.csv"
keys Enter
expect "import it with --encoding BIG5" "a Big5 file: the whole message, hint included"

keys Escape 2
expect "王䶮" "the contact list"
keys :
typed "export $WORK/list.csv"
keys Enter
expect "exported 4 contacts to " ":export writes the list on screen"
like "$(sed -n 1p "$WORK/list.csv")" "id,name,given_name" "as CSV with a header"
is "$(grep -c '^[0-9a-f]\{8\}-' "$WORK/list.csv")" "4" "one record per contact (a note may span lines)"

# e reads the file in the next encoding (auto, UTF-8, GB18030, Big5), named in
# the title bar: a Big5 file imports from the screen, without the CLI
keys :
typed "import $WORK/big5.csv"
keys Enter
expect "encoding auto" "the title bar names the encoding: found from the content"
keys e
expect "encoding UTF-8" "e: read as UTF-8"
expect "big5.csv:1: not UTF-8 text" "which it is not: said, the preview redone"
keys e
expect "encoding GB18030" "e again: GB18030"
expect 'no Name: the field "name" is required' "as which its header makes no sense"
keys e
expect "(contact, csv, BIG5): would create 2, update 0, skip 0" "and Big5: the preview again, in that encoding"
expect "encoding BIG5" "named in the title bar"
expect_line "create +陳大文" "the names read right"
keys Enter
expect "big5.csv: created 2, updated 0, skipped 0" "<Enter> imports it as Big5"
st contact list name=陳大文
like "$out" "陳大文" "the contact is in, its name right"
keys :
typed "import $WORK/big5.csv"
keys Enter
expect "encoding auto" "a new :import starts from auto again"
keys Escape

# a calendar: the preview says what was expanded; :export FILE.ics writes the schedule
cp "$top_srcdir/tests/data/io/google-calendar.ics" "$WORK/cal.ics"
# (today is 2026-11-23 here: the window of 90 days runs to 2027-02-21)
keys :
typed "import $WORK/cal.ics"
keys Enter
expect "(activity, ics, UTF-8): would create 18, update 0, skip 0" "an .ics previews as activities"
expect '"Weekly pipeline review" repeats weekly: 9 occurrences from 2026-12-07 to 2027-02-15' "with a note of what was expanded"
keys Enter
expect "cal.ics: created 18, updated 0, skipped 0" "<Enter> imports it"
st activity count
is "$out" "18" "eighteen activities"
keys :
typed "list activity"
keys Enter
expect "Weekly pipeline review" "the activity list"
keys :
typed "export $WORK/schedule.ics"
keys Enter
expect "exported 18 activities to " ":export FILE.ics"
is "$(grep -c '^BEGIN:VEVENT' "$WORK/schedule.ics")" "18" "as iCalendar events"
tui_quit "quits cleanly"
done_testing
