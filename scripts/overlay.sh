#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Lay this project's QEMU-tree files over a QEMU source tree.
#
# The work copy (WORK) is a git repository whose first commit, tagged
# "base", is the pristine base. Our files are those under the QEMU-shaped
# directories of this repository (OVERLAY_DIRS); a file named FOO.patch is a
# unified diff (-p1, from the QEMU root) that edits upstream file FOO
# instead. Files are written only when their content changes, so that
# re-running after editing one .c file rebuilds only that file.
#
# Usage: overlay.sh QEMU_BASE_DIR WORK

set -euo pipefail

OVERLAY_DIRS="crypto hw include tests docs configs contrib"
OVERLAY_TOP="MAINTAINERS.patch meson.build.patch"

repo=$(cd "$(dirname "$0")/.." && pwd)
base=$1
work=$2

if [ ! -d "$work/.git" ]; then
    echo "overlay: creating work copy $work from $base"
    rm -rf "$work"
    mkdir -p "$work"
    (cd "$base" && tar --exclude=./.pc --exclude=./debian \
                       --exclude=./.base-ok -cf - .) | tar -C "$work" -xf -
    git -C "$work" init -q
    git -C "$work" config user.name "caliptra-qemu build"
    git -C "$work" config user.email "build@invalid"
    git -C "$work" config core.autocrlf false
    git -C "$work" add -A -f
    git -C "$work" commit -q -m "QEMU base $(cat "$work/VERSION")"
    git -C "$work" tag base
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

cd "$repo"
ours=$( { for d in $OVERLAY_DIRS; do
              if [ -d "$d" ]; then find "$d" -type f; fi
          done
          for f in $OVERLAY_TOP; do
              if [ -f "$f" ]; then echo "$f"; fi
          done; } | sort)

for f in $ours; do
    case "$f" in
    *.patch)
        target=${f%.patch}
        mkdir -p "$stage/$(dirname "$target")"
        git -C "$work" show "base:$target" >"$stage/$target"
        patch -s -p1 -d "$stage" --no-backup-if-mismatch <"$f" ||
            { echo "overlay: $f does not apply to the base" >&2; exit 1; }
        echo "$target" >>"$stage/.files"
        ;;
    *)
        mkdir -p "$stage/$(dirname "$f")"
        cp "$f" "$stage/$f"
        echo "$f" >>"$stage/.files"
        ;;
    esac
done
touch "$stage/.files"

changed=0
while read -r f; do
    if ! cmp -s "$stage/$f" "$work/$f"; then
        mkdir -p "$work/$(dirname "$f")"
        cp "$stage/$f" "$work/$f"
        changed=$((changed + 1))
    fi
done <"$stage/.files"

# Files an earlier overlay wrote that we no longer carry: back to the base.
manifest=$work/.git/caliptra-overlay-files
if [ -f "$manifest" ]; then
    comm -23 <(sort -u "$manifest") <(sort -u "$stage/.files") | while read -r f; do
        if git -C "$work" cat-file -e "base:$f" 2>/dev/null; then
            git -C "$work" show "base:$f" >"$work/$f"
        else
            rm -f "$work/$f"
        fi
        echo "overlay: dropped $f"
    done
fi
sort -u "$stage/.files" >"$manifest"
echo "overlay: $(wc -l <"$stage/.files") files, $changed updated"
