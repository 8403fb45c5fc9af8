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
seed=""
if [ "${1:-}" = -s ]; then
	[ $# -ge 2 ] || { echo "usage: $0 [-s SEED] [TEST...]" >&2; exit 2; }
	seed="-s $2"
	shift 2
fi

. "$top/tools/linux-peer.sh"
linux_peer_kernel
make -s -C "$top/user" ARCH=amd64
bin=$top/build/amd64/user/bin
failed=0

# reclaim_boot NAME ERR TEST...: one boot running reclaimtest TEST... on
# a fresh area; ERR, if not "", is read or write, the requests that fail.
reclaim_boot() {
	name=$1 err=$2
	shift 2
	img=$work/reclaim-$name.img
	rm -f "$img"
	truncate -s 256M "$img"
	"$top/user/hostrun.sh" amd64 "$bin/mkswap" "$img" > /dev/null
	echo "/reclaimtest $seed /dev/vda $*" > "$work/reclaim-$name.run"
	linux_peer_initramfs "$work/reclaim-$name.cpio" \
	    reclaimtest="$bin/reclaimtest" etc/blkrun="$work/reclaim-$name.run"
	drive="format=raw,file=$img"
	if [ -n "$err" ]; then
		"$top/tools/blkdebug-slots.sh" "$err" 1 1024 > "$work/reclaim-$name.conf"
		drive="driver=raw,file.driver=blkdebug"
		drive="$drive,file.config=$work/reclaim-$name.conf"
		drive="$drive,file.image.filename=$img"
	fi
	log=$work/reclaim-$name.log
	start=$(date +%s)
	linux_peer_boot "$log" 1800 112M "$work/reclaim-$name.cpio" \
	    "quiet transparent_hugepage=never" \
	    -drive "if=none,id=d0,$drive" -device virtio-blk-pci,drive=d0
	sed -n '/^blkinit: run:/,/^blkinit: status/p' "$log" | sed '1d;$d'
	echo "linux-reclaimtest.sh: $name: $(($(date +%s) - start)) s"
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
