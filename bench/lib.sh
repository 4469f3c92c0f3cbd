# lib.sh — sourced by the bench scripts: timing with GNU time.
# Needs $work (a scratch directory; db* files in it are removed before each run).

# measure RUNS LABEL COMMAND... -> "label wall user sys rss_mb", the run with the best wall time
measure() {
	local n=$1 label=$2 best=""
	shift 2
	for _ in $(seq "$n"); do
		rm -f "$work"/db* "$work"/btf
		/usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >/dev/null 2>"$work/err" || {
			cat "$work/err" >&2
			return 1
		}
		read -r wall user sys rss < "$work/time"
		if [ -z "$best" ] || awk "BEGIN{exit !($wall < ${best%% *})}"; then
			best="$wall $user $sys $((rss / 1024))"
		fi
	done
	echo "$label $best"
}
