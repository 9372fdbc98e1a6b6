#!/bin/sh
# vcard.sh - the TUI's :import and :export take vCard files: a phone's .vcf
# is previewed card by card (format, the field of each property, what becomes
# of each card) and written on <Enter>; :export FILE.vcf writes the list on
# screen as vCard 3.0.
. "$(dirname "$0")/lib.sh"
cp "$top_srcdir/tests/data/io/android-2.1.vcf" "$WORK/phone.vcf"
cp "$top_srcdir/tests/data/io/no-end.vcf" "$WORK/no-end.vcf"

st contact add name=李娜 mobile=+8613912345678
tui_start 120 30
keys :
typed "import $WORK/phone.vcf"
keys Enter
expect "(contact, vcard, UTF-8): would create 2, update 0, skip 1" "the preview of a vCard file"
expect_line 'skip +李娜 +the same phone as contact "李娜"' "a duplicate card with its reason"
expect "mobile -> mobile" "the field each property goes to"
st contact count
is "$out" "1" "nothing is written while the preview is open"
keys Enter
expect "phone.vcf: created 2, updated 0, skipped 1" "<Enter> imports"
st contact show 张伟 --json
like "$out" '"notes":.*Phone \(home\): 010-8888-9999' "the other phones are kept in the notes"

keys :
typed "import $WORK/no-end.vcf"
keys Enter
expect "no-end.vcf:6: the card that begins here has no END:VCARD" "a bad vCard says which line"

keys Escape 2
expect "陳怡君" "the contact list"
keys :
typed "export $WORK/list.vcf"
keys Enter
expect "exported 3 contacts to " ":export FILE.vcf writes the list on screen"
is "$(grep -c '^BEGIN:VCARD' "$WORK/list.vcf")" "3" "as vCard, one card per contact"
like "$(sed -n 2p "$WORK/list.vcf")" "^VERSION:3.0" "vCard 3.0"
tui_quit "quits cleanly"
done_testing
