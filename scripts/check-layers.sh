#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The Caliptra firmware model's layering, checked on its includes: the
# register front ends know no firmware, the layers below the phases know
# no phase, and the ROM, FMC and runtime know none of each other; only
# the firmware object (caliptra-fw12.c) sees them all. Prints TAP.
# Usage: check-layers.sh [--tap -k]

set -uo pipefail
dir=$(cd "$(dirname "$0")/../hw/misc/caliptra" && pwd)
n=0 bad=0

# check NAME "FILES" "HEADERS": no file of FILES includes one of HEADERS
check() {
    local name=$1 files=$2 headers=$3 f h hits=""
    for f in $files; do
        for h in $headers; do
            if grep -q "^#include \"$h\"" "$dir/$f"; then
                hits="$hits $f:$h"
            fi
        done
    done
    n=$((n + 1))
    if [ -z "$hits" ]; then
        echo "ok $n /caliptra/tool/layers/$name"
    else
        echo "not ok $n /caliptra/tool/layers/$name"
        echo "# includes a higher or sibling layer:$hits"
        bad=1
    fi
}

phases="caliptra-rom.h caliptra-fmc.h caliptra-runtime.h
        caliptra-auth-manifest.h"
firmware="$phases caliptra-uc.h caliptra-dv.h caliptra-kv.h
          hw/misc/caliptra_fw.h"
lower=$(cd "$dir" && ls caliptra-*.c | grep -v -e '^caliptra-rom' \
        -e '^caliptra-fmc' -e '^caliptra-runtime' -e 'auth-manifest' \
        -e '^caliptra-fw' -e '^caliptra-mbox' -e '^caliptra-soc-ifc' \
        -e '^caliptra-sha-acc')

check front-ends "caliptra-mbox.c caliptra-soc-ifc.c caliptra-sha-acc.c" \
    "$firmware"
check below-phases "$lower" "$phases"
check rom "caliptra-rom.c" "caliptra-fmc.h caliptra-runtime.h
    caliptra-auth-manifest.h"
check fmc "caliptra-fmc.c" "caliptra-rom.h caliptra-runtime.h
    caliptra-auth-manifest.h"
check runtime "caliptra-runtime.c caliptra-runtime-dpe.c
    caliptra-auth-manifest.c" "caliptra-rom.h caliptra-fmc.h"
echo "1..$n"
exit $bad
