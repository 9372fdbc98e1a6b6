#!/bin/sh
# format.sh - every C file of the program and its tests is laid out as
# .clang-format says. Fix a failure with: clang-format -i FILE (the message
# lists the files). Skips, saying so, where clang-format is not installed.
. "$(dirname "$0")/lib.sh"

top=${top_srcdir:-$(dirname "$0")/../..}
if ! command -v clang-format >/dev/null 2>&1; then
	skip "C layout" "clang-format is not installed"
	done_testing
	exit $?
fi
if [ ! -f "$top/.clang-format" ]; then
	fail "the style file .clang-format is in the tree" "missing: $top/.clang-format"
	done_testing
	exit $?
fi
pass "the style file .clang-format is in the tree"

for dir in src ui tests; do
	# The tracked files in a git tree; the tarball's own files in distcheck
	# (never what a build or a benchmark put beside them).
	if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
		files=$(git -C "$top" ls-files "$dir" | grep '\.[ch]$' | sed "s|^|$top/|")
	else
		files=$(find "$top/$dir" \( -name out -o -name node_modules -o -name 'build*' \) \
			-prune -o -name '*.[ch]' -print | sort)
	fi
	bad=""
	n=0
	for f in $files; do
		n=$((n + 1))
		clang-format --style=file --dry-run -Werror "$f" \
			>/dev/null 2>&1 || bad="$bad ${f#"$top"/}"
	done
	if [ -z "$bad" ]; then
		pass "$dir/: $n C files laid out as .clang-format says"
	else
		fail "$dir/: C files laid out as .clang-format says" \
			"run: clang-format -i$bad"
	fi
done
done_testing
