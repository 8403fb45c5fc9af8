#!/bin/sh
# mkiso.sh ISO KERNEL [CMDLINE]: build a bootable GRUB ISO that boots KERNEL
# by multiboot2 with CMDLINE.
#
# The ISO is kept small for a fast boot (DESIGN.md, "Machine layer"): only
# the GRUB modules we use, no locales, fonts or themes, no menu timeout.
set -eu
iso=$1
kernel=$2
cmdline=${3:-}

dir=$(mktemp -d "${TMPDIR:-/tmp}/pagoda-iso.XXXXXX")
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/boot/grub"
cp "$kernel" "$dir/boot/pagoda.elf"
cat > "$dir/boot/grub/grub.cfg" <<CFG
set timeout=0
set default=0
menuentry "Pagoda" {
	multiboot2 /boot/pagoda.elf $cmdline
	boot
}
CFG
grub-mkrescue --install-modules="normal multiboot2" \
	--locales= --fonts= --themes= -o "$iso" "$dir" >/dev/null 2>&1 || {
	echo "mkiso.sh: grub-mkrescue failed:" >&2
	grub-mkrescue --install-modules="normal multiboot2" \
		--locales= --fonts= --themes= -o "$iso" "$dir"
	exit 1
}
