#!/bin/sh
# linux-vmbench.sh: run user/bin/vmbench on Debian's Linux kernel under the
# same QEMU setup as Pagoda's `make bench` (amd64, TCG, 256 MiB), for the
# comparison.  It downloads Debian's linux-image-amd64 package (about
# 70 MB, once, into build/linux-peer/) and boots it with vmbench as /init;
# the RESULT lines are printed with system=linux.  Not part of make check.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
work=$top/build/linux-peer
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
cd "$top"
make -s ARCH=amd64 all
"$top/build/host/mkcpio" "$work/vmbench.cpio" \
    init="$top/build/amd64/user/bin/vmbench"
# vmbench is /init: when it exits Linux panics ("Attempted to kill init"),
# and panic=-1 with -no-reboot ends QEMU.
timeout 300 qemu-system-x86_64 -machine q35 -nodefaults -no-reboot \
    -cpu max -m 256M -kernel "$(ls "$work"/root/boot/vmlinuz-* | head -n 1)" \
    -initrd "$work/vmbench.cpio" \
    -append "console=ttyS0 panic=-1 quiet transparent_hugepage=never" \
    -display none -serial stdio 2>/dev/null | tr -d '\r' |
    sed -n 's/^RESULT /RESULT arch=amd64 system=linux /p'
