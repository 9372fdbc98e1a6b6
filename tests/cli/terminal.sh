#!/bin/sh
# terminal.sh - what is printed to a terminal is text, not terminal commands:
# names and values that hold escape sequences, C1 controls or bidi overrides
# (written by another program straight into the database) are shown by
# `TYPE show` and `TYPE list` without them (issue 11, bug 3).
. "$top_srcdir/tests/cli/lib.sh"

command -v sqlite3 >/dev/null || { skip "terminal injection" "sqlite3 is needed"; done_testing; exit; }
st contact add name=Placeholder notes=ok
ok_rc 0 "a contact"
id=$out
# OSC 0 (window title) ... BEL, CSI 2J (clear screen), a C1 CSI (U+009B),
# a right-to-left override (U+202E); notes keep their newline.
# The sqlite3 shell lacks salesterm_name_key(), which the name index of
# migration 0007 is on: without that index for this poke.
sqlite3 "$DB" "DROP INDEX contact_name_sort; UPDATE contact SET name = 'Evil' || char(27) || ']0;pwned' || char(7) ||
	char(27) || '[2J' || char(155) || '31m' || char(8238) || 'txt.exe',
	title = 'CEO' || char(27) || '[8m',
	notes = 'line 1' || char(10) || 'line 2' || char(27) || '[1A' WHERE id = '$id'"
esc=$(printf '\033')
bel=$(printf '\007')
rlo=$(printf '\342\200\256')
c1=$(printf '\302\233')
st contact show "$id"
ok_rc 0 "contact show"
like "$out" "^contact Evil\?\]0;pwned\?\?\[2J\?31mtxt.exe$" "shows the name as text"
like "$out" "title +CEO\?\[8m" "and the values"
like "$out" "notes +line 1" "notes keep their lines"
like "$out" "^ +line 2\?\[1A$" "the second one too, as text"
unlike "$out" "[$esc$bel]|$rlo|$c1" "no escape sequence, C1 control or bidi override reaches the terminal"
st contact list
unlike "$out" "[$esc$bel]|$rlo|$c1" "nor from list"
st contact delete "$id"
like "$out" "^deleted contact \"Evil\?\]0;pwned" "delete names the record as text"
unlike "$out" "[$esc$bel]|$rlo|$c1" "without its escape sequences"
st contact undelete "$id"
like "$out" "^restored contact \"Evil\?\]0;pwned" "and so does undelete"
unlike "$out" "[$esc$bel]|$rlo|$c1" "again without them"
# A stage's name, as the message after a move shows it.
st account add name=Acme
st opportunity add name=Deal account=Acme stage=Qualification
sqlite3 "$DB" "UPDATE stage SET name = 'Pros' || char(27) || '[2Jpecting'
	WHERE id = '5a9e0001-0000-4000-8000-000000000001'"
st opportunity move Deal 5a9e0001-0000-4000-8000-000000000001
like "$out" "is now in Pros\?\[2Jpecting" "opportunity move names the stage as text"
unlike "$out" "[$esc]" "without its escape sequence"
done_testing
