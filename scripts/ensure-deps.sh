#!/usr/bin/env bash
# ensure-deps.sh — install the Debian 12 packages ksurf builds, tests and demos with.
# As root, missing packages are installed with apt-get; otherwise the exact
# command is printed and the script fails.
set -euo pipefail
pkgs=(gcc make pkg-config libelf-dev libdw-dev libbpf-dev libsqlite3-dev zlib1g-dev libarchive-dev liblzma-dev
      sqlite3 python3 python3-pytest binutils xz-utils dwarves bpftool time clang llvm libclang-rt-14-dev tidy
      shellcheck)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
	echo "ksurf: installing ${missing[*]}" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null
	apt-get install -y -qq "${missing[@]}" >/dev/null
else
	echo "ksurf: missing packages; run:" >&2
	echo "  sudo apt-get install -y ${missing[*]}" >&2
	exit 1
fi
