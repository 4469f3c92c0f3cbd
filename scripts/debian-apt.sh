# shellcheck shell=bash
# debian-apt.sh — sourced: apt over every Debian suite the registry serves, in a
# private apt directory (${KSURF_CACHE:-~/.cache/ksurf}/apt), never the
# machine's own sources.  The mirrors are the machine's: the URIs of
# /etc/apt/sources.list.d/*.sources (and sources.list), the archive and its
# security archive.  Sets DEBIAN_SUITES and the array APT_OPTS for apt-get
# and apt-cache; `debian_apt_update` refreshes the lists (once a day).
cache=${KSURF_CACHE:-$HOME/.cache/ksurf}
apt_dir="$cache/apt"
DEBIAN_SUITES="bullseye bullseye-security bookworm bookworm-security bookworm-backports
	trixie trixie-security trixie-backports forky sid experimental"
APT_OPTS=(-o "Dir::Etc::sourcelist=$apt_dir/sources.list" -o "Dir::Etc::sourceparts=$apt_dir/sources.list.d"
	-o "Dir::State::Lists=$apt_dir/lists" -o "Dir::State::status=$apt_dir/status")
[ "$(id -u)" -ne 0 ] || APT_OPTS+=(-o "APT::Sandbox::User=root")

# last_match PATH... -> the last PATH when it exists: of a glob's expansion, the
# file `ls GLOB | tail -n 1` names (a package's newest .deb in the cache); fails
# when the glob matched nothing
last_match() { [ -e "${!#}" ] && printf '%s\n' "${!#}"; }

# The archive's and the security archive's URIs, as the machine has them.
debian_mirrors() {
	local main="" sec=""
	local u
	for u in $(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/*.sources 2>/dev/null) \
		$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; break } }' \
			/etc/apt/sources.list 2>/dev/null); do
		case $u in
		*debian-security*) [ -n "$sec" ] || sec=$u ;;
		*/debian | */debian/) [ -n "$main" ] || main=${u%/} ;;
		esac
	done
	echo "${main:-http://deb.debian.org/debian} ${sec:-http://deb.debian.org/debian-security}"
}

debian_apt_setup() {
	mkdir -p "$apt_dir/lists/partial" "$apt_dir/sources.list.d"
	[ -f "$apt_dir/status" ] || : > "$apt_dir/status"
	local m main sec s key=/usr/share/keyrings/debian-archive-keyring.gpg
	m=$(debian_mirrors)
	main=${m% *}
	sec=${m#* }
	{
		for s in $DEBIAN_SUITES; do
			case $s in
			*-security) echo "deb [signed-by=$key] ${sec%/} $s main" ;;
			*) echo "deb [signed-by=$key] $main $s main" ;;
			esac
		done
	} > "$apt_dir/sources.list.new"
	if ! cmp -s "$apt_dir/sources.list.new" "$apt_dir/sources.list" 2>/dev/null; then
		mv "$apt_dir/sources.list.new" "$apt_dir/sources.list"
		rm -f "$apt_dir/lists/"*Packages* 2>/dev/null || true
	else
		rm -f "$apt_dir/sources.list.new"
	fi
}

# Refresh the lists when older than a day (or absent); a suite the registry
# lacks for an architecture is no error.
# Several workers of one machine (build-debian-dataset --shard) take turns.
debian_apt_update() {
	mkdir -p "$apt_dir"
	exec 9>>"$apt_dir/.lock"
	flock 9
	debian_apt_setup
	local stamp="$apt_dir/lists/.updated"
	if [ -z "$(find "$stamp" -mmin -1440 2>/dev/null)" ]; then
		apt-get "${APT_OPTS[@]}" update -qq >/dev/null 2>&1 || true
		touch "$stamp"
	fi
	flock -u 9
}
