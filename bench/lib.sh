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

# latest_release FLAVOR -> the newest 6.1 release the registry has (6.1.0-56-amd64)
latest_release() { scripts/latest-dbg.sh "$1" | sed 's/^linux-image-//; s/-dbg$//'; }

# latest_612 -> the newest 6.12 amd64 release (6.12.117+deb12-amd64)
latest_612() {
	apt-cache search --names-only '^linux-image-6\.12\.[0-9]+\+deb12-amd64-dbg$' |
		awk '{print $1}' | sort -V | tail -n 1 | sed 's/^linux-image-//; s/-dbg$//'
}
