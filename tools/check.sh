#!/bin/sh
# check.sh [ARCH...]: every test of `make check`, with one verdict line.
#
#   1. host unit tests (tests/host: the buddy allocator and friends,
#      with AddressSanitizer and UBSan);
#   2. for each architecture: build, boot the in-kernel tests in QEMU, then
#      the boot tests: a plain boot, too little memory, no memory map, and
#      deliberate bugs that must end in a clean panic.
#
# Every test prints one "check NAME: ok" or "check NAME: FAILED" line (the
# in-kernel and host suites print their own lines); the last line is
# "N passed, N failed" for the whole run.  Logs go to build/ARCH/check/.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
arches=${*:-amd64}
passed=0
failed=0

pass() { passed=$((passed + 1)); echo "check $1: ok"; }
fail() { failed=$((failed + 1)); echo "check $1: FAILED ($2)"; }

# add_counts LOG: add a suite's closing "N passed, N failed" to the totals;
# false if the log has no such line (the suite died).
add_counts() {
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$1" | tail -n 1)
	[ -n "$line" ] || return 1
	p=${line%% passed*}
	f=${line#*, }
	f=${f%% failed*}
	passed=$((passed + p))
	failed=$((failed + f))
}

host_tests() {
	log=$top/build/host/check.log
	mkdir -p "$top/build/host"
	make -s -C tests/host run > "$log" 2>&1
	status=$?
	grep -E '^host ' "$log"
	if ! add_counts "$log"; then
		fail host-tests "no verdict; see $log"
		tail -n 20 "$log"
	elif [ $status -ne 0 ] && ! grep -q FAILED "$log"; then
		fail host-tests "exit status $status; see $log"
	fi
}

# run_qemu LOG [qemu.sh options]: boot, log the console without the
# serial line's carriage returns; QEMU's exit status.
run_qemu() {
	log=$1
	shift
	tools/qemu.sh "$@" > "$log.raw" 2>&1 < /dev/null
	status=$?
	tr -d '\r' < "$log.raw" > "$log"
	rm -f "$log.raw"
	return $status
}

# boot_test ARCH NAME WANT_STATUS WANT_TEXT [qemu.sh options]
boot_test() {
	arch=$1 name=$2 want=$3 text=$4
	shift 4
	log=$top/build/$arch/check/$name.log
	run_qemu "$log" --arch "$arch" --timeout 60 "$@"
	status=$?
	if [ $status -ne "$want" ]; then
		fail "$arch-$name" "exit status $status, want $want; see $log"
		tail -n 15 "$log"
	elif ! grep -q -- "$text" "$log"; then
		fail "$arch-$name" "no \"$text\" in $log"
		tail -n 15 "$log"
	else
		pass "$arch-$name"
	fi
}

# A legacy-only virtio device (virtio 0.9: PCI with modern off, or an MMIO
# slot of version 1) is refused with a message, and the boot goes on.
legacy_virtio_test() {
	arch=$1
	img=$top/build/$arch/check/legacy.img
	rm -f "$img"
	truncate -s 1M "$img"
	set -- -drive "if=none,id=lg,file=$img,format=raw"
	if [ "$arch" = amd64 ]; then
		set -- "$@" -device virtio-blk-pci,drive=lg,disable-modern=on
	else
		set -- -global virtio-mmio.force-legacy=true "$@" \
		    -device virtio-blk-device,drive=lg
	fi
	boot_test "$arch" virtio-legacy 33 "Pagoda drives modern devices only" \
	    --cmdline poweroff -- "$@"
}

# The in-kernel tests, with two disks for tests/ktest/blk.c: vda of
# 8 MiB and vdb of an odd size (3 MiB and 7 sectors), fresh each time.
kernel_tests() {
	arch=$1
	log=$top/build/$arch/check/ktest.log
	disks=$top/build/$arch/check
	rm -f "$disks/vda.img" "$disks/vdb.img"
	truncate -s 8M "$disks/vda.img"
	truncate -s $((3 * 1024 * 1024 + 7 * 512)) "$disks/vdb.img"
	run_qemu "$log" --arch "$arch" --cmdline test --timeout 120 \
	    --drive "$disks/vda.img" --drive "$disks/vdb.img"
	status=$?
	grep -E '^ktest ' "$log" | grep -v -E '^ktest: '
	if ! add_counts "$log"; then
		fail "$arch-ktest" "the kernel died (status $status); see $log"
		tail -n 30 "$log"
	elif [ $status -ne 33 ] && [ $status -ne 35 ]; then
		fail "$arch-ktest" "exit status $status; see $log"
	fi
}

# The disk error tests: QEMU's blkdebug fails reads and writes of sector
# 1000 of vda; ktest blkerr_read_write checks the driver reports -EIO and
# goes on working.
blkerr_tests() {
	arch=$1
	dir=$top/build/$arch/check
	log=$dir/ktest-blkerr.log
	rm -f "$dir/err.img"
	truncate -s 1M "$dir/err.img"
	for io in read write; do
		printf '[inject-error]\nevent = "%s_aio"\nerrno = "5"\n' $io
		printf 'sector = "1000"\nonce = "off"\n\n'
	done > "$dir/blkdebug.conf"
	run_qemu "$log" --arch "$arch" --cmdline "test=blkerr blkerr=1000" \
	    --timeout 60 --drive "blkdebug:$dir/blkdebug.conf:$dir/err.img"
	status=$?
	grep -E '^ktest ' "$log" | grep -v -E '^ktest: '
	if ! add_counts "$log"; then
		fail "$arch-blkerr" "no verdict (status $status); see $log"
		tail -n 20 "$log"
	elif grep -q '^ktest blkerr_read_write: skipped' "$log"; then
		fail "$arch-blkerr" "the error disk was not there; see $log"
	fi
	# From user space: reading through sector 1000 fails with EIO, the
	# program says where and exits 1; the kernel lives on.
	tools/pagoda-run --no-build --arch "$arch" --timeout 60 \
	    --disk "blkdebug:$dir/blkdebug.conf:$dir/err.img" \
	    -- blkbench -m 1 -b 4k /dev/vda > "$dir/blkerr-user.log" 2>&1
	status=$?
	if [ $status -eq 1 ] && grep -q 'Input/output error' \
	    "$dir/blkerr-user.log"; then
		pass "$arch-blkerr-user"
	else
		fail "$arch-blkerr-user" "status $status; see $dir/blkerr-user.log"
	fi
}

# The user-space test programs on the host's Linux (arm64 under qemu-user):
# proof that the tests themselves are right, before they judge Pagoda.
user_host_tests() {
	arch=$1
	log=$top/build/$arch/check/user-host.log
	make -s -C user check ARCH="$arch" BUILD="$top/build/$arch/user" > "$log" 2>&1
	status=$?
	sed -n 's/^test \(.*\)$/linux-'"$arch"' \1/p' "$log"
	if ! add_counts "$log"; then
		fail "$arch-user-host" "no verdict (status $status); see $log"
		tail -n 20 "$log"
	fi
}

# pagoda_suite ARCH NAME LOG PREFIX [pagoda-run options] -- COMMAND...:
# a user test suite run on Pagoda by tools/pagoda-run (the kernel's
# messages in LOG.kernel): its "test NAME: ..." lines join the run's,
# after PREFIX, and its closing count is added.  It fails as NAME if it
# gives no count, or an exit status other than its own 0 or 1.
pagoda_suite() {
	arch=$1 name=$2 log=$3 prefix=$4
	shift 4
	tools/pagoda-run --no-build --arch "$arch" --timeout 120 \
	    --log "$log.kernel" "$@" > "$log" 2>&1
	status=$?
	sed -n 's/^test \(.*\)$/'"$prefix"' \1/p' "$log"
	if ! add_counts "$log"; then
		fail "$name" "no verdict (status $status); see $log"
		tail -n 20 "$log"
	elif [ $status -ne 0 ] && [ $status -ne 1 ]; then
		fail "$name" "exit status $status; see $log"
	fi
}

# The same user-space test programs on Pagoda, each run as a command;
# their "test NAME: ok" lines and closing count join the run's.
pagoda_user_tests() {
	pagoda_suite "$1" "$1-user-$2" "$top/build/$1/check/user-$2.log" \
	    "pagoda-$1" -- "$2"
}

# blktest (user/tests/blktest.c) on a 64 MiB disk: on the host's Linux
# against an image file (proof that the test is right; arm64 under
# qemu-aarch64), then on Pagoda against /dev/vda.
blk_user_tests() {
	arch=$1
	dir=$top/build/$arch/check
	rm -f "$dir/blk-host.img" "$dir/blk.img"
	truncate -s 64M "$dir/blk-host.img"
	truncate -s 64M "$dir/blk.img"
	user/hostrun.sh "$arch" "$top/build/$arch/user/bin/blktest" \
	    "$dir/blk-host.img" > "$dir/blktest-host.log" 2>&1
	sed -n 's/^test \(.*\)$/linux-'"$arch"' blktest \1/p' \
	    "$dir/blktest-host.log"
	add_counts "$dir/blktest-host.log" ||
	    fail "$arch-blktest-host" "no verdict; see $dir/blktest-host.log"
	pagoda_suite "$arch" "$arch-blktest" "$dir/blktest.log" \
	    "pagoda-$arch blktest" --disk "$dir/blk.img" -- blktest /dev/vda
}

# Swap areas (user/tests/swaptest.c): vda made by Pagoda's mkswap (run
# here, on Linux: user/hostrun.sh), vdb by util-linux's mkswap when
# the host has it, vdc all zeros, which swapon must refuse with a reason
# on the console.
swap_area_tests() {
	arch=$1
	dir=$top/build/$arch/check
	log=$dir/swaptest.log
	rm -f "$dir/swap1.img" "$dir/swap2.img" "$dir/swap3.img"
	truncate -s 16M "$dir/swap1.img" "$dir/swap2.img" "$dir/swap3.img"
	mkswap_here() {
		user/hostrun.sh "$arch" "build/$arch/user/bin/mkswap" "$@" \
		    > /dev/null
	}
	mkswap_here -L pagoda "$dir/swap1.img"
	if command -v mkswap > /dev/null; then
		mkswap -L linux "$dir/swap2.img" > /dev/null 2>&1
	else
		mkswap_here "$dir/swap2.img"
	fi
	pagoda_suite "$arch" "$arch-swaptest" "$log" "pagoda-$arch" \
	    --disk "$dir/swap1.img" --disk "$dir/swap2.img" \
	    --disk "$dir/swap3.img" -- swaptest /dev/vda /dev/vdb /dev/vdc
	if ! grep -q 'swapon: /dev/vdc: no swap signature' "$log.kernel"; then
		fail "$arch-swap-reason" "no reason on the console; see $log.kernel"
	else
		pass "$arch-swap-reason"
	fi
}

# Reclaim and swap of 4 KiB pages (user/tests/reclaimtest.c), in 64 MiB:
# every default test on a 256 MiB area made by Pagoda's mkswap (run here),
# then the disk errors, each in a boot of its own on a fresh 16 MiB area
# whose disk fails writes (writeerr), or reads (readerr), of slots 1 to
# 1024 (blkdebug, tools/blkdebug-slots.sh).  The console must tell of
# the OOM kill and of each error.
reclaim_tests() {
	arch=$1
	dir=$top/build/$arch/check
	rm -f "$dir/reclaim.img"
	truncate -s 256M "$dir/reclaim.img"
	user/hostrun.sh "$arch" "build/$arch/user/bin/mkswap" \
	    "$dir/reclaim.img" > /dev/null
	pagoda_suite "$arch" "$arch-reclaimtest" "$dir/reclaimtest.log" \
	    "pagoda-$arch reclaimtest" --mem 64M --timeout 300 \
	    --disk "$dir/reclaim.img" -- reclaimtest /dev/vda
	reclaim_console "$arch-reclaim-oom-line" "$dir/reclaimtest.log" '^oom: '
	for io in write read; do
		log=$dir/reclaimtest-${io}err.log
		rm -f "$dir/reclaim-err.img"
		truncate -s 16M "$dir/reclaim-err.img"
		user/hostrun.sh "$arch" "build/$arch/user/bin/mkswap" \
		    "$dir/reclaim-err.img" > /dev/null
		tools/blkdebug-slots.sh $io 1 1024 > "$dir/reclaim-$io.conf"
		pagoda_suite "$arch" "$arch-reclaimtest-${io}err" "$log" \
		    "pagoda-$arch reclaimtest" --mem 64M --disk \
		    "blkdebug:$dir/reclaim-$io.conf:$dir/reclaim-err.img" \
		    -- reclaimtest /dev/vda ${io}err
		reclaim_console "$arch-reclaim-${io}err-line" "$log" \
		    "^swap: $io error on slot "
	done
}

# Transparent huge pages and their swap (user/tests/thptest.c), in 64 MiB
# with a 32 MiB area made by Pagoda's mkswap (run here): the area small,
# as swap_fragmented fills all of it with small pages, and the memory
# too, as memory_fragmented cannot leave no 2 MiB free in more than
# 64 MiB.
thp_tests() {
	arch=$1
	dir=$top/build/$arch/check
	rm -f "$dir/thp.img"
	truncate -s 32M "$dir/thp.img"
	user/hostrun.sh "$arch" "build/$arch/user/bin/mkswap" \
	    "$dir/thp.img" > /dev/null
	pagoda_suite "$arch" "$arch-thptest" "$dir/thptest.log" \
	    "pagoda-$arch thptest" --mem 64M --disk "$dir/thp.img" \
	    -- thptest /dev/vda
}

# reclaim_console NAME LOG PATTERN: the kernel's messages of a suite run
# by pagoda_suite (LOG.kernel) have a line matching PATTERN.
reclaim_console() {
	if grep -q -- "$3" "$2.kernel"; then
		pass "$1"
	else
		fail "$1" "no \"$3\" on the console; see $2.kernel"
	fi
}

# The differential ABI tests and the scripted run's (tests/abi/check.sh).
abi_tests() {
	arch=$1
	log=$top/build/$arch/check/abi.log
	tests/abi/check.sh "$arch" > "$log" 2>&1
	grep -E '^check ' "$log"
	if ! add_counts "$log"; then
		fail "$arch-abi" "no verdict; see $log"
		tail -n 20 "$log"
	fi
}

arch_tests() {
	arch=$1
	mkdir -p "$top/build/$arch/check"
	if ! make -s ARCH="$arch" all > "$top/build/$arch/check/build.log" 2>&1; then
		fail "$arch-build" "see build/$arch/check/build.log"
		tail -n 30 "$top/build/$arch/check/build.log"
		return
	fi
	pass "$arch-build"
	# The release build (no KASSERTs) must build too.
	if make -s ARCH="$arch" NDEBUG=1 all > "$top/build/$arch/check/build-ndebug.log" 2>&1; then
		pass "$arch-build-ndebug"
	else
		fail "$arch-build-ndebug" "see build/$arch/check/build-ndebug.log"
	fi
	kernel_tests "$arch"
	blkerr_tests "$arch"
	user_host_tests "$arch"
	pagoda_user_tests "$arch" libctest
	pagoda_user_tests "$arch" progtest
	pagoda_user_tests "$arch" usertests
	blk_user_tests "$arch"
	swap_area_tests "$arch"
	reclaim_tests "$arch"
	thp_tests "$arch"
	boot_test "$arch" boot 33 "memory: " --cmdline poweroff
	boot_test "$arch" small-memory 39 "Pagoda needs at least" --mem 8M --cmdline poweroff
	boot_test "$arch" no-memory-map 37 "gave no memory map" --cmdline "poweroff bootinfo.nommap"
	boot_test "$arch" double-free 37 "double free of page" --cmdline crash=double_free
	boot_test "$arch" kernel-pagefault 37 "kernel page fault at 0xfffffffffffff000" --cmdline crash=pagefault
	boot_test "$arch" panic-backtrace 37 "<crash+0x" --cmdline crash=panic
	boot_test "$arch" user-hello 33 'argv\[0\] = "/bin/hello"' --cmdline init=/bin/hello
	abi_tests "$arch"
	boot_test "$arch" exec-not-executable 35 "cannot run /etc/motd: error 13" --cmdline init=/etc/motd
	boot_test "$arch" exec-missing 35 "cannot run /bin/nothing: error 2" --cmdline init=/bin/nothing
	legacy_virtio_test "$arch"
}

host_tests
for arch in $arches; do
	arch_tests "$arch"
done
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
