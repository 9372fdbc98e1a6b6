#!/bin/sh
# admin.sh - the command line opens the form of any record type (:new TYPE,
# :edit TYPE NAME): a manager adds a product, a rep is refused a stage by the
# core before the form opens (nothing is written), and a stage opens by name.
. "$(dirname "$0")/lib.sh"

make_demo
st user list --all --json
manager=$(printf '%s' "$out" | python3 -S -c '
import json, sys
for u in json.load(sys.stdin):
    if u.get("role") == "manager":
        print(u["name"]); break')
rep=$(printf '%s' "$out" | python3 -S -c '
import json, sys
for u in json.load(sys.stdin):
    if u.get("role") == "rep":
        print(u["name"]); break')
like "$manager" "." "the demo has a manager"

# ---- a manager adds a product ----
st user use "$manager"
is "$rc" "0" "switched to the manager"
tui_start 100 30
keys :
typed "new product"
keys Enter
expect "Code" "the product form opens"
typed "TUI-1"
keys Tab
typed "TUI test product"
keys Tab Tab
typed "1234.50"
keys C-s
expect 'added product "TUI test product"' "the form saves the new product"
tui_quit "quits cleanly"
st product list --json
found=$(printf '%s' "$out" | python3 -S -c '
import json, sys
for p in json.load(sys.stdin):
    if p.get("code") == "TUI-1":
        print(p.get("name"), p.get("price"))')
is "$found" "TUI test product 1234.50" "the CLI lists the new product with its name and price"

# ---- a rep is refused a stage; a stage opens by name ----
st stage count
stages=$out
st user use "$rep"
is "$rc" "0" "switched to a rep"
tui_start 100 30
keys :
typed "new stage"
keys Enter
expect "only a manager may change stages" "the core refuses the rep when the form would open"
expect_gone "New stage" "so no form is filled in for nothing"
st stage count
is "$out" "$stages" "no stage was written"
keys :
typed "edit stage Negotiation"
keys Enter
expect_line "Name.*Negotiation" "the stage form opens with its name"
expect_line "Order.*50" "and its order"
keys Escape
expect_gone "Order" "the unchanged form closes at once"
keys :
typed "edit stage Nowhere"
keys Enter
expect 'no stage named or numbered "Nowhere"' "an unknown record is named in the status line"
keys :
typed "new gizmo"
keys Enter
expect 'unknown record type "gizmo"' "so is an unknown type"
keys :
typed "list product"
keys Enter
expect "TUI test product" "a list of any type"
keys Escape
expect "Today's schedule" "Esc goes back"
tui_quit "quits cleanly"
done_testing
