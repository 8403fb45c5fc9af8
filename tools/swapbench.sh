#!/bin/sh
# swapbench.sh [ARCH]: the swap benchmark (user/bin/swapbench) on Pagoda,
# with the raw disk's speed and the Linux peer's numbers beside it, as
# RESULT lines:
#
#   RESULT system=pagoda arch=amd64 bench=swap mem=256M swap=512M
#       cache=none press_mib=280 rep=1 mode=thp pg=thp method=pageout
#       phase=swapin mib=64.0 ms=... mibps=... io_mibps=... majflt=32
#       ... majflt_per_2m=1.00
#   RESULT system=pagoda arch=amd64 bench=swap ... mode=thp pg=thp
#       method=pageout phase=total thp_swpout=32 thp_swpin=32 ...
#   RESULT system=pagoda arch=amd64 bench=kblk_read bs=2097152 depth=1
#       mib=64 value=... unit=MiB/s disk=swapdisk rep=1
#   RESULT system=pagoda arch=amd64 bench=swap_summary stat=median n=3
#       mode=thp pg=thp method=pageout swapout_mibps=... swapin_mibps=...
#       swapin_net_mibps=... majflt_per_2m=1.00 raw_read_2m_mibps=...
#       swapin_of_raw_pct=... net_of_raw_pct=...
#   RESULT system=linux-peer arch=amd64 bench=swap mem=256M swap=1G
#       cache=none press_mib=192 rot=0 stat=median n=3 mode=thp pg=thp
#       method=both phase=swapin ms=... mibps=... ... majflt_per_2m=64.09
#   RESULT system=linux-peer arch=amd64 bench=raw op=read bs=1024k
#       stat=median n=6 mibps=339.25 range=206.2-459.2
#
# (each on one line).  On Pagoda: 256 MiB of RAM, one swap disk of
# 512 MiB (written with zeros once, so that reads find real blocks:
# build/ARCH/swapdisk.img; mkswap'ed before each run) attached with
# cache=none as tools/blkbench.sh does, a region of MIB MiB (default 64,
# the peer's) and a pressure region of PRESS MiB (default 280; the peer's
# was 192, see below).  One tools/pagoda-run boot per mode: a warm-up
# (below), swapon /dev/vda, then swapbench, then /proc/vmstat (the
# phase=total line: the thp_ and swap counters since boot, which is to
# say of this run, thp_swpin and thp_swpin_fallback among them, which
# swapbench's own lines lack) and /proc/vmaudit.
#
# The warm-up: before swap is on, "swapbench small -n WARM -p 1 -m
# press" (WARM MiB, default 192; 0 skips it) touches most of the guest's
# RAM once, and its lines are thrown away.  On the development machine
# QEMU's RAM is backed lazily by the host, and the first touch of each
# guest page costs a host fault many times dearer than Pagoda's own: a
# boot's first phases ran 5 to 30 times slower than the same phases run
# a second time in the same boot (a cold 64 MiB fill: 2.6 s, warm: 0.08
# s; 4 KiB swap-in of 64 MiB: 17 MiB/s cold, 110 warm).  After the
# warm-up the frames the measured run gets have been touched before.
#
# MODES, each MODE:METHOD (default: 4 KiB pages in order and random, and
# 2 MiB pages in order and with a fork, each pushed out by MADV_PAGEOUT
# and, in order, by memory pressure):
#
#   small:pageout random4k:pageout small:press random4k:press
#   thp:pageout thp:press fork:pageout
#
# MODE is small, random4k (random with -4), fork4k, or thp, random, fork
# for 2 MiB pages (MADV_HUGEPAGE; Pagoda's default policy is madvise, see
# docs/hugepages.md).  METHOD is swapbench's -m.  Pagoda's MADV_PAGEOUT
# returns once the pages are written and their frames freed, so
# "pageout" alone measures what the peer's "both" does (there a pressure
# phase had to empty the swap cache before the read-back).  Every line
# of a 2 MiB mode gets majflt_per_2m, its major faults over the region's
# 2 MiB pages: 1 when each huge page comes back in one fault.
#
# RAW (default 1): before each round of modes, one boot measures the
# swap disk itself from the kernel (the command line "blkbench",
# drivers/blkbench.c: requests straight from kernel memory, the path swap
# takes), and its read lines are printed (bench=kblk_read).  The 2 MiB
# sequential read with one request in flight is the yardstick of
# huge-page swap-in, which reads one 2 MiB folio per fault.  RAW=0 skips
# it (make bench has run tools/blkbench.sh already).
#
# The closing summary gives, per MODE:METHOD, the medians over the RUNS
# of the swap-out and swap-in rates (MiB of the region per second; for
# fork the child's swap-in), swapin_net_mibps (the region over the
# swap-in time less the reread time: what is left when the program's own
# reading and checking of every word is taken out), majflt_per_2m, and
# for 2 MiB modes the swap-in rates as a percentage of the raw 2 MiB read.
#
# Then the peer's medians for the same modes (from PEER/results/
# summary.txt, default ../shared/bench/linux-peer: Debian's Linux 6.1 on
# amd64 under the same QEMU, TCG) and its raw-device figures.  rot= is
# the peer's virtio-blk "rotational" setting: with 0 Linux allocates swap
# in clusters, as Pagoda always does, and writes a huge page whole; it
# still splits its 2 MiB mapping at swap-out, and reads it back 4 KiB at
# a time.
#
# Why PRESS is not the peer's 192 MiB: what the pressure pushes out is what
# does not fit, and of the 256 MiB Linux started with about 163 MiB
# available (MemAvailable), Pagoda with about 249 (MemFree).  With 192 MiB
# Linux swapped all of the region (and some of the pressure region),
# Pagoda only a quarter of it (about 17 MiB).  192 + 86, rounded: 280 MiB
# puts all of the region on swap on Pagoda too, and about 40 MiB of the
# pressure region, as on Linux; each line says its press_mib.
#
# RUNS (default 3) repeats the whole round; timings on the 2-core
# development machine move a lot from run to run (other QEMU runs beside
# this one), so read the medians.  Exit status 0 if every run succeeded;
# a failed run says so on stderr, with pagoda-run's status, and the
# others still run.  Not part of make check.
set -eu
arch=${1:-amd64}
mib=${MIB:-64}
press=${PRESS:-280}
runs=${RUNS:-3}
raw=${RAW:-1}
warm=${WARM:-192}
modes=${MODES:-small:pageout random4k:pageout small:press random4k:press \
thp:pageout thp:press fork:pageout}
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
: > "$tmp/all"			# every Pagoda line, for the summary

# swapbench_args MODE: swapbench's mode argument (and -4) for MODE.
swapbench_args() {
	case $1 in
	random4k) echo "random -4" ;;
	fork4k) echo "fork -4" ;;
	small|thp|random|fork) echo "$1" ;;
	*) echo "swapbench.sh: unknown mode $1" >&2; return 1 ;;
	esac
}

# peer_key MODE METHOD: the peer's "mode pg method" for it (the peer's
# MADV_PAGEOUT runs are its "both").
peer_key() {
	case $1 in
	small) m="small 4k" ;;
	random4k) m="random 4k" ;;
	fork4k) m="fork 4k" ;;
	*) m="$1 thp" ;;
	esac
	case $2 in
	pageout) echo "$m both" ;;
	*) echo "$m $2" ;;
	esac
}

# tag_lines TAG: swapbench's RESULT lines on stdin after the line
# "measure:" (the warm-up's come before it), tagged, with majflt_per_2m
# on the lines of 2 MiB pages.
tag_lines() {
	awk -v tag="$1" '
	/^measure:$/ { on = 1 }
	on && /^RESULT / {
		sub(/^RESULT /, "RESULT " tag " ")
		pg = ""; mib = 0; maj = -1
		for (i = 1; i <= NF; i++) {
			if ($i ~ /^pg=/) pg = substr($i, 4)
			if ($i ~ /^mib=/) mib = substr($i, 5) + 0
			if ($i ~ /^majflt=/) maj = substr($i, 8) + 0
		}
		if (pg == "thp" && mib > 0 && maj >= 0)
			$0 = $0 sprintf(" majflt_per_2m=%.2f", maj / (mib / 2))
		print
	}'
}

# vmstat_line TAG MODE METHOD: the phase=total line, from the
# /proc/vmstat text between "vmstat:" and "vmaudit:" in the output.
vmstat_line() {
	awk -v tag="$1" -v mode="$2" -v method="$3" '
	/^vmstat:$/ { on = 1; next }
	/^vmaudit:$/ { on = 0 }
	on && NF == 2 && ($1 ~ /^thp_/ || $1 ~ /^(pgmajfault|pswpin|pswpout)$/) {
		line = line " " $1 "=" $2
	}
	END {
		pg = "thp"
		if (mode ~ /4k$/) {		# random4k, fork4k: swapbench -4
			pg = "4k"
			sub(/4k$/, "", mode)
		}
		if (mode == "small")
			pg = "4k"
		if (line != "")
			print "RESULT " tag " mode=" mode " pg=" pg \
			    " method=" method " phase=total" line
	}'
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
	: > "$tmp/run.sh"
	if [ "$warm" -gt 0 ]; then
		echo "swapbench small -n $warm -p 1 -m press" > "$tmp/run.sh"
	fi
	printf '%s\n' "echo measure:" "swapon /dev/vda" \
	    "swapbench $args -n $mib -p $press -m $2" \
	    "echo vmstat:" "cat /proc/vmstat" \
	    "echo vmaudit:" "cat /proc/vmaudit" >> "$tmp/run.sh"
	status=0
	tools/pagoda-run --no-build --arch "$arch" --mem 256M \
	    --timeout 900 --disk "$disk" --log "$tmp/kernel.log" \
	    --add "$tmp/run.sh" -- sh run.sh > "$tmp/out" 2> "$tmp/err" ||
	    status=$?
	tag="system=pagoda arch=$arch bench=swap mem=256M swap=512M"
	tag="$tag cache=none press_mib=$press rep=$3"
	{
		tag_lines "$tag" < "$tmp/out"
		vmstat_line "$tag" "$1" "$2" < "$tmp/out"
	} | tee -a "$tmp/all"
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

# run_raw REP: the swap disk's own read speed, from the kernel (it
# writes over the disk's first 64 MiB: run_mode's mkswap comes after).
# The kernel leaves with the passing status, 33 (tools/qemu.sh).
run_raw() {
	status=0
	tools/qemu.sh --arch "$arch" --mem 256M --timeout 600 \
	    --drive "$disk" --cmdline blkbench > "$tmp/raw" 2> /dev/null ||
	    status=$?
	tr -d '\r' < "$tmp/raw" | sed -n "/^RESULT bench=kblk_read /{
	    s/^RESULT /RESULT system=pagoda arch=$arch /
	    s/\$/ disk=swapdisk rep=$1/
	    p
	}" | tee -a "$tmp/all"
	if [ $status -ne 33 ]; then
		echo "swapbench.sh: raw read: qemu.sh status $status" >&2
		return 1
	fi
}

status=0
rep=1
while [ $rep -le "$runs" ]; do
	if [ "$raw" = 1 ]; then
		run_raw $rep || status=1
	fi
	for item in $modes; do
		run_mode "${item%%:*}" "${item#*:}" $rep || status=1
	done
	rep=$((rep + 1))
done

# The summary: medians over the runs, per mode and method.
awk -v arch="$arch" '
function median(list,    n, v, i, j, t) {
	n = split(list, v, " ")
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) {
			t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
		}
	return n == 0 ? "" : (n % 2 ? v[(n + 1) / 2] : \
	    (v[n / 2] + v[n / 2 + 1]) / 2)
}
function field(name,    i) {
	for (i = 1; i <= NF; i++)
		if (index($i, name "=") == 1)
			return substr($i, length(name) + 2)
	return ""
}
/ bench=kblk_read / && field("bs") == 2097152 && field("depth") == 1 {
	raw = raw " " field("value")
}
/ bench=swap / {
	key = field("mode") ":" field("pg") ":" field("method")
	if (!(key in pg)) {
		order[++nkeys] = key
		pg[key] = field("pg")
	}
	ph = field("phase")
	if (ph == "swapout")
		out[key] = out[key] " " field("mibps")
	if (ph == "swapin" || ph == "child-swapin") {
		in_ms[key] = in_ms[key] " " field("ms")
		in_mib[key] = field("mib")
		maj[key] = maj[key] " " field("majflt")
		rep_in[key, field("rep")] = field("ms")
	}
	if (ph == "reread")
		rep_re[key, field("rep")] = field("ms")
}
END {
	r = median(raw)
	for (k = 1; k <= nkeys; k++) {
		key = order[k]
		split(key, mm, ":")
		n = split(in_ms[key], tmp, " ")
		ms = median(in_ms[key])
		line = "RESULT system=pagoda arch=" arch \
		    " bench=swap_summary stat=median n=" n " mode=" mm[1] \
		    " pg=" mm[2] " method=" mm[3]
		if (out[key] != "")
			line = line " swapout_mibps=" median(out[key])
		if (ms != "" && ms > 0) {
			line = line sprintf(" swapin_mibps=%.1f", \
			    in_mib[key] * 1000 / ms)
			net = ""
			for (i = 1; i <= 99; i++)
				if (((key, i) in rep_in) && ((key, i) in rep_re) &&
				    rep_in[key, i] > rep_re[key, i])
					net = net " " in_mib[key] * 1000 / \
					    (rep_in[key, i] - rep_re[key, i])
			if (net != "")
				line = line sprintf(" swapin_net_mibps=%.1f", \
				    median(net))
			if (pg[key] == "thp")
				line = line sprintf(" majflt_per_2m=%.2f", \
				    median(maj[key]) / (in_mib[key] / 2))
			if (pg[key] == "thp" && r != "" && r > 0) {
				line = line sprintf(" raw_read_2m_mibps=%.1f" \
				    " swapin_of_raw_pct=%.0f", r, \
				    100 * in_mib[key] * 1000 / ms / r)
				if (net != "")
					line = line sprintf(" net_of_raw_pct=%.0f", \
					    100 * median(net) / r)
			}
		}
		print line
	}
}' "$tmp/all"

# The peer's medians, from its summary: the "workload phases" table for
# the modes run here (its columns: accel rot mem wl mode pg method phase
# n, then name=value pairs and mibps[min-max]), and the raw device table.
summary=$peer/results/summary.txt
if [ ! -f "$summary" ]; then
	echo "swapbench.sh: no $summary: no Linux peer figures" >&2
	exit $status
fi
keys=""
for item in $modes; do
	keys="$keys$(peer_key "${item%%:*}" "${item#*:}");"
done
awk -v keys="$keys" '
BEGIN {
	n = split(keys, k, ";")
	for (i = 1; i <= n; i++)
		if (k[i] != "")
			want[k[i]] = 1
}
$1 == "tcg" && (($5 " " $6 " " $7) in want) && $10 ~ /^ms=/ {
	line = "RESULT system=linux-peer arch=amd64 bench=swap mem=" $3 \
	    " swap=1G cache=none press_mib=192 rot=" $2 " stat=median n=" $9 \
	    " mode=" $5 \
	    " pg=" $6 " method=" $7 " phase=" $8
	maj = -1
	for (i = 10; i <= NF; i++) {
		if ($i ~ /^mibps\[/) {
			r = $i
			gsub(/^mibps\[|\]$/, "", r)
			line = line " mibps_range=" r
		} else
			line = line " " $i
		if ($i ~ /^majflt=/)
			maj = substr($i, 8) + 0
	}
	mib = $4
	sub(/M$/, "", mib)
	if ($6 == "thp" && maj >= 0 && mib > 0)
		line = line sprintf(" majflt_per_2m=%.2f", maj / (mib / 2))
	print line
}
$1 == "tcg" && $2 == "none" && $6 ~ /^n=/ {
	r = $8
	gsub(/^\[|\]$/, "", r)
	print "RESULT system=linux-peer arch=amd64 bench=raw op=" $4 \
	    " bs=" $5 " stat=median " $6 " " $7 " range=" r
}' "$summary"
exit $status
