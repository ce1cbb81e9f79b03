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
    --python=/usr/bin/python3
    --disable-install-blobs --disable-docs
    --disable-user --disable-tools
    --disable-werror
)
# QEMU's crypto libraries: its default (gnutls, with nettle's hogweed for
# ECDSA), or CRYPTO=gcrypt / CRYPTO=nettle alone
case "${CRYPTO:-}" in
"") ;;
gcrypt) CONFIGURE_OPTS+=(--disable-gnutls --enable-gcrypt --disable-nettle) ;;
nettle) CONFIGURE_OPTS+=(--disable-gnutls --disable-gcrypt --enable-nettle) ;;
*) echo "build: CRYPTO=$CRYPTO: gcrypt or nettle" >&2; exit 1 ;;
esac
# SANITIZE=1: the tree the sanitizer run of make check uses
if [ -n "${SANITIZE:-}" ]; then
    CONFIGURE_OPTS+=(--enable-asan --enable-ubsan)
fi
# COVERAGE=1: the gcov tree of make coverage
if [ -n "${COVERAGE:-}" ]; then
    CONFIGURE_OPTS+=(--enable-gcov)
fi
# FUZZING=1: the tree of QEMU's own fuzzer (qemu-fuzz-aarch64, with ASan and
# UBSan), for make fuzz
if [ -n "${FUZZING:-}" ]; then
    CONFIGURE_OPTS+=(--enable-fuzzing --enable-asan --enable-ubsan
                     --cc=clang --cxx=clang++ --host-cc=clang)
fi

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
# (a bisect build of the patches before its front end has only the library)
if [ -f "$tool_src/main.c" ] &&
   { [ ! -x "$tool" ] ||
     [ -n "$(find "$tool_src" "$work/include/hw/misc/caliptra_api.h" \
             "$work/include/hw/arm" -newer "$tool")" ]; }; then
    echo "build: building caliptra-bundle"
    gcc -O2 -Wall -Wextra -Werror -I"$work/include" -o "$tool" \
        "$tool_src"/*.c -lgcrypt
fi

# The bare-metal A35 program of the secure-boot demo and test
demo_common=$(cd "$(dirname "$0")/.." && pwd)/demo/common
a35_src=$(cd "$(dirname "$0")/.." && pwd)/demo/a35
a35=$build/caliptra-a35-demo.bin
vectors=$work/tests/qtest/caliptra-vectors.h
# The IPC protocol's constants, which the demo programs share with the model
ipc_h=$work/include/hw/arm/aspeed_cptra_ipc.h
# (a bisect build of the first patches has no test vectors or IPC yet)
if [ -f "$vectors" ] && [ -f "$ipc_h" ] &&
   { [ ! -f "$a35" ] ||
     [ -n "$(find "$a35_src" "$demo_common" "$vectors" "$ipc_h" \
             -newer "$a35")" ]; }; then
    echo "build: building the A35 demo program"
    aarch64-linux-gnu-gcc -O2 -Wall -Wextra -Werror -ffreestanding -nostdlib \
        -static -no-pie -mgeneral-regs-only -mstrict-align \
        -fno-stack-protector -Wl,--build-id=none -Wl,--no-warn-rwx-segments \
        -I "$work/tests/qtest" -I "$work/include" -T "$a35_src/link.ld" \
        "$a35_src/start.S" "$a35_src/main.c" "$demo_common/demo.c" \
        -o "$build/caliptra-a35-demo.elf"
    aarch64-linux-gnu-objcopy -O binary "$build/caliptra-a35-demo.elf" "$a35"
fi

# The bare-metal SSP (Cortex-M4) program of the same demo: clang and lld
ssp_src=$(cd "$(dirname "$0")/.." && pwd)/demo/ssp
ssp=$build/caliptra-ssp-demo.bin
if [ -f "$ipc_h" ] &&
   { [ ! -f "$ssp" ] ||
     [ -n "$(find "$ssp_src" "$demo_common" "$ipc_h" -newer "$ssp")" ]; }; then
    echo "build: building the SSP demo program"
    clang --target=thumbv7em-none-eabi -mcpu=cortex-m4 -mthumb -O2 \
        -Wall -Wextra -Werror -ffreestanding -nostdlib -fno-stack-protector \
        -I "$work/include" -fuse-ld=lld -Wl,--build-id=none \
        -Wl,-T,"$ssp_src/link.ld" \
        "$ssp_src/main.c" "$demo_common/demo.c" \
        -o "$build/caliptra-ssp-demo.elf"
    llvm-objcopy -O binary "$build/caliptra-ssp-demo.elf" "$ssp"
fi
