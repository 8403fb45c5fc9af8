#!/bin/sh
# qemu.sh: boot Pagoda in QEMU (TCG).
#
#   tools/qemu.sh [--arch amd64] [--mem 128M] [--cmdline "..."]
#                 [--initramfs FILE] [--drive FILE|blkdebug:CONF:FILE]...
#                 [--interactive]
#                 [--gdb] [--timeout SECONDS] [-- QEMU ARGS]
#
# Non-interactive runs (the tests) send the serial console to stdout and
# end QEMU after --timeout seconds at the latest (default 60).  The exit
# status is QEMU's: under test the kernel leaves through isa-debug-exit
# (amd64) or semihosting (arm64), both of which give (v << 1) | 1 for the
# kernel's code v (kernel/machdep.h):
# 33 pass, 35 fail, 37 panic, 39 too little memory; 124 is a timeout.
#
# amd64 boots through GRUB from an ISO whose grub.cfg carries the command
# line; an ISO per command line is built once and kept in build/amd64/
# (or, with --initramfs, next to that file).  arm64 boots the kernel Image
# directly (-kernel, -append, -initrd).  --initramfs replaces the archive
# the build made (tools/pagoda-run packs its own); each --drive FILE is a
# raw virtio-blk disk.
set -eu

arch=amd64
mem=128M
cmdline=""
interactive=0
gdb=0
timeout=60
initramfs=""
drives=""	# one path a line
nl='
'
while [ $# -gt 0 ]; do
	case $1 in
	--arch) arch=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--cmdline) cmdline=$2; shift 2 ;;
	--interactive) interactive=1; shift ;;
	--gdb) gdb=1; shift ;;
	--timeout) timeout=$2; shift 2 ;;
	--initramfs) initramfs=$2; shift 2 ;;
	--drive) drives="$drives$2$nl"; shift 2 ;;
	--) shift; break ;;
	*) echo "qemu.sh: unknown option $1" >&2; exit 2 ;;
	esac
done

top=$(cd "$(dirname "$0")/.." && pwd)
build=$top/build/$arch
isodir=$build
if [ -n "$initramfs" ]; then
	isodir=$(dirname "$initramfs")
else
	initramfs=$build/initramfs.cpio
fi

# The ISO for this command line (amd64).
iso_for() {
	key=$(printf '%s %s' "$1" "$initramfs" | md5sum | cut -c1-12)
	iso=$isodir/boot-$key.iso
	if [ ! -f "$iso" ] || [ "$build/pagoda.elf" -nt "$iso" ] ||
	    [ "$initramfs" -nt "$iso" ]; then
		"$top/tools/mkiso.sh" "$iso.tmp" "$build/pagoda.elf" "$1" \
		    "$initramfs"
		mv "$iso.tmp" "$iso"
	fi
	echo "$iso"
}

# The virtio-blk disks: a PCI function each on amd64, a virtio-mmio
# slot each on arm64.  A comma in a path is doubled, as -drive wants.
# "blkdebug:CONFIG:IMAGE" puts QEMU's blkdebug driver, which fails the
# requests CONFIG names, over the raw IMAGE (the error tests).  The
# host's cache mode is QEMU's default (writeback) unless QEMU_DISK_CACHE
# says otherwise: the benchmarks use "none" (O_DIRECT on the host, as the
# Linux peer was measured), which some file systems (tmpfs) refuse.
n=0
set -f
IFS=$nl
for d in $drives; do
	case $arch in
	amd64) dev=virtio-blk-pci ;;
	*) dev=virtio-blk-device ;;
	esac
	d=$(printf '%s' "$d" | sed 's/,/,,/g')
	case $d in
	blkdebug:*)
		d=${d#blkdebug:}
		# raw over blkdebug: raw announces each read and write
		# (blkdebug's read_aio and write_aio events).
		opts="driver=raw,file.driver=blkdebug"
		opts="$opts,file.config=${d%%:*},file.image.filename=${d#*:}" ;;
	*)	opts="format=raw,file=$d" ;;
	esac
	[ -z "${QEMU_DISK_CACHE:-}" ] || opts="$opts,cache=$QEMU_DISK_CACHE"
	set -- "$@" -drive "if=none,$opts,id=disk$n" \
	    -device "$dev,drive=disk$n"
	n=$((n + 1))
done
unset IFS
set +f

case $arch in
amd64)
	# q35 without default devices, booting the CD at once: the fastest
	# GRUB path measured (DESIGN.md).  The TSC is hidden so that GRUB
	# skips its TSC calibration; the kernel does not use the TSC.
	set -- qemu-system-x86_64 -machine q35 -nodefaults -no-reboot \
	    -cpu max,-tsc -m "$mem" -boot d -cdrom "$(iso_for "$cmdline")" \
	    "$@"
	[ $gdb = 1 ] || set -- "$@" -device isa-debug-exit,iobase=0xf4,iosize=0x04
	;;
arm64)
	# QEMU virt with a GICv2, booting the raw Image with -kernel; the
	# command line goes in the device tree.  Semihosting lets the kernel
	# leave QEMU with a status (machine_exit()).  virtio-mmio devices are
	# modern (version 2), not QEMU's legacy default.
	set -- qemu-system-aarch64 -machine virt,gic-version=2 -cpu cortex-a72 \
	    -nodefaults -no-reboot -m "$mem" -kernel "$build/Image" \
	    -append "$cmdline" -initrd "$initramfs" \
	    -semihosting-config enable=on,target=native \
	    -global virtio-mmio.force-legacy=false "$@"
	;;
*)
	echo "qemu.sh: unknown architecture $arch" >&2
	exit 2
	;;
esac

if [ $gdb = 1 ]; then
	# A gdb script for this architecture; amd64's is also ./.gdbinit.
	case $arch in
	amd64) gdbarch=i386:x86-64 gdbcmd=gdb ;;
	arm64) gdbarch=aarch64 gdbcmd=gdb-multiarch ;;
	esac
	cat > "$build/gdbinit" <<GDB
set confirm off
set pagination off
file $build/pagoda.elf
set architecture $gdbarch
target remote localhost:1234
hbreak kmain
continue
GDB
	echo "qemu.sh: waiting for gdb on localhost:1234; in another terminal:" >&2
	echo "    $gdbcmd -x $build/gdbinit" >&2
	[ $arch = arm64 ] && ! command -v gdb-multiarch >/dev/null &&
	    echo "    (install it first: apt-get install gdb-multiarch)" >&2
	set -- "$@" -S -gdb tcp::1234
fi
if [ $interactive = 1 ]; then
	echo "qemu.sh: Ctrl-A X quits QEMU" >&2
	exec "$@" -display none -serial mon:stdio
fi
exec timeout --foreground -k 5 "$timeout" "$@" -display none -serial stdio
