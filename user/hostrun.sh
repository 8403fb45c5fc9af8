#!/bin/sh
# hostrun.sh ARCH PROGRAM [ARG...]: run a user program built for ARCH
# (amd64 or arm64) on this Linux host: directly if the host is that
# architecture, otherwise under QEMU's user-mode emulation (qemu-x86_64 or
# qemu-aarch64, Debian's qemu-user package, installed here if missing).
# The programs use only Linux system calls, so Linux runs them as it is.
# Exits with the program's status.
set -eu

[ $# -ge 2 ] || { echo "usage: $0 amd64|arm64 program [arg...]" >&2; exit 2; }
case "$1" in
amd64)	machine=x86_64 ;;
arm64)	machine=aarch64 ;;
*)	echo "hostrun: unknown ARCH $1" >&2; exit 2 ;;
esac
shift
ulimit -c 0	# qemu-user would leave a core file here for every crash test

if [ "$(uname -m)" = "$machine" ]; then
	exec "$@"
fi

qemu=qemu-$machine
if ! command -v "$qemu" >/dev/null 2>&1; then
	echo "hostrun: installing qemu-user for $qemu" >&2
	if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq >/dev/null
	$SUDO apt-get install -y -qq --no-install-recommends qemu-user \
	    >/dev/null
fi
exec "$qemu" "$@"
