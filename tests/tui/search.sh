#!/bin/sh
# search.sh - search and filters on a list (issue 12, smaller things): one
# Latin letter says it needs another, the title counts the matches (bounded:
# "1,000+"), and an empty filter clears the filters.
. "$(dirname "$0")/lib.sh"

make_demo 3000
tui_start 100 30
keys 2
expect_line "Contacts +[0-9,]+ contacts" "the contacts, counted"

keys /
typed "w"
expect "type another letter to search" "one Latin letter says why nothing is searched yet"
typed "a"
expect_line "Contacts +[0-9]+ match(es)?( \\(mine\\))?  search: wa" "two letters search; the title counts the matches"
keys Enter
expect_line "^[0-9]+ match(es)? for \"wa\" \\(F clears\\)" "Enter reports the same count"
keys F
expect_line "Contacts +[0-9,]+ contacts( \\(mine\\))? *$" "F lists everything again"

# Every demo contact has an example.* address: far more than 1,000 matches.
keys /
typed "example"
keys Enter
expect_line "Contacts +1,000\\+ matches( \\(mine\\))?  search: example" "the count is bounded: 1,000+"
expect_line "^1,000\\+ matches for \"example\"" "and so is the message"
keys F

keys f
typed "title~CTO"
keys Enter
expect_line "Contacts +[0-9,]+ contacts( \\(mine\\))?  filter: title~CTO" "a filter"
keys f Enter
expect "filter title~CTO cleared" "an empty filter clears it, and says so"
expect_line "Contacts +[0-9,]+ contacts( \\(mine\\))? *$" "every contact again"
keys f Enter
expect "no filter to clear" "with none set, it says so"
tui_quit "quits cleanly"
done_testing
