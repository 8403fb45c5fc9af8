# linux-peer.sh: what the scripts that run our programs on Debian's Linux
# kernel share (sourced, with $top set to the repository, by
# tools/linux-blkbench.sh and tools/linux-reclaimtest.sh).  Not a
# program: it defines these functions.
#
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

work=$top/build/linux-peer

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
