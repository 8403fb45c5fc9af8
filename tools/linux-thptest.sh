#!/bin/sh
# linux-thptest.sh: user/tests/thptest on Debian's Linux kernel, set up
# as make check runs it on Pagoda: amd64 (q35, -cpu max, TCG), about
# 64 MiB of memory for programs (QEMU gives 112 MiB: Debian's kernel
# keeps about 50 for itself, tools/linux-reclaimtest.sh says why), a
# 32 MiB virtio-blk disk made a swap area by our mkswap, the THP mode
# "madvise" (Pagoda's default; thptest -m sets it, since Linux turns THP
# off at boot in less than 512 MiB, whatever its command line says).
# It checks the test's expectations
# against a real Linux; the tests about the 2 MiB swap path itself skip
# there, saying why (Linux 6.1 splits a huge page at swap-out and swaps
# in 4 KiB at a time).
#
#   tools/linux-thptest.sh [-s SEED] [TEST...]
#
# One boot runs the TESTs (every test without any).  The serial console
# is kept in build/linux-peer/thp.log; thptest's output is printed.  Exit
# status 0 if every thptest passed.  Not part of make check (it downloads
# Debian's kernel, tools/linux-peer.sh); a minute or two under TCG.
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

img=$work/thp.img
rm -f "$img"
truncate -s 32M "$img"
"$top/user/hostrun.sh" amd64 "$bin/mkswap" "$img" > /dev/null
echo "/thptest $seed -m madvise /dev/vda $*" > "$work/thp.run"
linux_peer_initramfs "$work/thp.cpio" thptest="$bin/thptest" \
    etc/blkrun="$work/thp.run"
log=$work/thp.log
start=$(date +%s)
linux_peer_boot "$log" 1200 112M "$work/thp.cpio" \
    "quiet transparent_hugepage=madvise" \
    -drive "if=none,id=d0,format=raw,file=$img" -device virtio-blk-pci,drive=d0
sed -n '/^blkinit: run:/,/^blkinit: status/p' "$log" | sed '1d;$d'
echo "linux-thptest.sh: $(($(date +%s) - start)) s"
if ! linux_peer_all_done "$log"; then
	echo "linux-thptest.sh: failed; see $log" >&2
	exit 1
fi
