#!/bin/sh
# blkdebug-slots.sh read|write FIRST COUNT: print a QEMU blkdebug
# configuration (tools/qemu.sh --drive blkdebug:CONFIG:IMAGE) that fails
# with EIO, every time, each read (or write) request touching swap slots
# FIRST to FIRST + COUNT - 1, that is 4 KiB pages of the disk.
#
# blkdebug fails a request that covers a rule's sector, so one rule at
# the first sector of each slot catches every request that touches the
# slot, whatever its size: a swap area is written and read in whole
# slots.  A rule is made active by any request of its event (read_aio,
# write_aio) and then checked against every request that follows, so
# iotype keeps a read rule from failing writes, and the reverse.
#
# The error tests of user/tests/reclaimtest.c (writeerr, readerr) use
# slots 1 to 1024, where a fresh area puts its first pages.
set -eu
[ $# -eq 3 ] && { [ "$1" = read ] || [ "$1" = write ]; } || {
	echo "usage: $0 read|write FIRST COUNT" >&2
	exit 2
}
slot=$2
while [ "$slot" -lt $(($2 + $3)) ]; do
	printf '[inject-error]\nevent = "%s_aio"\niotype = "%s"\n' "$1" "$1"
	printf 'errno = "5"\n'
	printf 'sector = "%d"\nonce = "off"\n\n' $((slot * 8))
	slot=$((slot + 1))
done
