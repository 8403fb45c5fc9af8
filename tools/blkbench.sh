#!/bin/sh
# blkbench.sh [ARCH]: the disk benchmarks on Pagoda: drivers/blkbench.c
# in the kernel (bench=kblk_*), then user/bin/blkbench (bench=blk_*),
# the same matrix as tools/linux-blkbench.sh runs on Linux, as RESULT
# lines:
#
#   RESULT system=pagoda arch=amd64 bench=blk_read bs=4096 jobs=1 ...
#
# read and write, requests of 4 KiB and 2 MiB, 1 and 32 jobs, MIB MiB
# each (default 64), on /dev/vda: a disk of 1 GiB written with zeros
# first (not sparse; made once, build/ARCH/blkdisk.img), 256 MiB of RAM.
# One tools/pagoda-run boot per configuration.  Exit status 0 if every
# run succeeded; a failed run says so on stderr, with pagoda-run's
# status, and the others still run.  Not part of make check.
set -eu
arch=${1:-amd64}
mib=${MIB:-64}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

# The Linux numbers were taken with cache=none (QEMU opens the image
# O_DIRECT, so no host page cache sits under the guest's disk); QEMU's
# default is writeback, through the host's cache.  The same here
# (tools/qemu.sh reads QEMU_DISK_CACHE).
export QEMU_DISK_CACHE=none

make -s ARCH="$arch" all
disk=$top/build/$arch/blkdisk.img
if [ ! -f "$disk" ]; then
	dd if=/dev/zero of="$disk.tmp" bs=1M count=1024 oflag=direct \
	    status=none
	mv "$disk.tmp" "$disk"
fi

# The device's own limit first: the same matrix from the kernel, with
# no system call and no copy (drivers/blkbench.c), 32 requests in flight
# or one.
tools/qemu.sh --arch "$arch" --mem 256M --timeout 600 --drive "$disk" \
    --cmdline blkbench 2>/dev/null | tr -d '\r' |
    sed -n "s/^RESULT /RESULT system=pagoda arch=$arch /p"

status=0
for op in read write; do
	w=""
	[ $op = write ] && w="-w"
	for bs in 4k 2m; do
		for jobs in 1 32; do
			set -- blkbench $w -b $bs -j $jobs -m "$mib" /dev/vda
			run=0
			out=$(tools/pagoda-run --no-build --arch "$arch" \
			    --mem 256M --timeout 600 --disk "$disk" -- "$@") ||
			    run=$?
			printf '%s\n' "$out" |
			    sed -n "s/^RESULT /RESULT system=pagoda arch=$arch /p"
			if [ $run -ne 0 ]; then
				echo "blkbench.sh: $*: pagoda-run status $run" >&2
				status=1
			fi
		done
	done
done
exit $status
