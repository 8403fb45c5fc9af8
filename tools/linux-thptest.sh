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
. "$top/tools/linux-peer.sh"
linux_peer_seed "$@"
shift $seed_args
linux_peer_kernel
make -s -C "$top/user" ARCH=amd64

linux_peer_swap_area "$work/thp.img" 32M
linux_peer_run_test thp linux-thptest.sh thptest 1200 \
    "quiet transparent_hugepage=madvise" "format=raw,file=$work/thp.img" \
    "/thptest $seed -m madvise /dev/vda $*"
log=$work/thp.log
if ! linux_peer_all_done "$log"; then
	echo "linux-thptest.sh: failed; see $log" >&2
	exit 1
fi
