#!/bin/sh
# swapbench.sh [ARCH]: the swap benchmark (user/bin/swapbench) on Pagoda,
# with the Linux peer's numbers beside it, as RESULT lines:
#
#   RESULT system=pagoda arch=amd64 bench=swap mem=256M swap=512M
#       cache=none press_mib=280 rep=1 mode=small pg=4k method=pageout
#       phase=swapout mib=64.0 ms=... mibps=... io_mibps=... majflt=...
#   RESULT system=linux-peer arch=amd64 bench=swap mem=256M swap=1G
#       cache=none press_mib=192 rot=0 stat=median n=3 mode=small pg=4k
#       method=both phase=swapout ms=... mibps=... ...
#   RESULT system=linux-peer arch=amd64 bench=raw op=read bs=4k
#       stat=median n=6 mibps=6.05 range=3.9-6.2
#
# (each on one line).  On Pagoda: 256 MiB of RAM, one swap disk of
# 512 MiB (written with zeros once, so that reads find real blocks:
# build/ARCH/swapdisk.img; mkswap'ed before each run) attached with
# cache=none as tools/blkbench.sh does, a region of MIB MiB (default 64,
# the peer's) and a pressure region of PRESS MiB (default 280; the peer's
# was 192, see below).  One tools/pagoda-run boot per mode: swapon
# /dev/vda, then swapbench.
#
# MODES, each MODE:METHOD (default: 4 KiB pages, in order and random,
# each pushed out by MADV_PAGEOUT and by memory pressure):
#
#   small:pageout random4k:pageout small:press random4k:press
#
# MODE is small, random4k (random with -4), fork4k, or thp, random, fork
# for 2 MiB pages (left out by default: Pagoda has no huge pages yet, and
# they would run with 4 KiB pages under a thp label).  METHOD is swapbench's
# -m.  Pagoda's MADV_PAGEOUT returns once the pages are written and their
# frames freed, so "pageout" alone measures what the peer's "both" does
# (there a pressure phase had to empty the swap cache before the read-back).
# Then the peer's medians for the same 4 KiB modes (from PEER/results/
# summary.txt, default ../shared/bench/linux-peer: Debian's Linux 6.1 on
# amd64 under the same QEMU, TCG) and its raw-device figures, which sit next
# to Pagoda's blk_* lines from tools/blkbench.sh.  rot= is the peer's
# virtio-blk "rotational" setting: with 0 Linux allocates swap in clusters,
# as Pagoda always does.
#
# Why PRESS is not the peer's 192 MiB: what the pressure pushes out is what
# does not fit, and of the 256 MiB Linux started with about 163 MiB
# available (MemAvailable), Pagoda with about 249 (MemFree).  With 192 MiB
# Linux swapped all of the region (and some of the pressure region),
# Pagoda only a quarter of it (about 17 MiB).  192 + 86, rounded: 280 MiB
# puts all of the region on swap on Pagoda too, and about 40 MiB of the
# pressure region, as on Linux; each line says its press_mib.
#
# RUNS (default 1) repeats each mode.  Exit status 0 if every run
# succeeded; a failed run says so on stderr, with pagoda-run's status,
# and the others still run.  Not part of make check.
set -eu
arch=${1:-amd64}
mib=${MIB:-64}
press=${PRESS:-280}
runs=${RUNS:-1}
modes=${MODES:-small:pageout random4k:pageout small:press random4k:press}
top=$(cd "$(dirname "$0")/.." && pwd)
peer=${PEER:-$top/../shared/bench/linux-peer}
cd "$top"

# As in tools/blkbench.sh: the peer ran with cache=none (QEMU opens the
# image O_DIRECT), so no host page cache sits under the swap disk.
export QEMU_DISK_CACHE=none

make -s ARCH="$arch" all
disk=$top/build/$arch/swapdisk.img
if [ ! -f "$disk" ]; then
	dd if=/dev/zero of="$disk.tmp" bs=1M count=512 oflag=direct \
	    status=none
	mv "$disk.tmp" "$disk"
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/swapbench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# swapbench_args MODE: swapbench's mode argument (and -4) for MODE.
swapbench_args() {
	case $1 in
	random4k) echo "random -4" ;;
	fork4k) echo "fork -4" ;;
	small|thp|random|fork) echo "$1" ;;
	*) echo "swapbench.sh: unknown mode $1" >&2; return 1 ;;
	esac
}

# run_mode MODE METHOD REP: one boot; its RESULT lines, tagged.  Pagoda's
# sh runs every line of a script whatever the one before did, so a
# failed swapon shows as "sh: swapon: ..." on stderr: that fails the run.
# So does an audit of the kernel's books after the run (/proc/vmaudit,
# vm/vm_audit.h) that does not begin "ok".
run_mode() {
	args=$(swapbench_args "$1") || return 1
	user/hostrun.sh "$arch" "build/$arch/user/bin/mkswap" "$disk" \
	    > /dev/null
	printf '%s\n' "swapon /dev/vda" \
	    "swapbench $args -n $mib -p $press -m $2" \
	    "echo vmaudit:" "cat /proc/vmaudit" > "$tmp/run.sh"
	status=0
	tools/pagoda-run --no-build --arch "$arch" --mem 256M \
	    --timeout 900 --disk "$disk" --log "$tmp/kernel.log" \
	    --add "$tmp/run.sh" -- sh run.sh > "$tmp/out" 2> "$tmp/err" ||
	    status=$?
	tag="system=pagoda arch=$arch bench=swap mem=256M swap=512M"
	tag="$tag cache=none press_mib=$press rep=$3"
	sed -n "s/^RESULT /RESULT $tag /p" "$tmp/out"
	if [ $status -eq 0 ] && grep -q '^sh: ' "$tmp/err"; then
		status=1
	fi
	audit=$(awk 'seen { print; exit } /^vmaudit:$/ { seen = 1 }' \
	    "$tmp/out")
	if [ $status -eq 0 ] && [ "${audit%% *}" != ok ]; then
		sed -n '/^vmaudit:$/,$p' "$tmp/out" >&2
		status=1
	fi
	if [ $status -ne 0 ]; then
		echo "swapbench.sh: $1:$2: pagoda-run status $status" >&2
		cat "$tmp/err" >&2
		tail -n 5 "$tmp/kernel.log" >&2
		return 1
	fi
}

status=0
for item in $modes; do
	rep=1
	while [ $rep -le "$runs" ]; do
		run_mode "${item%%:*}" "${item#*:}" $rep || status=1
		rep=$((rep + 1))
	done
done

# The peer's medians, from its summary: the "workload phases" table for
# the 4 KiB modes (its columns: accel rot mem wl mode pg method phase n,
# then name=value pairs and mibps[min-max]), and the raw device table.
summary=$peer/results/summary.txt
if [ ! -f "$summary" ]; then
	echo "swapbench.sh: no $summary: no Linux peer figures" >&2
	exit $status
fi
awk '
$1 == "tcg" && $6 == "4k" && $10 ~ /^ms=/ {
	line = "RESULT system=linux-peer arch=amd64 bench=swap mem=" $3 \
	    " swap=1G cache=none press_mib=192 rot=" $2 " stat=median n=" $9 \
	    " mode=" $5 \
	    " pg=" $6 " method=" $7 " phase=" $8
	for (i = 10; i <= NF; i++) {
		if ($i ~ /^mibps\[/) {
			r = $i
			gsub(/^mibps\[|\]$/, "", r)
			line = line " mibps_range=" r
		} else
			line = line " " $i
	}
	print line
}
$1 == "tcg" && $2 == "none" && $6 ~ /^n=/ {
	r = $8
	gsub(/^\[|\]$/, "", r)
	print "RESULT system=linux-peer arch=amd64 bench=raw op=" $4 \
	    " bs=" $5 " stat=median " $6 " " $7 " range=" r
}' "$summary"
exit $status
