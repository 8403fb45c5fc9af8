#!/bin/sh
# install-deps.sh: install the host tools Pagoda needs to build and boot.
#
# Quick and silent when everything is already there: each tool is probed
# first and apt-get only runs for the packages whose tool is missing.
# Runs apt-get directly as root, through sudo otherwise.
set -eu

# "command:package" pairs; a package is wanted when its command is absent.
need="
gcc:gcc
ld:binutils
make:make
qemu-system-x86_64:qemu-system-x86
qemu-system-aarch64:qemu-system-arm
qemu-aarch64:qemu-user
aarch64-linux-gnu-gcc:gcc-aarch64-linux-gnu
grub-mkrescue:grub-common
xorriso:xorriso
mformat:mtools
musl-gcc:musl-tools
"

missing=""
for pair in $need; do
	cmd=${pair%%:*}
	pkg=${pair#*:}
	command -v "$cmd" >/dev/null 2>&1 || missing="$missing $pkg"
done
# grub-pc-bin has no command of its own: probe its module folder; and the
# arm64 C library for static test programs (tests/abi), its libc.a.
[ -d /usr/lib/grub/i386-pc ] || missing="$missing grub-pc-bin"
[ -f /usr/aarch64-linux-gnu/lib/libc.a ] ||
    missing="$missing libc6-dev-arm64-cross"

[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
	SUDO=""
else
	SUDO="sudo"
fi
echo "install-deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
