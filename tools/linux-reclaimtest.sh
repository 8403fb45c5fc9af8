#!/bin/sh
# linux-reclaimtest.sh: user/tests/reclaimtest on Debian's Linux kernel,
# set up as make check runs it on Pagoda: amd64 (q35, -cpu max, TCG),
# about 64 MiB of memory for programs, a 256 MiB virtio-blk disk made a
# swap area by our mkswap.  It checks the test's expectations against a
# real Linux.  Debian's kernel keeps 60 MiB to itself (its code, data and
# bss; it does not boot in 64 MiB), so QEMU gives it 112 MiB: MemTotal
# is then about 62 MiB, near Pagoda's 60 in 64 MiB; reclaimtest sizes
# its tests by MemTotal.
#
#   tools/linux-reclaimtest.sh [-s SEED] [TEST...]
#
# Without TEST: one boot runs every default test, then the disk-error
# tests run in a boot each, on a fresh area under QEMU's blkdebug that
# fails writes (writeerr) or reads (readerr) of slots 1 to 1024
# (tools/blkdebug-slots.sh).  With TESTs, only those (the error ones in
# boots of their own).  Transparent huge pages are off, as the tests are
# of 4 KiB pages.  Each boot's serial console is kept in
# build/linux-peer/reclaim-NAME.log; reclaimtest's output is printed.
# Exit status 0 if every reclaimtest passed.  Not part of make check (it
# downloads Debian's kernel, tools/linux-peer.sh); minutes under TCG.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tools/linux-peer.sh"
linux_peer_seed "$@"
shift $seed_args
linux_peer_kernel
make -s -C "$top/user" ARCH=amd64
failed=0

# reclaim_boot NAME ERR TEST...: one boot running reclaimtest TEST... on
# a fresh area; ERR, if not "", is read or write, the requests that fail.
reclaim_boot() {
	name=$1 err=$2
	shift 2
	img=$work/reclaim-$name.img
	linux_peer_swap_area "$img" 256M
	drive="format=raw,file=$img"
	if [ -n "$err" ]; then
		"$top/tools/blkdebug-slots.sh" "$err" 1 1024 > "$work/reclaim-$name.conf"
		drive="driver=raw,file.driver=blkdebug"
		drive="$drive,file.config=$work/reclaim-$name.conf"
		drive="$drive,file.image.filename=$img"
	fi
	linux_peer_run_test "reclaim-$name" "linux-reclaimtest.sh: $name" \
	    reclaimtest 1800 "quiet transparent_hugepage=never" "$drive" \
	    "/reclaimtest $seed /dev/vda $*"
	log=$work/reclaim-$name.log
	if ! linux_peer_all_done "$log"; then
		echo "linux-reclaimtest.sh: $name failed; see $log" >&2
		failed=1
	fi
}

tests=""
errs="writeerr readerr"
if [ $# -gt 0 ]; then
	errs=""
	for t in "$@"; do
		case $t in
		writeerr|readerr) errs="$errs $t" ;;
		*) tests="$tests $t" ;;
		esac
	done
fi
if [ $# -eq 0 ] || [ -n "$tests" ]; then
	reclaim_boot main "" $tests
fi
for t in $errs; do
	reclaim_boot "$t" "${t%err}" "$t"
done
exit $failed
