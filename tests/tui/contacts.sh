#!/bin/sh
# contacts.sh - screen 2: add a contact with a CJK name, find it by search as
# you type, its 360-degree view, edit it, delete it and undo; CJK editing and
# column alignment.
. "$(dirname "$0")/lib.sh"

make_demo 300
st account add name="Zephyr 科技"
st contact add name=Alice account="Zephyr 科技" title=CEO
# Eleven calls with her: more than the 360 view's ten latest past activities.
for d in 01 02 03 04 05 06 09 10 11 12 13; do
	st activity add kind=call subject="call $d" start="2026-11-$d 10:00" related=Alice status=done
done
# An "editor" that writes two lines of notes into the file it is given.
cat >"$WORK/editor" <<'ED'
#!/bin/sh
printf '第一行\n第二行\n' >"$1"
ED
chmod +x "$WORK/editor"
TUI_ENV="EDITOR=$WORK/editor"
tui_start 100 30
expect "Today's schedule" "the TUI opens on Today"
keys 2
expect "Name ▲" "2 shows the contacts, sorted by name"
expect_line "Contacts +[0-9,]+ contacts" "the count comes in between keys"

# A new contact, typed with a CJK name (backspace removes a whole character).
keys n
expect "New contact" "n opens the form generated from the contact fields"
typed "张伟伟"
keys BSpace
expect ">Name*" "the focus is on the name"
expect_line "Name\* +张伟 *$" "backspace deletes one CJK character, not a byte"
keys Left
typed "小"
expect_line "Name\* +张小伟 *$" "the cursor moves by character: insert in the middle"
keys Tab Tab Tab
expect ">Account" "Tab moves to the account"
typed "Zephyr"
expect "│ Zephyr 科技" "type-ahead offers the matching account"
keys Enter
keys Tab
typed "采购经理"
keys Tab Tab Tab
typed "zw@@example"
keys Tab
expect 'email "zw@@example": ' "leaving a bad email says why in the status line"
expect "!Email" "and marks the field"
keys C-s
expect "New contact" "save refuses while a field is wrong; the form stays open"
expect "zw@@example" "with what was typed"
expect ">Email" "and the focus on the field that is wrong"
keys C-u
typed "zw@example.com"
keys C-s
expect 'added contact "张小伟"' "saved"
expect_line "张小伟 +Zephyr 科技 +采购经理" "the list shows the new contact, selected"
st contact show 张小伟
like "$out" "title +采购经理" "it is in the database"

# Columns line up whatever the script: Account starts at the same column.
c1=$(dcol "张小伟" "Zephyr")
c2=$(dcol "Name ▲" "Account")
is "$c1" "$c2" "a CJK name's account lines up with the Account header"

# Search as you type, then the 360-degree view.
keys g
keys /
typed "张小"
expect "search: 张小" "search as you type"
expect_line "^ 张小伟( |$)" "finds the contact by two of its characters"
keys Enter
expect_line "match(es)? for \"张小\"" "Enter keeps the results"
keys Enter
expect 'contact "张小伟"' "Enter opens the 360-degree view"
expect "Open deals" "with deals"
expect "Upcoming activities" "activities"
expect "Follow-up timeline" "and the follow-up timeline"
expect_line "Account: +Zephyr 科技" "the account is one line of it"

# Edit from the 360 view (the first line is the contact itself).
keys g e
expect 'Edit contact "张小伟"' "e edits the contact"
keys Tab Tab Tab Tab
keys C-u
typed "总经理"
keys BTab BTab BTab BTab BTab
expect ">Notes" "S-Tab goes round to the notes"
keys C-x
expect "text taken from the editor" "C-x edits them in \$EDITOR"
keys C-s
expect 'saved contact "张小伟"' "saved"
expect_line "Title: +总经理" "the 360 view shows the new title"
st contact show 张小伟 --json
like "$out" '"notes":[[:space:]]+"第一行\\n第二行"' "the notes keep their lines"
keys Escape
expect "search: 张小" "Esc goes back to the list"

# Delete, confirm, undo.
keys d
expect 'Delete contact "张小伟"? (y/n)' "delete asks first"
keys y
expect 'deleted contact "张小伟" (u undoes)' "deleted"
st contact count name=张小伟
is "$out" "0" "gone from the database"
keys u
expect 'restored contact "张小伟"' "u undoes the delete"
st contact count name=张小伟
is "$out" "1" "and it is back"

# Unsaved changes are not dropped without asking.
keys n
typed "Draft"
keys Escape
expect "Discard your changes? (y/n)" "Esc on a changed form asks"
keys n
expect ">Name*" "n keeps the form"
keys Escape y
expect "cancelled; nothing was saved" "y drops it"
st contact count name=Draft
is "$out" "0" "nothing was written"

keys F
expect "showing everything" "F clears the search"
keys Tab
expect "Accounts" "Tab switches to accounts"
keys /
typed "Zephyr"
expect_line "^ Zephyr 科技( |$)" "the account is found"
keys Enter Enter
expect 'account "Zephyr 科技"' "its 360 view"
expect "Contacts (2)" "lists its contacts"
expect "Past activities (10+)" "a section cut at its limit says there are more"
expect "Closed deals (0)" "an empty one says 0"
tui_quit "q quits cleanly"
done_testing
