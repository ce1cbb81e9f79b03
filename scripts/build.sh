#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Configure (when the options changed) and build qemu-system-aarch64 and
# the test binaries in BUILD from the work copy WORK; install the AST2700
# vbootrom (stripped from the +ds tarball) where the build finds it.
#
# Usage: build.sh WORK BUILD [ninja targets...]

set -euo pipefail

work=$1
build=$2
shift 2

export CCACHE_DIR=${CCACHE_DIR:-$(dirname "$build")/ccache}

CONFIGURE_OPTS=(
    --target-list=aarch64-softmmu
    --without-default-devices
    --with-devices-aarch64=aspeed-caliptra
    --disable-gnutls --enable-gcrypt
    --python=/usr/bin/python3
    --disable-install-blobs --disable-docs
    --disable-user --disable-tools
    --disable-werror
)

stamp_want=$( { printf '%s\n' "${CONFIGURE_OPTS[@]}"
                cat "$work/configs/devices/aarch64-softmmu/aspeed-caliptra.mak"; } |
              sha256sum | cut -d' ' -f1)
if [ ! -f "$build/build.ninja" ] || [ "$(cat "$build/.configure-stamp" 2>/dev/null)" != "$stamp_want" ]; then
    echo "build: configuring $build"
    rm -rf "$build"
    mkdir -p "$build"
    (cd "$build" && "$work/configure" "${CONFIGURE_OPTS[@]}" >configure.log 2>&1) ||
        { tail -n 30 "$build/configure.log" >&2; exit 1; }
    echo "$stamp_want" >"$build/.configure-stamp"
fi

ninja -C "$build" "$@"

datadir=$build/qemu-bundle/usr/local/share/qemu
rom=$datadir/ast27x0_bootrom.bin
src=$work/roms/vbootrom
if [ ! -f "$rom" ] || [ "$src/ast27x0/Makefile" -nt "$rom" ]; then
    echo "build: building the AST2700 vbootrom"
    tmp=$(mktemp -d)
    cp -r "$src/." "$tmp"
    make -s -C "$tmp/ast27x0" CROSS_COMPILE=aarch64-linux-gnu- >"$build/vbootrom.log" 2>&1 ||
        { tail -n 20 "$build/vbootrom.log" >&2; rm -rf "$tmp"; exit 1; }
    mkdir -p "$datadir"
    cp "$tmp/ast27x0/ast27x0_bootrom.bin" "$rom"
    rm -rf "$tmp"
fi

# The bundle tool is a plain libgcrypt program, outside QEMU's build
tool_src=$work/contrib/caliptra-bundle
tool=$build/caliptra-bundle
if [ -d "$tool_src" ] &&
   { [ ! -x "$tool" ] || [ -n "$(find "$tool_src" -newer "$tool")" ]; }; then
    echo "build: building caliptra-bundle"
    gcc -O2 -Wall -Wextra -Werror -o "$tool" "$tool_src"/*.c -lgcrypt
fi
