#!/bin/sh
# ksyms-check.sh FIRST FINAL NM: fail if a function moved between the first
# and the final link (the symbol table would then name the wrong functions).
set -eu
a=$("$3" -n --defined-only "$1" | awk '$2 ~ /^[tT]$/' | md5sum)
b=$("$3" -n --defined-only "$2" | awk '$2 ~ /^[tT]$/' | md5sum)
if [ "$a" != "$b" ]; then
	echo "ksyms-check: function addresses moved between links" >&2
	exit 1
fi
