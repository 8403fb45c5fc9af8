#!/bin/sh
# ksyms.sh ELF NM: write (to stdout) an assembly file holding the kernel's
# function symbols, sorted by address, for the backtraces of panic().
# With ELF = /dev/null the table is empty (the first link).
#
#   ksym_table:  { .quad address, .quad name } per function, ascending
#   ksym_count:  the number of entries
set -eu
elf=$1
nm=$2

echo '	.section .note.GNU-stack, "", @progbits'
echo '	.section .ksyms, "a"'
echo '	.balign 8'
echo '	.globl ksym_table, ksym_count'
echo 'ksym_table:'
if [ "$elf" != /dev/null ]; then
	"$nm" -n --defined-only "$elf" |
	awk '$2 ~ /^[tT]$/ && $3 !~ /^\./ {
		printf "\t.quad 0x%s, .Lksym%d\n", $1, n;
		name[n++] = $3
	}
	END {
		printf "ksym_count:\n\t.quad %d\n", n;
		for (i = 0; i < n; i++)
			printf ".Lksym%d:\t.asciz \"%s\"\n", i, name[i];
	}'
else
	printf 'ksym_count:\n\t.quad 0\n'
fi
