# shellcheck shell=bash
# lib.sh — sourced by the bench scripts (from the top of the tree): timing
# with GNU time, the results table, recording it in docs/performance.md.
# Sets $ksurf (the binary of $BUILD, default build) and $work (a scratch
# directory removed on exit; db* files in it are removed before each run).
BUILD=${BUILD:-build}
# shellcheck disable=SC2034 # read by the scripts that source this file
ksurf="$PWD/$BUILD/ksurf"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

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

# six_images: the six images of the real-kernel tests (the newest 6.1 amd64, cloud,
# rt, the previous ABI, 6.12, arm64), fetched into the cache: their releases in
# $rels (arm64 last), debug packages in $pkgs, extracted vmlinux files in $vms
six_images() {
	local gen abi r arch got
	gen=$(latest_release amd64)
	abi=$(echo "$gen" | sed -E 's/^6\.1\.0-([0-9]+)-amd64$/\1/')
	rels=("$gen" "6.1.0-$abi-cloud-amd64" "6.1.0-$abi-rt-amd64" "6.1.0-$((abi - 1))-amd64" "$(latest_612)"
	      "6.1.0-$abi-arm64")
	pkgs=() vms=()
	for r in "${rels[@]}"; do
		arch=$(dpkg --print-architecture)
		case $r in *-arm64) arch=arm64 ;; esac
		mapfile -t got < <(scripts/fetch-debian-kernel "$r" "$arch")
		pkgs+=("${got[0]}")
		vms+=("$(scripts/kernel-image.sh "linux-image-$r-dbg")")
	done
}

# table ROW... -> the markdown table of measure's rows
table() {
	echo "| command | wall s | user s | sys s | peak RSS MB |"
	echo "|---|---|---|---|---|"
	local row label wall user sys rss
	for row in "$@"; do
		read -r label wall user sys rss _ <<<"$row"
		echo "| $label | $wall | $user | $sys | $rss |"
	done
}

# col N ROW -> field N of one of measure's rows (2 wall, 5 peak RSS MB)
col() {
	local f
	read -ra f <<<"$2"
	echo "${f[$1 - 1]}"
}

# record TITLE TEXT -> with record=1, TEXT appended to docs/performance.md
# under "### DATE — TITLE"
record() {
	[ "${record:-0}" = 1 ] || return 0
	printf '\n### %s — %s\n\n%s\n' "$(date -u +%Y-%m-%d)" "$1" "$2" >> docs/performance.md
}
