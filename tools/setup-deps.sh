#!/usr/bin/env bash
# Installs everything mcuprof needs to build, test and run on Debian 12.
# Idempotent: packages already present are skipped, and Unicorn 2.1 is fetched
# only when the project-local prefix does not hold it yet.
#
# Why Unicorn is special: Debian 12 ships Unicorn 2.0.1, whose every guest store
# takes a slow path (~100 ns). Debian 13's libunicorn 2.1.x depends only on
# libc6 >= 2.34, so its .debs are fetched from the same Debian mirror this machine
# already uses (read from its apt configuration) and unpacked into .deps/unicorn,
# which CMake searches first. No registry host is named here.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prefix="$root/.deps/unicorn"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

packages=(
  build-essential cmake ninja-build pkg-config
  libcapstone-dev libelf-dev libdw-dev libfmt-dev libcli11-dev
  nlohmann-json3-dev libtomlplusplus-dev libyaml-cpp-dev
  libgtest-dev googletest
  gcc-arm-none-eabi libnewlib-arm-none-eabi
  qemu-system-arm
  clang libclang-rt-14-dev   # tools/fuzz.sh: libFuzzer and clang's sanitizer run-times
  chromium  # headless browser for the HTML report test
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup-deps: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

unicorn_version() {
  cat "$prefix"/usr/lib/*/pkgconfig/unicorn.pc 2>/dev/null | awk '/^Version:/{print $2; exit}'
}
have_unicorn() {
  local v
  v=$(unicorn_version)
  [ -n "$v" ] && [ -f "$prefix/usr/include/unicorn/unicorn.h" ] &&
    dpkg --compare-versions "$v" ge 2.1
}
if have_unicorn; then
  exit 0
fi

# The mirror of the machine's main Debian suite, from its deb822 or one-line config.
mirror=""
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  mirror=$(awk '/^URIs:/{u=$2} /^Suites:/{for(i=2;i<=NF;i++) if ($i !~ /-/ && $i != "") {print u; exit}}' "$f")
  [ -n "$mirror" ] && break
done
if [ -z "$mirror" ] && [ -f /etc/apt/sources.list ]; then
  mirror=$(awk '$1=="deb" && $3 !~ /-/ {print $2; exit}' /etc/apt/sources.list)
fi
if [ -z "$mirror" ]; then
  echo "setup-deps: no Debian mirror found in /etc/apt; install libunicorn-dev >= 2.1 into $prefix by hand" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/etc/sources.list.d" "$work/etc/preferences.d"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
printf 'Types: deb\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: %s\n' "$mirror" "$keyring" \
  > "$work/etc/sources.list.d/trixie.sources"
apt_opts=(-o Dir::Etc::sourcelist=/dev/null -o Dir::Etc::sourceparts="$work/etc/sources.list.d"
  -o Dir::Etc::preferencesparts="$work/etc/preferences.d"
  -o Dir::State::Lists="$work/lists" -o Dir::Cache="$work/cache" -o APT::Architecture=amd64
  -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
echo "setup-deps: fetching Unicorn 2.1 (Debian 13 packages) into $prefix"
apt-get "${apt_opts[@]}" update -qq
(cd "$work" && apt-get "${apt_opts[@]}" download libunicorn2t64 libunicorn-dev >/dev/null)
rm -rf "$prefix"
mkdir -p "$prefix"
for deb in "$work"/*.deb; do dpkg -x "$deb" "$prefix"; done
if ! have_unicorn; then
  echo "setup-deps: unpacked Unicorn in $prefix is not 2.1 or newer; see shared/reference/unicorn-notes.md" >&2
  exit 1
fi
echo "setup-deps: Unicorn $(unicorn_version) ready in $prefix"
