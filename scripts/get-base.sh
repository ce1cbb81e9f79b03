#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Obtain the pinned QEMU base: Debian's qemu 1:10.2.2+ds-1 source package,
# unpacked with Debian's patches applied (the +ds tarball does not
# configure without some of them), its orig tarball checked by sha256.
# Prints nothing and does nothing when the base is already unpacked.
#
# Usage: get-base.sh DESTDIR

set -euo pipefail

VERSION=1:10.2.2+ds-1
ORIG=qemu_10.2.2+ds.orig.tar.xz
SHA256=be05230fe47a6937cd29f28f562932c8125f9c93c2a82c625198f7a4aa601dfb

dest=$1
[ -f "$dest/.base-ok" ] && exit 0

fail() {
    cat >&2 <<EOT
get-base: $*
get-base: the pinned QEMU base ($VERSION) could not be obtained.
get-base: use an existing QEMU 10.2.x tree instead:  make QEMU_SRC=/path/to/qemu check
EOT
    exit 1
}

dl=$(dirname "$dest")/download
rm -rf "$dl" "$dest"
mkdir -p "$dl"
cd "$dl"
echo "get-base: downloading qemu=$VERSION"
apt-get source --download-only "qemu=$VERSION" >apt-source.log 2>&1 ||
    fail "apt-get source failed: $(tail -n 3 apt-source.log)"
echo "$SHA256  $ORIG" | sha256sum -c --quiet ||
    fail "$ORIG does not match sha256 $SHA256"
dsc=$(ls qemu_*.dsc)
# The orig tarball is verified above; the .dsc's own checksums are then
# checked by dpkg-source. Its signature is not (no keyring for it here).
dpkg-source -x "$dsc" "$dest" >dpkg-source.log 2>&1 ||
    fail "dpkg-source failed: $(tail -n 3 dpkg-source.log)"
touch "$dest/.base-ok"
echo "get-base: base unpacked in $dest"
