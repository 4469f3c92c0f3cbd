#!/usr/bin/env bash
# shards.sh KSURF WORK — the archive build spread over shard workers and merged:
# four workers of scripts/build-debian-dataset at once (GNU parallel, --shard I/4,
# --only four cached 6.1 amd64 images), the one with the most images SIGKILLed
# (its process group) once its first image landed, and rerun; then `ksurf merge`
# of the shards must give the export of one dataset `add`ing the same packages,
# byte for byte; merging again changes nothing; the reverse order gives the same
# export; a damaged shard is refused (exit 2, one line, the output unchanged).
# Prints PASS/FAIL lines.
set -u
ksurf=$1 work=$2
here=$(cd "$(dirname "$0")/../.." && pwd)
dir=$work/shards
rm -rf "$dir" && mkdir -p "$dir"
only='amd64 linux-image-6\.1\.0-5[67]-(cloud-)?amd64-dbg '
build=("$here/scripts/build-debian-dataset" "$dir" --only "$only" -j 1)
export KSURF=$ksurf
if ! command -v parallel >/dev/null; then
	echo "FAIL: shards: GNU parallel is missing (apt-get install parallel)"
	exit 0
fi
# the share with the most images is the one killed
big=1 most=0
for i in 1 2 3 4; do
	n=$("${build[@]}" --shard "$i/4" --dry-run 2>/dev/null | grep -c ' MB$')
	[ "$n" -gt "$most" ] && { most=$n; big=$i; }
done
# each worker in its own session (process group), so a kill takes its ksurf and curl too
parallel -j 4 --halt never "setsid ${build[*]@Q} --shard {}/4 > $dir/worker-{}.log 2>&1" ::: 1 2 3 4 &
workers=$!
killed=0
for _ in $(seq 600); do
	done_file=$dir/shard-$big-of-4/done
	if [ -s "$done_file" ]; then
		# the worker's session leader (setsid): its process group is the worker's
		for pid in $(pgrep -f -- "--shard $big/4"); do
			[ "$(ps -o pgid= -p "$pid" | tr -d ' ')" = "$pid" ] || continue
			kill -9 -- "-$pid" 2>/dev/null && killed=1
		done
		break
	fi
	sleep 0.5
done
wait $workers
landed=$(wc -l < "$dir/shard-$big-of-4/done" 2>/dev/null || echo 0)
[ $killed = 1 ] && [ "$landed" -lt "$most" ] &&
	echo "PASS: shards: 4 workers at once; shard $big/4 SIGKILLed after $landed of its $most images" ||
	echo "FAIL: shards: the kill of shard $big/4 did not happen mid-way (killed $killed, $landed of $most landed)"
"${build[@]}" --shard "$big/4" > "$dir/worker-$big-rerun.log" 2>&1
rc=$?
n_big=$("$ksurf" --db "$dir/shard-$big-of-4/debian.db" list --format jsonl 2>/dev/null | wc -l)
[ $rc = 0 ] && [ "$n_big" = "$most" ] &&
	echo "PASS: shards: shard $big/4 rerun: $n_big images, resumed ($(tail -n 1 "$dir/worker-$big-rerun.log"))" ||
	echo "FAIL: shards: shard $big/4 rerun: exit $rc, $n_big of $most images: $(tail -n 2 "$dir/worker-$big-rerun.log")"
mapfile -t shards < <(ls "$dir"/shard-*-of-4/debian.db)
# the reference: one dataset adding the same packages, as the workers do
ref=$work/shards-ref.db
rm -f "$ref"*
for rel in 6.1.0-56-amd64 6.1.0-56-cloud-amd64 6.1.0-57-amd64 6.1.0-57-cloud-amd64; do
	mapfile -t debs < <("$here/scripts/fetch-debian-kernel" "$rel")
	"$ksurf" --db "$ref" add -j 1 "${debs[@]}" >/dev/null || echo "FAIL: shards: add $rel for the reference"
done
"$ksurf" --db "$ref" export "$dir/exp-ref" >/dev/null
out=$work/shards-merged.db
rm -f "$out"*
t0=$(date +%s.%N)
"$ksurf" merge "$out" "${shards[@]}" > "$dir/merge.log" 2>&1
rc=$?
secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
"$ksurf" --db "$out" export "$dir/exp-merged" >/dev/null
n=$("$ksurf" --db "$out" list --format jsonl | wc -l)
[ $rc = 0 ] && [ "$n" = 4 ] && diff -r "$dir/exp-ref" "$dir/exp-merged" >/dev/null &&
	echo "PASS: shards: merge of ${#shards[@]} shards ($secs s): 4 images, export identical to one dataset's" ||
	echo "FAIL: shards: merge: exit $rc, $n images, $(diff -rq "$dir/exp-ref" "$dir/exp-merged" | head -3)"
dump() { sqlite3 "$1" .dump | md5sum; }
before=$(dump "$out")
"$ksurf" merge "$out" "${shards[@]}" > "$dir/merge2.log" 2>&1
rc=$?
[ $rc = 0 ] && [ "$(dump "$out")" = "$before" ] && ! grep -qv " 0 images added" "$dir/merge2.log" &&
	echo "PASS: shards: merging again adds nothing and changes nothing" ||
	echo "FAIL: shards: merging again: exit $rc, $(cat "$dir/merge2.log")"
rev=$work/shards-reverse.db
rm -f "$rev"*
mapfile -t reversed < <(printf '%s\n' "${shards[@]}" | tac)
"$ksurf" merge "$rev" "${reversed[@]}" >/dev/null 2>&1
"$ksurf" --db "$rev" export "$dir/exp-reverse" >/dev/null
diff -r "$dir/exp-ref" "$dir/exp-reverse" >/dev/null &&
	echo "PASS: shards: the reverse order gives the same export" ||
	echo "FAIL: shards: the reverse order: $(diff -rq "$dir/exp-ref" "$dir/exp-reverse" | head -3)"
cp "$dir/shard-$big-of-4/debian.db" "$dir/damaged.db"
sqlite3 "$dir/damaged.db" "DELETE FROM strings WHERE id IN (SELECT id FROM strings LIMIT 5)"
err=$("$ksurf" merge "$out" "$dir/damaged.db" 2>&1 >/dev/null)
rc=$?
[ $rc = 2 ] && [ "$(echo "$err" | wc -l)" = 1 ] && [ "$(dump "$out")" = "$before" ] &&
	echo "PASS: shards: a damaged shard is refused: '$err', the output unchanged" ||
	echo "FAIL: shards: a damaged shard: exit $rc, '$err'"
rm -rf "$dir" "$rev"* "$out"* "$ref"*
