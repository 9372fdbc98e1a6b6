#!/bin/sh
# copies.sh - lists of field names written outside the descriptor table
# (src/entity.c) name fields that exist: the fields the 360-degree view shows
# under a customer's name (ui/view_customer.c, summary_keys()). A renamed or
# removed field fails here, naming it, instead of crashing the view.
. "$(dirname "$0")/lib.sh"

top=${top_srcdir:-$(dirname "$0")/../..}
src="$top/ui/view_customer.c"

# The arrays of summary_keys(): "static const char *const NAME[] = { ... NULL };"
# as "NAME key key ...", one per line.
lists=$(sed -n '/summary_keys(const struct entity \*e)/,/^}/p' "$src" | tr '\n' ' ' |
	sed 's/static const char \*const /\n/g' | sed -n 's/^\([a-z_]*\)\[\] = {\([^}]*\)NULL *}.*/\1 \2/p' |
	tr -d '",' | tr -s ' \t' '  ')
[ -n "$lists" ] || fail "the summary lists are read from $src" "none found: its layout changed?"
n=0
while read -r name keys; do
	[ -n "$name" ] || continue
	type=$name
	[ "$type" = deal ] && type=opportunity
	st "$type" fields
	fields=$(printf '%s\n' "$out" | awk '{ print $1 }')
	missing=""
	for k in $keys; do
		printf '%s\n' "$fields" | grep -qx -- "$k" || missing="$missing $k"
	done
	is "$rc$missing" "0" "the 360-degree view ($type) shows only fields the type has"
	n=$((n + 1))
done <<LISTS
$lists
LISTS
is "$n" "4" "the lists of an account, a contact, a lead and a deal are checked"

done_testing
