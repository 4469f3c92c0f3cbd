#!/usr/bin/env bash
# run.sh KSURF DB OUTDIR RELEASE[=IMAGE_NAME]... -- FILE...
#
# The kernel as the oracle for `ksurf check`: boots each RELEASE's own Debian
# kernel (vmlinuz from linux-image-RELEASE-unsigned, cached in
# ${KSURF_CACHE:-~/.cache/ksurf}/oracle) under qemu-system-x86_64 (TCG) with a
# minimal initramfs and a static libbpf loader, loads and attaches every
# program of FILE... alone, and compares with `KSURF --db DB check --image
# IMAGE_NAME --format json` on the same object bytes.  FILEs: BPF objects,
# binaries embedding them (libbpf-tools' skeletons), or *.bpf.c sources
# (compiled with clang; progs/ holds the corpus).  Writes OUTDIR/objs/,
# OUTDIR/loader-RELEASE.tsv, OUTDIR/serial-*.txt, OUTDIR/ksurf.json,
# OUTDIR/agreement.json; prints a DIFF line per disagreement and a table.
# Exit 0, or 2 with one error line when something could not run.
#
# Example (from the repository root):
#   make BUILD=build-oracle
#   scripts/kernel-image.sh linux-image-6.1.0-56-amd64-dbg          # each prints a vmlinux
#   scripts/kernel-image.sh linux-image-6.12.117+deb12-amd64-dbg
#   build-oracle/ksurf --db /tmp/oracle.db add VMLINUX_6.1 VMLINUX_6.12
#   tests/real/oracle/run.sh build-oracle/ksurf /tmp/oracle.db /tmp/oracle \
#       6.1.0-56-amd64=6.1.0-56-amd64 6.12.117+deb12-amd64=6.12.117+deb12-amd64 -- \
#       $(for f in $(dpkg -L libbpf-tools | grep '^/usr/sbin/'); do [ -L "$f" ] || echo "$f"; done) \
#       tests/real/oracle/progs/*.bpf.c
# Environment: ORACLE_TIMEOUT, ORACLE_JOBS, ORACLE_PROGS_PER_BOOT (oracle.py).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
command -v clang >/dev/null || need+=(clang)
command -v cpio >/dev/null || need+=(cpio)
dpkg -s busybox-static >/dev/null 2>&1 || need+=(busybox-static)
[ -f /usr/lib/x86_64-linux-gnu/libbpf.a ] || need+=(libbpf-dev)
[ -f /usr/lib/x86_64-linux-gnu/libelf.a ] || need+=(libelf-dev)
[ -f /usr/lib/x86_64-linux-gnu/libz.a ] || need+=(zlib1g-dev)
if [ ${#need[@]} -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "oracle: missing packages; run: apt-get install ${need[*]}" >&2
		exit 2
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null 2>&1 || {
		echo "oracle: apt-get install ${need[*]} failed" >&2
		exit 2
	}
fi
exec python3 "$here/oracle.py" "$@"
