#!/bin/sh
# golden-update.sh BUILDDIR - regenerate tests/tui/golden/ from the binary in
# BUILDDIR (a change to a screen made on purpose). Review the result with
# `git diff tests/tui/golden/` before committing it.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?usage: golden-update.sh BUILDDIR}" && pwd)
SALESTERM="$build/src/salesterm" top_srcdir="$top" SALESTERM_GOLDEN_UPDATE=1 \
	LANG=C.UTF-8 TZ=Asia/Shanghai sh "$top/tests/tui/golden.sh"
git -C "$top" diff --stat -- tests/tui/golden/
