#!/bin/sh
# bench.sh ARCH: the benchmarks of `make bench`, as machine-readable lines
#
#   RESULT arch=amd64 bench=boot_ms run=N value=MS
#   RESULT arch=amd64 bench=boot_ms stat=median value=MS
#   RESULT arch=amd64 bench=pagoda_run_ms stat=median value=MS
#   RESULT system=pagoda arch=amd64 bench=kblk_read bs=4096 depth=32 ...
#   RESULT system=pagoda arch=amd64 bench=blk_read bs=4096 jobs=32 ...
#   RESULT system=pagoda arch=amd64 bench=swap ... phase=swapin ...
#   RESULT system=linux-peer arch=amd64 bench=swap ... phase=swapin ...
#
# boot_ms is the wall time from starting QEMU to QEMU's exit when the kernel
# powers off as soon as it is up (command line "poweroff"): QEMU start-up,
# firmware, GRUB, and the kernel's own start.  The kernel prints nothing it
# does not print on a normal boot.
set -eu
arch=${1:-amd64}
runs=${RUNS:-7}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

# Build the ISO once, outside the timing.
tools/qemu.sh --arch "$arch" --cmdline poweroff > /dev/null 2>&1 || true

times=""
i=1
while [ $i -le "$runs" ]; do
	start=$(date +%s%N)
	tools/qemu.sh --arch "$arch" --cmdline poweroff > /dev/null 2>&1 || true
	end=$(date +%s%N)
	ms=$(( (end - start) / 1000000 ))
	echo "RESULT arch=$arch bench=boot_ms run=$i value=$ms"
	times="$times $ms"
	i=$((i + 1))
done
median() {
	echo "$@" | tr ' ' '\n' | sort -n |
	    awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}
echo "RESULT arch=$arch bench=boot_ms stat=median value=$(median $times)"

# pagoda_run_ms: a whole scripted run of "true" (tools/pagoda-run): pack
# the initramfs, build the ISO (amd64), boot, run, power off, report.
# What a test or a grader pays per command.
times=""
i=1
while [ $i -le "$runs" ]; do
	start=$(date +%s%N)
	tools/pagoda-run --no-build --arch "$arch" -- true || true
	end=$(date +%s%N)
	times="$times $(( (end - start) / 1000000 ))"
	i=$((i + 1))
done
echo "RESULT arch=$arch bench=pagoda_run_ms stat=median value=$(median $times)"

# The VM costs (user/bin/vmbench): fork+exit+wait round trip, zero-fill
# and copy-on-write faults over 64 MiB, on Pagoda under QEMU with 256 MiB
# (the Linux peer's setup in ../shared/bench/linux-peer: its 4 KiB fill of
# 64 MiB costs about 18.7 us a fault under TCG, its child COW about 33 us).
tools/qemu.sh --arch "$arch" --mem 256M --cmdline init=/bin/vmbench --timeout 120 2>/dev/null |
    tr -d '\r' | sed -n "s/^RESULT /RESULT arch=$arch system=pagoda /p"

# The disk: raw virtio-blk speed from the kernel and through /dev/vda
# (tools/blkbench.sh; the Linux peer's: tools/linux-blkbench.sh).  Then
# swap to a disk attached the same way (tools/swapbench.sh:
# user/bin/swapbench, with the Linux peer's figures from
# ../shared/bench/linux-peer beside Pagoda's).
# A failure in one still lets the other run.
status=0
tools/blkbench.sh "$arch" || status=1
tools/swapbench.sh "$arch" || status=1
exit $status
