#!/usr/bin/env bash
# demo.sh — the main job on real kernels: fetch three Debian kernels of
# different kinds (the newest 6.1 amd64, 6.1 cloud-amd64 and 6.12 amd64 the
# registry offers; downloads cached in ~/.cache/ksurf), add them straight from
# their packages in one `ksurf add -j`, show two functions and a field image by
# image, the report page of vfs_read, and what changed from 6.1 to 6.12.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
ksurf="$PWD/$BUILD/ksurf"
cache=${KSURF_CACHE:-$HOME/.cache/ksurf}
if [ -n "${KSURF_DB:-}" ]; then
	db=$KSURF_DB
else
	db=$cache/demo.db # the demo's own: made afresh each run
	rm -f "$db" "$db-wal" "$db-shm"
fi
releases=()
for flavor in amd64 cloud-amd64; do
	pkg=$(scripts/latest-dbg.sh "$flavor")
	[ -n "$pkg" ] && releases+=("$(echo "$pkg" | sed 's/^linux-image-//; s/-dbg$//')")
done
r612=$(apt-cache search --names-only '^linux-image-6\.12\.[0-9]+\+deb12-amd64-dbg$' 2>/dev/null |
	awk '{print $1}' | sort -V | tail -n 1 | sed 's/^linux-image-//; s/-dbg$//')
[ -n "$r612" ] && releases+=("$r612")
if [ ${#releases[@]} -eq 0 ]; then
	echo "demo: the package registry offers no Debian kernel debug package" >&2
	exit 2
fi
pkgs=()
for r in "${releases[@]}"; do
	if out=$(scripts/fetch-debian-kernel "$r"); then
		mapfile -t -O "${#pkgs[@]}" pkgs <<< "$out"
	else
		echo "demo: skipping $r (not downloadable)" >&2
	fi
done
echo "\$ ksurf --db $db add --replace -j 2 ${pkgs[*]##*/}"
"$ksurf" --db "$db" add --replace -j 2 "${pkgs[@]}"
echo
echo "\$ ksurf --db $db list"
"$ksurf" --db "$db" list
for dep in "func mempool_alloc" "func vfs_read" "field task_struct::pid"; do
	echo
	echo "\$ ksurf --db $db show $dep"
	read -r kind name <<<"$dep"
	"$ksurf" --db "$db" show "$kind" "$name"
done
list=$("$ksurf" --db "$db" list --format jsonl |
	python3 -c 'import json,sys; print(" ".join(json.loads(l)["name"] for l in sys.stdin))')
read -ra names <<<"$list"
base=""
for n in "${names[@]}"; do
	case $n in 6.1.0-*-generic-amd64) base=$n ;; esac
done
if [ -n "$base" ]; then
	# the baseline by its Debian release (uname -r), an alias of its name
	rel=${base/-generic/}
	echo
	echo "\$ ksurf --db $db show func vfs_read --baseline $rel --format md    # the report page"
	"$ksurf" --db "$db" show func vfs_read --baseline "$rel" --format md
	for n in "${names[@]}"; do
		case $n in 6.12*)
			n612=$n
			echo
			echo "\$ ksurf --db $db diff $base $n --stat    # counts per kind and issue"
			"$ksurf" --db "$db" diff "$base" "$n" --stat
			echo
			echo "\$ ksurf --db $db diff $base $n --kind func 'mempool_*'    # renames on one line"
			"$ksurf" --db "$db" diff "$base" "$n" --kind func 'mempool_*' ;;
		esac
	done
fi

cat <<EOF

The demo's dataset is $db.  Query it with
    export KSURF_DB=$db
    $BUILD/ksurf list
    $BUILD/ksurf show func vfs_read           # the page (baseline: ksurf config baseline IMAGE)
    $BUILD/ksurf show struct task_struct --layout --image ${base:-IMAGE}
    $BUILD/ksurf diff ${base:-A} ${n612:-B} --stat
    $BUILD/ksurf config                       # the defaults the dataset keeps
or pass --db $db to each command.
EOF
