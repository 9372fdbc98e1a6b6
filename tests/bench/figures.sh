#!/bin/sh
# figures.sh - the md5 of every customer-value and marketing report (issue
# 14) and of `account grade --dry-run` in each output format, on a demo
# database, so a change made for speed can be shown to change no figure: run
# it before and after and compare. Run on purpose, not by `make check`.
#   tests/bench/figures.sh SALESTERM DB
# DB is used as it is (its current user decides the scope); nothing is written.
set -eu
bin=$1 db=$2
export TZ="Asia/Shanghai" LANG=C.UTF-8 SALESTERM_NOW="2026-11-23T01:00:00Z"
unset SALESTERM_DB
for name in abc clv churn wallet sources campaigns nurture consent; do
	for format in table csv json; do
		printf '%-10s %-6s %s\n' "$name" "$format" \
			"$("$bin" --db "$db" report "$name" --format "$format" | md5sum | cut -d' ' -f1)"
	done
done
printf '%-10s %-6s %s\n' grade dry-run \
	"$("$bin" --db "$db" account grade --dry-run | md5sum | cut -d' ' -f1)"
