#!/usr/bin/env bash
# Put Debian's dynamips (non-free) where tests/lab/gns3_server.py looks for emulator binaries,
# so the real GNS3 controllers in the tests can create their built-in Ethernet switches.
# The package comes from the machine's own Debian sources with the non-free component, read
# through a private apt directory: the system's apt configuration is left as it is.
set -euo pipefail
tools="${DMVPNGEN_TEST_CACHE:-$HOME/.cache/dmvpngen-tests}/bin"
[ -x "$tools/dynamips" ] && exit 0
apt-get install -y -qq libpcap0.8 >/dev/null   # dynamips' one library outside libc
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/parts" "$work/lists/partial" "$work/archives/partial"
for f in /etc/apt/sources.list.d/*.sources; do   # deb822 files: ask for non-free only
  [ -e "$f" ] && sed -E 's/^Components:.*/Components: non-free/' "$f" > "$work/parts/$(basename "$f")"
done
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do   # one-line format
  [ -e "$f" ] && sed -nE 's/^(deb\s+(\[[^]]*\]\s+)?\S+\s+\S+)\s.*/\1 non-free/p' "$f" >> "$work/parts/extra.list"
done
opts=(-o APT::Sandbox::User=root -o "Dir::Etc::sourcelist=/dev/null" -o "Dir::Etc::sourceparts=$work/parts"
      -o "Dir::State::Lists=$work/lists" -o "Dir::Cache::archives=$work/archives")
apt-get update -qq "${opts[@]}"
(cd "$work" && apt-get download -qq "${opts[@]}" dynamips)
dpkg -x "$work"/dynamips_*.deb "$work/root"
mkdir -p "$tools"
cp "$work/root/usr/bin/dynamips" "$tools/dynamips"
# dynamips exits 1 on the unknown platform; its banner alone proves that the binary runs here
banner="$("$tools/dynamips" -P none 2>&1 || true)"
grep -m1 "Simulation Platform" <<<"$banner"
