#!/bin/sh
# tests/abi/check.sh ARCH: the ABI tests of `make check` for one
# architecture, all through tools/pagoda-run.  Run by tools/check.sh after
# the build; prints "check NAME: ok" or "check NAME: FAILED (why)" per
# test and a closing "N passed, N failed".
#
# 1. Differential tests.  The programs here (hello, mallocstress, bytes,
#    forkwait, stdiofork, procmaps) are built on the host with the host's
#    static C libraries: glibc (gcc -static, and -static-pie), musl
#    (musl-gcc -static) on amd64; glibc for arm64 (aarch64-linux-gnu-gcc
#    -static, -static-pie).  Each binary runs on the host (arm64: under
#    qemu-aarch64) and on Pagoda, and the two outputs must match line for
#    line: standard output, the exit status, then standard error.  A value
#    that is the machine's own (a pid, an address) is printed in braces by
#    the program, and only its shape is compared: {N}, {ADDR}.
# 2. Bad executables (badelf.c makes them from a good one), a dynamically
#    linked program, and a command that is missing or not executable:
#    each must end the run with 126 or 127 and a one-line reason, never
#    with a kernel panic.
# 3. The scripted run's own statuses: 128 + N for a signal, 124 for a
#    timeout, 125 for a kernel panic; stdout and stderr kept apart.
set -u

arch=$1
top=$(cd "$(dirname "$0")/../.." && pwd)
src=$top/tests/abi
out=$top/build/$arch/abi
passed=0
failed=0
progs="hello mallocstress forkwait stdiofork procmaps bytes"

pass() { passed=$((passed + 1)); echo "check $1: ok"; }
fail() { failed=$((failed + 1)); echo "check $1: FAILED ($2)"; }

case $arch in
amd64) variants="glibc glibc-pie musl" cross="" ;;
arm64) variants="glibc glibc-pie" cross=aarch64-linux-gnu- ;;
*) echo "abi/check.sh: unknown architecture $arch" >&2; exit 2 ;;
esac

# compile VARIANT SOURCE OUTPUT
compile() {
	case $1 in
	glibc) set -- "${cross}gcc" -static "$2" "$3" ;;
	glibc-pie) set -- "${cross}gcc" -static-pie "$2" "$3" ;;
	musl) set -- musl-gcc -static "$2" "$3" ;;
	dynamic) set -- "${cross}gcc" "" "$2" "$3" ;;
	esac
	# shellcheck disable=SC2086 # $2 is one flag, or none
	"$1" $2 -O2 -Wall -Wextra -o "$4" "$3" > "$4.cc.log" 2>&1
}

# normalize: a machine's own values in braces keep only their shape.
normalize() {
	sed -e 's/{[0-9]*}/{N}/g' -e 's/{0x[0-9a-f]*}/{ADDR}/g'
}

# The command line each program runs with, after "./BINARY".
args_for() {
	case $1 in
	hello) echo "x|y z" ;;
	*) echo "" ;;
	esac
}

# report: the run's three parts, as compared; reads $o.stdout, .stderr.
report() {
	cat "$1.stdout"
	echo "exited with status $2"
	echo "--- stderr"
	cat "$1.stderr"
}

# on_host PROG BINARY OUT: run it here; the report in OUT.
# qemu-aarch64 hands its environment to the program in reverse order, so
# it gets B before A for the program to see A then B, as on a kernel.
on_host() {
	(
		cd "$(dirname "$2")" || exit 125
		b=./$(basename "$2")
		IFS='|'
		# shellcheck disable=SC2046 # the arguments, split at '|'
		set -f
		if [ "$arch" = arm64 ]; then
			env -i B=two A=1 timeout 120 qemu-aarch64 "$b" \
			    $(args_for "$1")
		else
			env -i A=1 B=two timeout 120 "$b" $(args_for "$1")
		fi
	) < /dev/null > "$3.stdout" 2> "$3.stderr"
	report "$3" $? | normalize > "$3"
	# qemu-user does not name the brk area "[heap]" in /proc/self/maps;
	# Linux and Pagoda do.
	[ "$arch" = arm64 ] && sed -i \
	    's/^\(malloc 100 KiB: rw-p\) (anonymous)$/\1 [heap]/' "$3"
	rm -f "$3.stdout" "$3.stderr"
}

# on_pagoda PROG BINARY OUT: the same on Pagoda; the report in OUT.
on_pagoda() {
	b=./$(basename "$2")
	set -f
	IFS='|'
	# shellcheck disable=SC2046
	set -- "$1" "$2" "$3" $(args_for "$1")
	unset IFS
	set +f
	p=$1 bin=$2 o=$3
	shift 3
	"$top/tools/pagoda-run" --no-build --arch "$arch" --timeout 120 \
	    --log "$o.log" --add "$bin" -- env -i A=1 B=two "$b" "$@" \
	    > "$o.stdout" 2> "$o.stderr"
	report "$o" $? | normalize > "$o"
	rm -f "$o.stdout" "$o.stderr"
}

differential() {
	for v in $variants; do
		for p in $progs; do
			name=$arch-abi-$p-$v
			bin=$out/$p-$v
			if ! compile "$v" "$src/$p.c" "$bin"; then
				fail "$name" "does not build; see $bin.cc.log"
				continue
			fi
			on_host "$p" "$bin" "$bin.want"
			on_pagoda "$p" "$bin" "$bin.got"
			if cmp -s "$bin.want" "$bin.got"; then
				pass "$name"
			else
				fail "$name" "output differs from the host's"
				diff "$bin.want" "$bin.got" | head -n 10
			fi
		done
	done
}

# expect NAME WANT_STATUS WANT_STDERR_TEXT [pagoda-run args]: one run,
# its status and a line of its stderr checked.
expect() {
	tag=$1 name=$arch-run-$1 want=$2 text=$3
	shift 3
	"$top/tools/pagoda-run" --no-build --arch "$arch" "$@" \
	    > "$out/$tag.stdout" 2> "$out/$tag.stderr"
	status=$?
	if [ $status -ne "$want" ]; then
		fail "$name" "status $status, want $want"
		head -n 5 "$out/$tag.stderr"
	elif [ -n "$text" ] && ! grep -q -F -- "$text" "$out/$tag.stderr"; then
		fail "$name" "no \"$text\" on stderr"
		head -n 5 "$out/$tag.stderr"
	else
		pass "$name"
	fi
}

bad_programs() {
	bad=$out/bad
	{ gcc -O2 -Wall -o "$out/badelf" "$src/badelf.c" &&
	    "$out/badelf" "$out/hello-glibc" "$bad"; } > "$out/badelf.log" 2>&1 ||
	    { fail "$arch-badelf" "see $out/badelf.log"; return; }
	for b in truncated segment-outside entry-outside interp not-elf \
	    wrong-machine; do
		expect "bad-$b" 126 "Exec format error" --add "$bad/$b" \
		    -- "./$b"
	done
	if compile dynamic "$src/hello.c" "$out/dynamic"; then
		expect dynamic 126 "dynamically linked" --add "$out/dynamic" \
		    -- ./dynamic
		expect dynamic-sh 126 "sh: ./dynamic: Exec format error: dyn" \
		    --add "$out/dynamic" -- sh -c ./dynamic
	else
		fail "$arch-run-dynamic" "no dynamic build; see $out/dynamic.cc.log"
	fi
	expect not-found 127 "nothing-here: command not found" -- nothing-here
	expect not-executable 126 "Permission denied" -- /etc/motd
}

run_statuses() {
	compile glibc "$src/crash.c" "$out/crash" ||
	    { fail "$arch-run-crash" "does not build"; return; }
	expect segv 139 "" --add "$out/crash" -- ./crash segv
	expect signal 143 "" --add "$out/crash" -- ./crash kill 15
	expect exit-status 42 "to stderr" --add "$out/crash" -- ./crash exit 42
	if grep -q "to stderr" "$out/exit-status.stdout" ||
	    ! grep -q "to stdout" "$out/exit-status.stdout"; then
		fail "$arch-run-streams" "stdout and stderr mixed"
	else
		pass "$arch-run-streams"
	fi
	expect timeout 124 "timed out after 3 s" --timeout 3 -- sleep 100
	expect panic 125 "kernel panic" --append crash=panic -- true
}

rm -rf "$out"
mkdir -p "$out"
differential
bad_programs
run_statuses
echo "$passed passed, $failed failed"
