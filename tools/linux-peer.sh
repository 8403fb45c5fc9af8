# linux-peer.sh: what the scripts that run our programs on Debian's Linux
# kernel share (sourced, with $top set to the repository, by
# tools/linux-blkbench.sh, tools/linux-reclaimtest.sh and
# tools/linux-thptest.sh).  Not a program: it defines these functions.
#
#   linux_peer_seed [ARG...]
#       The script's arguments: if they start with -s SEED, set $seed to
#       "-s SEED" (for the program's command line) and $seed_args to 2,
#       else to "" and 0; the caller shifts $seed_args of them.  Exits 2,
#       with a usage line, if -s has no SEED.
#   linux_peer_kernel
#       Download Debian's linux-image-amd64 package (about 70 MB, once,
#       into build/linux-peer/debs) and unpack it into build/linux-peer/
#       root; set $linux_kernel (the vmlinuz) and $linux_modules (its
#       lib/modules/VERSION/kernel).
#   linux_peer_initramfs OUT [DEST=SRC]...
#       Build the /init (tools/linux-blkinit.c, gcc -static: it loads the
#       virtio-blk modules, mounts /dev and /proc and runs /etc/blkrun)
#       and pack it with those modules and the DEST=SRC files into the
#       initramfs OUT (build/host/mkcpio).
#   linux_peer_boot LOG SECONDS MEM INITRAMFS APPEND [QEMU ARGS]...
#       Boot the kernel as Pagoda's tests and benchmarks boot Pagoda:
#       amd64, q35, -cpu max, TCG, MEM of memory, kernel arguments APPEND
#       besides the console's; QEMU ARGS add the disks.  The serial
#       console goes to LOG, without carriage returns; QEMU is stopped
#       after SECONDS.
#   linux_peer_all_done LOG
#       True if /init ran every command of /etc/blkrun in LOG's boot and
#       each exited 0; otherwise it prints the lines that say what failed.
#   linux_peer_swap_area IMG SIZE
#       Make IMG a fresh swap area of SIZE (truncate's: 256M) with our
#       mkswap (build/amd64/user/bin; make has built it).
#   linux_peer_run_test BASE LABEL PROGRAM SECONDS APPEND DRIVE COMMAND
#       Boot, as linux_peer_boot does with 112 MiB, an initramfs holding
#       PROGRAM (build/amd64/user/bin/PROGRAM, as /PROGRAM) whose
#       /etc/blkrun is COMMAND, with a virtio-blk disk DRIVE (-drive
#       options besides if and id), for at most SECONDS; the files are
#       build/linux-peer/BASE.run, .cpio and .log.  Prints PROGRAM's
#       output and "LABEL: N s", the time it took; linux_peer_all_done
#       on BASE.log then says if COMMAND exited 0.

work=$top/build/linux-peer

linux_peer_seed() {
	seed="" seed_args=0
	if [ "${1:-}" = -s ]; then
		if [ $# -lt 2 ]; then
			echo "usage: $0 [-s SEED] [TEST...]" >&2
			exit 2
		fi
		seed="-s $2" seed_args=2
	fi
}

linux_peer_kernel() {
	mkdir -p "$work/debs"
	if ! ls "$work"/debs/linux-image-*.deb >/dev/null 2>&1; then
		pkg=$(apt-cache depends linux-image-amd64 |
		    sed -n 's/.*Depends: \(linux-image-[0-9].*\)/\1/p' |
		    head -n 1)
		(cd "$work/debs" && apt-get download "$pkg" >/dev/null)
	fi
	if [ ! -d "$work/root/boot" ]; then
		for d in "$work"/debs/linux-image-*.deb; do
			dpkg-deb -x "$d" "$work/root"
		done
	fi
	linux_kernel=$(ls "$work"/root/boot/vmlinuz-* | head -n 1)
	linux_modules=$(ls -d "$work"/root/lib/modules/*/kernel | head -n 1)
}

linux_peer_initramfs() {
	out=$1
	shift
	make -s -C "$top" build/host/mkcpio
	gcc -static -O2 -Wall -Wextra -Werror -o "$work/blkinit" \
	    "$top/tools/linux-blkinit.c"
	set -- "$out" init="$work/blkinit" "$@"
	for m in virtio/virtio_ring virtio/virtio virtio/virtio_pci_modern_dev \
	    virtio/virtio_pci_legacy_dev virtio/virtio_pci block/virtio_blk; do
		set -- "$@" "modules/${m#*/}.ko=$linux_modules/drivers/$m.ko"
	done
	"$top/build/host/mkcpio" "$@"
}

linux_peer_boot() {
	log=$1 seconds=$2 mem=$3 initramfs=$4 append=$5
	shift 5
	timeout "$seconds" qemu-system-x86_64 -machine q35 -nodefaults \
	    -no-reboot -cpu max -m "$mem" -kernel "$linux_kernel" \
	    -initrd "$initramfs" -append "console=ttyS0 panic=-1 $append" \
	    "$@" -display none -serial stdio 2>&1 < /dev/null |
	    tr -d '\r' > "$log" || true
}

linux_peer_all_done() {
	! grep '^blkinit: ' "$1" | grep -v -e '^blkinit: run: ' \
	    -e '^blkinit: status 0$' -e '^blkinit: all done$' >&2 &&
	    grep -q '^blkinit: all done$' "$1"
}

linux_peer_swap_area() {
	rm -f "$1"
	truncate -s "$2" "$1"
	"$top/user/hostrun.sh" amd64 "$top/build/amd64/user/bin/mkswap" \
	    "$1" > /dev/null
}

linux_peer_run_test() {
	base=$work/$1 label=$2 program=$3 seconds=$4 append=$5 drive=$6
	echo "$7" > "$base.run"
	linux_peer_initramfs "$base.cpio" \
	    "$program=$top/build/amd64/user/bin/$program" \
	    etc/blkrun="$base.run"
	start=$(date +%s)
	linux_peer_boot "$base.log" "$seconds" 112M "$base.cpio" "$append" \
	    -drive "if=none,id=d0,$drive" -device virtio-blk-pci,drive=d0
	sed -n '/^blkinit: run:/,/^blkinit: status/p' "$base.log" | sed '1d;$d'
	echo "$label: $(($(date +%s) - start)) s"
}
