#!/usr/bin/env bash
# site.sh [--record] [DB] — `ksurf stats` and `ksurf site` timed on a dataset: DB,
# else the six images of the real-kernel tests (fetched into ~/.cache/ksurf),
# with six libbpf-tools as checked programs; the site built fresh, then again
# (nothing to rewrite).  Prints the site's size.  Not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
record=0
[ "${1:-}" = --record ] && { record=1; shift; }
. bench/lib.sh
db=${1:-}
if [ -z "$db" ]; then
	six_images
	db=$work/six.db
	"$ksurf" --db "$db" add -j 2 "${pkgs[@]}" >/dev/null
fi
checks=()
for t in biotop biosnoop runqlat tcpconnect opensnoop execsnoop; do
	[ -f "/usr/sbin/$t" ] && checks+=(--check "/usr/sbin/$t")
done
n=$("$ksurf" --db "$db" list --format jsonl | wc -l)
st=$(measure 1 "ksurf-stats-$n-images" "$ksurf" --db "$db" stats --format json)
s1=$(measure 1 "ksurf-site-$n-images-fresh" "$ksurf" --db "$db" site "$work/site" "${checks[@]}")
size=$(du -sm "$work/site" | cut -f1)
files=$(find "$work/site" -type f | wc -l)
s2=$(measure 1 "ksurf-site-$n-images-again" "$ksurf" --db "$db" site "$work/site" "${checks[@]}")
table=$(
	table "$st" "$s1" "$s2"
	echo
	echo "site: $files files, $size MB on disk"
)
echo "$table"
record "ksurf stats and site: $n images ($(basename "$db")); $(nproc) CPUs" "$table"
