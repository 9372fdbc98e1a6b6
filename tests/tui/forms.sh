#!/bin/sh
# forms.sh - a form the user may not save says so when it opens (issue 12,
# smaller things): a rep's ":new product" is not opened, with the reason; a
# product opened from its list is shown read only, and says why.
. "$(dirname "$0")/lib.sh"

make_demo 300
st user whoami
like "$out" "\\(rep\\)" "the demo works as a rep"
tui_start 100 30
keys :
typed "new product"
keys Enter
expect "only a manager may change products" "a rep's new product: the reason, at once"
expect_gone "New product" "and no form to fill in for nothing"
keys :
typed "list product"
keys Enter
expect "15 products" "the product list"
keys Enter
expect_line "Edit product \".*\" - read only: only a manager may change products" \
	"an existing product opens read only, and says why"
keys Escape
# A rep's own kind of record opens as before.
keys :
typed "new contact"
keys Enter
expect "New contact" "a contact form opens for a rep"
expect_gone "read only" "not read only"
keys Escape
tui_quit "quits cleanly"
done_testing
