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
# the list of commands.  The serial console is kept in
# build/linux-peer/blkbench.log.  Exit status 0 if every command ran and
# succeeded.  Not part of make check; a few minutes under TCG.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
work=$top/build/linux-peer
mib=${MIB:-64}
mode=bench
case ${1:-} in
"") ;;
--blktest) mode=blktest ;;
*) echo "usage: $0 [--blktest]" >&2; exit 2 ;;
esac

# The kernel and its modules, from Debian's package.
mkdir -p "$work/debs"
cd "$work/debs"
if ! ls linux-image-*.deb >/dev/null 2>&1; then
	pkg=$(apt-cache depends linux-image-amd64 |
	    sed -n 's/.*Depends: \(linux-image-[0-9].*\)/\1/p' | head -n 1)
	apt-get download "$pkg" >/dev/null
fi
if [ ! -d "$work/root/boot" ]; then
	for d in ./linux-image-*.deb; do dpkg-deb -x "$d" "$work/root"; done
fi
kernel=$(ls "$work"/root/boot/vmlinuz-* | head -n 1)
modules=$(ls -d "$work"/root/lib/modules/*/kernel | head -n 1)

# Our programs, the archive packer, and the /init.
cd "$top"
make -s build/host/mkcpio
make -s -C user ARCH=amd64
gcc -static -O2 -Wall -Wextra -Werror -o "$work/blkinit" \
    tools/linux-blkinit.c

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

set -- "$work/blkbench.cpio" init="$work/blkinit" \
    blkbench="$top/build/amd64/user/bin/blkbench" \
    blktest="$top/build/amd64/user/bin/blktest" etc/blkrun="$work/blkrun"
for m in virtio/virtio_ring virtio/virtio virtio/virtio_pci_modern_dev \
    virtio/virtio_pci_legacy_dev virtio/virtio_pci block/virtio_blk; do
	set -- "$@" "modules/${m#*/}.ko=$modules/drivers/$m.ko"
done
"$top/build/host/mkcpio" "$@"

log=$work/blkbench.log
timeout 1200 qemu-system-x86_64 -machine q35 -nodefaults -no-reboot \
    -cpu max -m 256M -kernel "$kernel" -initrd "$work/blkbench.cpio" \
    -append "console=ttyS0 panic=-1 quiet" \
    -drive "file=$disk,if=none,id=d0,format=raw,cache=none" \
    -device virtio-blk-pci,drive=d0 \
    -display none -serial stdio 2>&1 < /dev/null | tr -d '\r' > "$log" ||
    true

if [ $mode = blktest ]; then
	sed -n '/^blkinit: run:/,/^blkinit: status/p' "$log" | sed '1d;$d'
else
	sed -n 's/^RESULT /RESULT system=linux arch=amd64 /p' "$log"
fi
# Every command must have ended with status 0, and /init must have
# reached its end.
if grep '^blkinit: ' "$log" | grep -v -e '^blkinit: run: ' \
    -e '^blkinit: status 0$' -e '^blkinit: all done$' >&2 ||
    ! grep -q '^blkinit: all done$' "$log"; then
	echo "linux-blkbench.sh: something failed; see $log" >&2
	exit 1
fi
