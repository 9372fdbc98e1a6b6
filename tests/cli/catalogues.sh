#!/bin/sh
# catalogues.sh - the zh_CN and zh_TW catalogues are complete and correct:
# merged with a template made now from the sources (so a string added
# without its translations fails here), every message is translated, none
# is fuzzy, and msgfmt -c --check-format finds nothing wrong.
. "$(dirname "$0")/lib.sh"

top=${top_srcdir:-$(dirname "$0")/../..}
for t in xgettext msgmerge msgfmt; do
	command -v $t >/dev/null 2>&1 || { echo "1..0 # SKIP $t (gettext) is not installed"; exit 0; }
done
(cd "$top" && xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
	--keyword=NC_:1c,2 --keyword=CN_:1c,2 --keyword=ngettext:1,2 --add-comments=TRANSLATORS: \
	-f po/POTFILES.in -o "$WORK/now.pot") 2>/dev/null
ok_file() { if [ -s "$1" ]; then pass "$2"; else fail "$2" "no $1"; fi; }
ok_file "$WORK/now.pot" "a template from the sources"
for l in zh_CN zh_TW; do
	msgmerge --quiet --no-fuzzy-matching -o "$WORK/$l.po" "$top/po/$l.po" "$WORK/now.pot" 2>/dev/null
	msgfmt -c --check-format --statistics -o /dev/null "$WORK/$l.po" >"$WORK/$l.out" 2>&1
	rc=$?
	stats=$(grep -E 'translated message' "$WORK/$l.out")
	if [ "$rc" -eq 0 ]; then pass "$l: msgfmt -c --check-format"; else
		fail "$l: msgfmt -c --check-format" "$(grep -v "'\\\\r'" "$WORK/$l.out" | head -20)"; fi
	like "$stats" '^[0-9]+ translated messages\.$' "$l: every message translated, none fuzzy ($stats)"
	if [ "${stats#*untranslated}" != "$stats" ]; then
		msgattrib --untranslated --no-wrap "$WORK/$l.po" 2>/dev/null | grep '^msgid ' | head -20 |
			sed 's/^/#   /'
	fi
done
done_testing
