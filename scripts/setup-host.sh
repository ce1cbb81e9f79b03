#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Install what building the pinned QEMU base needs on Debian 12 (bookworm).
# Idempotent: every step is skipped when its result is already present.
#
# Two apt entries are added, both derived from the machine's own Debian
# entry (its URIs and Signed-By), so that no mirror host name lives in this
# repository:
#   - deb-src for the suite whose Sources index lists qemu 1:10.2.2+ds-1
#   - the bookworm-backports binary suite (meson >= 1.5, python3-pycotap)

set -euo pipefail

SRC_SUITE=${QEMU_SRC_SUITE:-sid}
LIST=/etc/apt/sources.list.d/caliptra-qemu.sources
STAMP_DIR=${CACHE_DIR:-$HOME/.cache/caliptra-qemu}
STAMP=$STAMP_DIR/host-deps.v5

PKGS="build-essential ninja-build pkg-config libglib2.0-dev libpixman-1-dev
      libgnutls28-dev nettle-dev libgmp-dev libgcrypt20-dev libfdt-dev zlib1g-dev flex bison ccache dpkg-dev
      python3-venv python3-setuptools gcc-aarch64-linux-gnu libc6-dev-arm64-cross
      xz-utils git patch
      openssl clang libclang-rt-14-dev lld llvm"
BPO_PKGS="meson python3-pycotap"

SUDO=
if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "setup-host: need root or sudo" >&2; exit 1; }
    SUDO=sudo
fi

log() { echo "setup-host: $*"; }

# Pull URIs and Signed-By out of the first deb822 stanza (or one-line
# entry) that serves Debian's bookworm main archive.
debian_entry() {
    local f uri key
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        [ "$f" = "$LIST" ] && continue
        uri=$(awk -v RS= '/Suites:[^\n]*bookworm([ \n]|$)/ && /Types:[^\n]*deb/ {
                 match($0, /URIs:[ \t]*[^ \t\n]+/);
                 s = substr($0, RSTART, RLENGTH); sub(/URIs:[ \t]*/, "", s);
                 print s; exit }' "$f")
        key=$(awk -v RS= '/Suites:[^\n]*bookworm([ \n]|$)/ && /Types:[^\n]*deb/ {
                 if (match($0, /Signed-By:[ \t]*[^ \t\n]+/)) {
                     s = substr($0, RSTART, RLENGTH); sub(/Signed-By:[ \t]*/, "", s);
                     print s }
                 exit }' "$f")
        if [ -n "$uri" ]; then
            echo "$uri ${key:-/usr/share/keyrings/debian-archive-keyring.gpg}"
            return
        fi
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        uri=$(awk '$1 == "deb" && / bookworm / && / main/ {
                     for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' "$f")
        if [ -n "$uri" ]; then
            echo "$uri /usr/share/keyrings/debian-archive-keyring.gpg"
            return
        fi
    done
}

if [ -f "$STAMP" ] && [ -f "$LIST" ] && command -v meson >/dev/null &&
   dpkg -s $PKGS $BPO_PKGS >/dev/null 2>&1; then
    exit 0
fi

if [ ! -f "$LIST" ]; then
    read -r URI KEY <<<"$(debian_entry)" || true
    if [ -z "${URI:-}" ]; then
        echo "setup-host: no Debian bookworm apt entry found to derive from" >&2
        exit 1
    fi
    log "adding deb-src $SRC_SUITE and bookworm-backports from $URI"
    $SUDO tee "$LIST" >/dev/null <<EOT
# Added by caliptra-qemu scripts/setup-host.sh
Types: deb-src
URIs: $URI
Suites: $SRC_SUITE
Components: main
Signed-By: $KEY

Types: deb
URIs: $URI
Suites: bookworm-backports
Components: main
Signed-By: $KEY
EOT
    $SUDO apt-get update -qq
fi

if ! dpkg -s $PKGS $BPO_PKGS >/dev/null 2>&1 || ! command -v meson >/dev/null; then
    log "installing build dependencies"
    export DEBIAN_FRONTEND=noninteractive
    # shellcheck disable=SC2086
    $SUDO apt-get install -y -qq --no-install-recommends $PKGS ||
        { $SUDO apt-get update -qq &&
          $SUDO apt-get install -y -qq --no-install-recommends $PKGS; }
    # shellcheck disable=SC2086
    $SUDO apt-get install -y -qq --no-install-recommends \
        -t bookworm-backports $BPO_PKGS
fi

mkdir -p "$STAMP_DIR"
touch "$STAMP"
log "host ready"
