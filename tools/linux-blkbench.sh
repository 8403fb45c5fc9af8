#!/bin/sh
# linux-blkbench.sh: the disk benchmark (user/bin/blkbench) on Debian's
# Linux kernel, under the QEMU setup Pagoda's tools/blkbench.sh uses:
# amd64 (q35, -cpu max, TCG), 256 MiB, one virtio-blk disk of 1 GiB
# written with zeros first (not sparse, so every read finds real blocks),
# attached with cache=none (QEMU opens it O_DIRECT: no host page cache).
#
#   tools/linux-blkbench.sh             the matrix, as RESULT lines:
#       RESULT system=linux arch=amd64 bench=blk_read bs=4096 jobs=1 ...
#   tools/linux-blkbench.sh --blktest   user/tests/blktest on Linux's
#       /dev/vda instead: checks the test's expectations against a real
#       Linux disk (its whole output is printed)
#
# The matrix: read and write, requests of 4 KiB and 2 MiB, 1 and 32
# jobs, MIB MiB each (default 64), in that order (writes destroy the
# disk image's zeros; reads then read the pattern, on real blocks all
# the same).
#
# It downloads Debian's linux-image-amd64 package (about 70 MB, once,
# into build/linux-peer/, shared with linux-vmbench.sh), builds the /init
# (tools/linux-blkinit.c, with gcc -static) and boots the kernel with an
# initramfs of that /init, the virtio modules from the package, blkbench
# and blktest (our static amd64 builds: they run on Linux unchanged) and
# the list of commands (tools/linux-peer.sh does the common steps).  The serial console is kept in
# build/linux-peer/blkbench.log.  Exit status 0 if every command ran and
# succeeded.  Not part of make check; a few minutes under TCG.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
mib=${MIB:-64}
mode=bench
case ${1:-} in
"") ;;
--blktest) mode=blktest ;;
*) echo "usage: $0 [--blktest]" >&2; exit 2 ;;
esac

. "$top/tools/linux-peer.sh"
linux_peer_kernel
make -s -C "$top/user" ARCH=amd64

# The disk: 1 GiB of written zeros, made once.
disk=$work/blkdisk.img
if [ ! -f "$disk" ]; then
	dd if=/dev/zero of="$disk.tmp" bs=1M count=1024 oflag=direct \
	    status=none
	mv "$disk.tmp" "$disk"
fi

# The commands for /init, one a line.
if [ $mode = blktest ]; then
	echo "/blktest /dev/vda" > "$work/blkrun"
else
	for op in read write; do
		w=""
		[ $op = write ] && w="-w"
		for bs in 4k 2m; do
			for jobs in 1 32; do
				echo "/blkbench $w -b $bs -j $jobs -m $mib /dev/vda"
			done
		done
	done > "$work/blkrun"
fi

linux_peer_initramfs "$work/blkbench.cpio" \
    blkbench="$top/build/amd64/user/bin/blkbench" \
    blktest="$top/build/amd64/user/bin/blktest" etc/blkrun="$work/blkrun"

log=$work/blkbench.log
linux_peer_boot "$log" 1200 256M "$work/blkbench.cpio" quiet \
    -drive "file=$disk,if=none,id=d0,format=raw,cache=none" \
    -device virtio-blk-pci,drive=d0

if [ $mode = blktest ]; then
	sed -n '/^blkinit: run:/,/^blkinit: status/p' "$log" | sed '1d;$d'
else
	sed -n 's/^RESULT /RESULT system=linux arch=amd64 /p' "$log"
fi
# Every command must have ended with status 0, and /init must have
# reached its end.
if ! linux_peer_all_done "$log"; then
	echo "linux-blkbench.sh: something failed; see $log" >&2
	exit 1
fi
