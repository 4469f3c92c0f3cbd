#!/usr/bin/env bash
# latest-dbg.sh FLAVOR — name of the newest linux-image-6.1.0-N-FLAVOR-dbg the
# registry offers (FLAVOR: amd64, cloud-amd64, rt-amd64).  Refreshes the
# package lists first (as root) when they know of none.
set -euo pipefail
flavor=${1:-amd64}
search() {
	apt-cache search --names-only "^linux-image-6\.1\.0-[0-9]+-${flavor}-dbg\$" 2>/dev/null |
		awk '{print $1}' | sort -t- -k4,4n | tail -n 1
}
name=$(search)
if [ -z "$name" ] && [ "$(id -u)" -eq 0 ]; then
	apt-get update -qq >/dev/null 2>&1 || true
	name=$(search)
fi
echo "$name"
