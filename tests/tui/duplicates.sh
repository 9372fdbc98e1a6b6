#!/bin/sh
# duplicates.sh - telling customers apart (issue 12): a new contact that is
# already here (same mobile or email, or same name at the same account) is
# offered instead of being added twice; a lead's company that names an
# existing account links it at conversion.
. "$(dirname "$0")/lib.sh"

st account add name=华为科技有限公司
st account add "name=Acme Retail GmbH"
st contact add name=张伟 account=华为科技有限公司 "mobile=+86 139 1234 0077"
st contact add "name=Mary Lee" "account=Acme Retail GmbH" email=mary@acme.example
st lead add "name=Mary Lee" "company=Acme Retail" email=mary@acme.example

tui_start 100 30
keys 2
expect "Name ▲" "the contacts"

# The same mobile, written without the country code and the spaces.
keys n
expect "New contact" "a new contact's form"
typed "李雷"
keys Tab Tab Tab Tab Tab Tab
expect ">Mobile" "on the mobile"
typed "13912340077"
keys C-s
expect "This contact may be here already:" "saving asks first"
expect_line 'open 张伟 +华为科技有限公司 · …0077 +\(same mobile\)' "offering the existing one, and why"
expect "add the new contact anyway" "or to add it anyway"
keys Enter
expect 'not added: contact "张伟" was here already' "Enter opens the existing contact"
st contact count
is "$out" "2" "nothing was added"
keys Escape

# The same name at the same account: added anyway when the user says so.
keys n
expect "New contact" "another new contact"
typed "张伟"
keys Tab Tab Tab
typed "华为科技有限公司"
keys Tab C-s
expect "(same name at the same account)" "the same name at the same account"
keys Down Enter
expect 'added contact "张伟"' "added anyway when chosen"
st contact count
is "$out" "3" "now there are two 张伟 at 华为"

# The same email, case aside: Esc goes back to the form with what was typed.
keys n
typed "M. Lee"
keys Tab Tab Tab Tab Tab Tab Tab
typed "MARY@acme.example"
keys C-s
expect "(same email)" "the same email, case aside"
keys Escape
expect "not added yet: the form is as you left it" "Esc goes back to the form"
expect_line "Name\* +M. Lee" "with what was typed"
keys Escape y

# A company that is not here yet: the account is made with the contact.
keys n
typed "王芳"
keys Tab Tab Tab
typed "Northwind Traders"
keys Tab
expect 'No account "Northwind Traders" yet:' "an unknown company is offered as a new account"
expect 'create the account "Northwind Traders" with this contact' "to create with the contact"
keys Enter
expect_line "Account +Northwind Traders" "the field keeps the name"
keys C-s
expect 'added contact "王芳" and account "Northwind Traders"' "both added on save"
st contact show 王芳 --json
st account show "$(printf '%s\n' "$out" | sed -n 's/.*"account":[[:space:]]*"\([^"]*\)".*/\1/p')" --json
like "$out" '"name":[[:space:]]+"Northwind Traders"' "the contact is at the new account"

# A company written otherwise than its account: the account is offered.
keys n
typed "赵六"
keys Tab Tab Tab
typed "ACME retail"
keys Tab
expect 'link the existing "Acme Retail GmbH"  (same company)' "the same company is offered first"
keys Enter
expect_line "Account +Acme Retail GmbH" "and linked"
keys Escape y
st account count
is "$out" "3" "no account was made for it"

# A lead of the company "Acme Retail": the account "Acme Retail GmbH" is it.
keys 3
expect "Mary Lee" "the lead"
keys c
expect "Convert lead" "the conversion screen"
expect_line '\(•\) link the existing "Acme Retail GmbH"' "the look-alike account is chosen, not a copy"
expect_line '\(•\) link the existing "Mary Lee"' "and the contact with the lead's email"
keys Enter
expect 'converted: account "Acme Retail GmbH", contact "Mary Lee"' "converted onto them"
st account count
is "$out" "3" "no duplicate account was made"
tui_quit "quits cleanly"
done_testing
