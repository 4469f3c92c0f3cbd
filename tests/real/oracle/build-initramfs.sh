#!/usr/bin/env bash
# build-initramfs.sh OUTDIR OBJ... — a gzip'd newc initramfs for the loader oracle:
# busybox (static), the static loader (built here from loader.c against Debian's
# libbpf.a), the objects under /objs/, and an /init that mounts proc, sysfs,
# devtmpfs, tracefs (at /sys/kernel/tracing: tracepoint attach needs it) and
# debugfs, runs `/loader /objs/*` on the console and powers off.
# ORACLE_LOADER_ARGS: options for the loader (-v: every libbpf message).
# Prints the path of OUTDIR/initrd.gz.  Installs busybox-static, cpio and
# libbpf-dev with apt-get when missing (as root).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 2 ] || { echo "usage: build-initramfs.sh OUTDIR OBJ..." >&2; exit 2; }
out=$1
shift
mkdir -p "$out"
out=$(cd "$out" && pwd)

need=()
dpkg -s busybox-static >/dev/null 2>&1 || need+=(busybox-static)
command -v cpio >/dev/null || need+=(cpio)
[ -f /usr/lib/x86_64-linux-gnu/libbpf.a ] || need+=(libbpf-dev)
[ -f /usr/lib/x86_64-linux-gnu/libelf.a ] || need+=(libelf-dev)
[ -f /usr/lib/x86_64-linux-gnu/libz.a ] || need+=(zlib1g-dev)
if [ ${#need[@]} -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "build-initramfs: missing packages; run: apt-get install ${need[*]}" >&2
		exit 2
	fi
	apt-get install -y -q "${need[@]}" >/dev/null 2>&1 || {
		echo "build-initramfs: apt-get install ${need[*]} failed" >&2
		exit 2
	}
fi
busybox=$(dpkg -L busybox-static | grep -m1 '/bin/busybox$')

loader=$out/loader
if [ ! -x "$loader" ] || [ "$here/loader.c" -nt "$loader" ]; then
	libs="-lbpf -lelf -lz"
	[ -f /usr/lib/x86_64-linux-gnu/libzstd.a ] && libs="$libs -lzstd"
	# shellcheck disable=SC2086
	gcc -O2 -Wall -static -o "$loader.tmp" "$here/loader.c" $libs 2>"$out/loader-build.log" ||
		gcc -O2 -Wall -static -o "$loader.tmp" "$here/loader.c" -lbpf -lelf -lz -lzstd 2>>"$out/loader-build.log" || {
		echo "build-initramfs: building the static loader failed (see $out/loader-build.log)" >&2
		exit 2
	}
	mv "$loader.tmp" "$loader"
fi

root=$(mktemp -d "$out/.root.XXXXXX")
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,proc,sys,dev,tmp,objs}
cp "$busybox" "$root/bin/busybox"
for a in sh mount mkdir poweroff sleep cat echo ls; do ln -s busybox "$root/bin/$a"; done
cp "$loader" "$root/loader"
for o in "$@"; do
	cp "$o" "$root/objs/$(basename "$o")"
done
cat >"$root/init" <<'INIT'
#!/bin/sh
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null || mount -t tracefs tracefs /sys/kernel/debug/tracing
echo "ORACLE-KERNEL $(cat /proc/sys/kernel/osrelease)" >/dev/console
/loader $(cat /loader-args) /objs/* >/dev/console 2>&1
poweroff -f
INIT
chmod 755 "$root/init"
printf '%s\n' "${ORACLE_LOADER_ARGS:-}" >"$root/loader-args"
(cd "$root" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --quiet | gzip -1 >"$out/initrd.gz.tmp")
mv "$out/initrd.gz.tmp" "$out/initrd.gz"
echo "$out/initrd.gz"
