#!/bin/sh
# hugepages.sh - every salesterm process asks for transparent huge pages and
# gets them (huge_pages(), src/main.c; doc/DESIGN.md section 9): its
# environment holds the tunables and its heap may have huge pages
# ("THPeligible: 1" in /proc/PID/smaps), in each of many processes. Debian
# 12's glibc recognises the kernel's mode only in about three processes in
# four (it compares a buffer it does not terminate); without the check and
# the run again, twelve in a row would all have it about once in thirty.
. "$top_srcdir/tests/cli/lib.sh"
cd "$WORK" || exit 1

mode=$(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || true)
why=""
if [ -z "$mode" ] || printf '%s' "$mode" | grep -q '\[never\]'; then
	why="the kernel gives no transparent huge pages here"
elif grep -q '__asan_init' "$SALESTERM"; then
	why="AddressSanitizer's allocator is not glibc's (the program does not ask)"
elif [ -n "${GLIBC_TUNABLES:-}" ]; then
	why="GLIBC_TUNABLES is set (a user's tunables stand)"
elif grep -q '^THP_enabled:[[:space:]]*0' /proc/self/status 2>/dev/null; then
	why="huge pages are turned off for the processes here (prctl)"
fi
if [ -n "$why" ]; then
	skip "a salesterm process may have huge pages" "$why"
	done_testing
	exit $?
fi

st contact add name=张伟
ok_rc 0 "a database"

# heap PID - THPeligible of process PID's heap, once it has opened the
# database (after huge_pages(), done first in main()) and waits on stdin.
heap() {
	i=0
	while [ $i -lt 100 ] && ! ls -l "/proc/$1/fd" 2>/dev/null | grep -q 'test\.db'; do
		sleep 0.05
		i=$((i + 1))
	done
	awk '/\[heap\]$/ { h = 1 } h && /^THPeligible:/ { print $2; exit }' "/proc/$1/smaps"
}

all="" tunables=""
for n in 1 2 3 4 5 6 7 8 9 10 11 12; do
	mkfifo "$WORK/in$n"
	"$SALESTERM" --db "$DB" import - <"$WORK/in$n" >/dev/null 2>&1 &
	pid=$!
	exec 3>"$WORK/in$n" # the import reads stdin until this is closed
	all="$all$(heap "$pid")"
	[ -n "$tunables" ] || tunables=$(tr '\0' '\n' <"/proc/$pid/environ" | grep '^GLIBC_TUNABLES=')
	exec 3>&-
	wait "$pid"
done
is "$all" "111111111111" "12 processes in a row: each one's heap may have huge pages"
like "$tunables" '^GLIBC_TUNABLES=glibc\.malloc\.hugetlb=1' "asked for with glibc's tunable"
is "$(env GLIBC_TUNABLES=glibc.malloc.hugetlb=0 "$SALESTERM" --db "$DB" contact count)" "1" \
	"a user's own GLIBC_TUNABLES: the program runs with them"

done_testing
