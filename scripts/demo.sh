#!/usr/bin/env bash
# demo.sh — the main job on a real kernel: fetch the newest Debian 6.1 amd64
# debug image (cached in ~/.cache/ksurf), ingest it, show two functions.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
ksurf="$PWD/$BUILD/ksurf"
cache=${KSURF_CACHE:-$HOME/.cache/ksurf}
db=${KSURF_DB:-$cache/demo.db}
pkg=$(scripts/latest-dbg.sh amd64)
if [ -z "$pkg" ]; then
	echo "demo: the package registry offers no linux-image-6.1.0-*-amd64-dbg" >&2
	exit 2
fi
vm=$(scripts/kernel-image.sh "$pkg")
echo "\$ ksurf --db $db add --replace $vm"
"$ksurf" --db "$db" add --replace "$vm"
echo
echo "\$ ksurf --db $db list"
"$ksurf" --db "$db" list
for f in mempool_alloc vfs_read; do
	echo
	echo "\$ ksurf --db $db show func $f"
	"$ksurf" --db "$db" show func "$f"
done
