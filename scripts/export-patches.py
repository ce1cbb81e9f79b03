#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Export the overlay as a git format-patch series on the pinned base.

Usage: export-patches.py WORK OUTDIR [--bisect BUILDSCRIPT CHECKSCRIPT]

WORK is the overlaid work copy (a git repository whose tag "base" is the
pristine base). The series is described by patches.series at the top of
this repository. Each patch is checked with the base's checkpatch.pl
(--no-signoff); any error fails the export. With --bisect every commit
is built and tested in turn.
"""

import difflib
import fnmatch
import glob
import os
import re
import shutil
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AUTHOR = "caliptra-qemu reference series <unowned@invalid>"

COVER = """\
This series adds a native model of the Caliptra 1.2 Root of Trust, as
integrated in the ASPEED AST2700, to QEMU's ast2700fc machine. Unlike the
RFC that linked caliptra-sw's Rust emulator (and its successor that
forwarded APB accesses to an external process), everything is C inside
QEMU: no build-time dependency, no external process, no firmware blob.

NOTE: this series is a review-ready reference produced by the
caliptra-qemu project, not a submission. QEMU's
docs/devel/code-provenance.rst currently declines contributions
generated with AI tools, and a Signed-off-by certifies the DCO in a
person's name: a human contributor must review, own and sign off every
patch before any of it can be posted.

What is here: the SoC-visible register blocks (mailbox, soc_ifc_reg with
fuses, the boot FSM and the uC interrupt block, SHA-512/384 accelerator,
TRNG interface), the part of Caliptra's 1.2 ROM that the SoC observes,
including the verification of the firmware bundle sent with
FIRMWARE_LOAD (ECDSA P-384 through a new crypto/ API with libgcrypt and
nettle backends, LMS natively), the update reset and the hand over to
runtime; the DICE identities (IDevID CSR and
its manufacturing flow, LDevID, FMC alias and runtime alias
certificates, the first two byte for byte caliptra-sw's), the PCR bank
and quotes; the runtime's DICE Protection Environment (DPE profile
0.12, as caliptra-dpe implements it for 1.2) with its PAUSER privilege
levels; the whole 1.2 runtime command set, including signature
verification and the SoC image authorization the AST2700 uses
(SET_AUTH_MANIFEST, AUTHORIZE_AND_STASH); the mapping on ast2700fc
and, with "-M ast2700fc,secure-boot=on" (or an OTP image whose strap
asks for it), a secure boot: a stand-in for the AST2700's RISC-V bootmcu
(a timer-paced bus master on SCU1 and on a Caliptra APB port of its own,
no thread, no vm_stop) replays the Caliptra stages of ASPEED's BootMCU
ROM with its APB user 0x21212121, its checks and its error codes, from
the same inputs silicon reads (the boot flash's FLSH image, the OTP),
verifies the bootmcu FMC through Caliptra, has Caliptra authorize the SoC
images and only then powers the Cortex-A35 cores on, through
arm_set_cpu_on_and_reset(). After it, a second stand-in does what the
bootmcu's firmware does for the other cores: ASPEED's Caliptra IPC
service, through the AST2700's IPC1 doorbells (a device of its own) and
shared DRAM, so that the A35 and SSP reach Caliptra as ASPEED's U-Boot,
Linux tools and SSP firmware do. Around it: ECDSA P-384 in QEMU's crypto
layer (libgcrypt and nettle/hogweed backends; gnutls builds use hogweed,
so the model builds in QEMU's default configuration), the AST2700 OTP
memory, SCU1's Caliptra power, reset and strap controls, and a leak fix
in aspeed_gpio that LeakSanitizer runs of these machines need; a small
bundle tool (bundles, flash and OTP images); qtests through the machine
and unit tests, also run under ASan and UBSan; documentation. Not
modelled: the watchdog's countdown, SRAM ECC errors, the interrupt
routing of the AST2700 (not public); see docs/system/arm/caliptra.rst.

How the series is cut: patch 1 is a leak fix, patch 2 the crypto API.
Patches 3-13 add the model along its own layers: the register map and
soc_ifc_reg, the mailbox and SHA accelerator, the container with its
abstract firmware type and the mailbox peer, the bundle builder the
tests use, bundle verification, the DICE pieces, DPE, the ROM and FMC,
the runtime's DPE commands, the runtime and the 1.2 firmware object.
ASPEED_SOC selects the device from patch 3, so each is compiled; the
layers that need no device are unit-tested alongside their code (DPE in
the patch after it). Patch 14
adds SCU1's Caliptra controls, patch 15 maps Caliptra on ast2700fc, and
patches 16-21 test the model through the machine. Only then come the
AST2700 pieces around it, so that the model can be judged without
them: the OTP (22), IPC1 (23), the bootmcu's Caliptra driver and inputs
(24), the bootmcu stand-in (25), the bundle tool's command line (26),
the secure boot tests (27), the bootmcu's IPC service (28) and its
tests (29). The docs and the MAINTAINERS section are last (30).

The firmware is a device of its own behind the register blocks: an
abstract caliptra-fw type, whose 1.2 subclass keeps its state in
Caliptra's own layers (the uC services, the data vault, the key vault,
the ROM, the FMC, the runtime; none calls another), and a second
subclass, caliptra-fw-peer, that forwards whole mailbox transactions to
a peer in the framing of the AST1040 Caliptra mailbox series
(cptra-mbox-peer-extern on a chardev), so that one external server can
serve both machines. The register maps have one home,
include/hw/misc/caliptra_regs.h.

Against QEMU master (read file by file, newest commits seen: ad432047
for aspeed_ast27x0-fc.c, 8cb57d6f for meson.build): the series is made
against 10.2.2 and needs rework there. ast2700fc now uses the A2 SoC and
TYPE_AST2700FC, keeps its boot info in the machine state and no longer
includes hw/arm/machines-qom.h; several headers (irq.h, qdev-properties.h,
sysbus.h, register.h, registerfields.h) moved under hw/core/; aspeed_scu
uses DEFINE_TYPES. Master's crypto/akcipher now has ECDSA (gcrypt and
nettle): the ECDSA patch here should become additions to it
(deterministic signing, public key from a private scalar) rather than an
API of its own. The MAINTAINERS section names no maintainer: an M: line
awaits a human owner.
"""


def run(*args, **kw):
    return subprocess.run(args, check=True, text=True, **kw)


def git(work, *args, **kw):
    return run("git", "-C", work, *args, stdout=subprocess.PIPE, **kw).stdout


def parse_series(path):
    exclude, patches, cur = [], [], None
    with open(path) as f:
        lines = [l.rstrip("\n") for l in f if not l.startswith("#")]
    for line in lines:
        if line.startswith("Exclude:"):
            exclude += line.split()[1:]
        elif line.startswith("Subject:"):
            cur = {"subject": line[len("Subject:"):].strip(), "files": [],
                   "body": []}
            patches.append(cur)
        elif cur is not None and line.startswith("Files:") and not cur["body"]:
            cur["files"] += line.split()[1:]
        elif cur is not None:
            cur["body"].append(line)
    for p in patches:
        p["body"] = "\n".join(p["body"]).strip() + "\n"
    return exclude, patches


def depth_of(line):
    """Brackets a line leaves open, string literals left out"""
    line = re.sub(r"'[^']*'|\"[^\"]*\"", "", line)
    return sum(line.count(c) for c in "([{") - \
        sum(line.count(c) for c in ")]}")


def auto_claim(f, line, owner):
    """The patch a line of a build or trace file comes with, if it names
    a file of the series: a meson.build line with a quoted source, test
    or subdirectory name comes with that file; a "# file.c" heading of a
    trace-events file with the events under it"""
    d = os.path.dirname(f)
    base = os.path.basename(f)
    if base == "meson.build":
        found = [owner[p] for name in re.findall(r"'([^']+)'", line)
                 for c in (name, name + ".c", name + "/meson.build")
                 for p in (os.path.normpath(os.path.join(d, c)),
                           os.path.normpath(c)) if p in owner]
        return max(found) if found else None
    if base == "trace-events":
        m = re.match(r"# (\S+\.c)$", line)
        if m and os.path.join(d, m.group(1)) in owner:
            return owner[os.path.join(d, m.group(1))]
    return None


def split_file(work, f, file_owner, claims, owner):
    """FILE's changes as (patch, kind, line) items: each line the final
    version adds goes with the patch that claims it (FILE+TEXT: the unit
    that starts at a line holding TEXT, continued while brackets stay
    open or into a function body, with the comment lines just above it
    and the blank line above those), or that auto_claim()
    finds, else with FILE's owner; lines it drops go with the owner."""
    old = []
    if git(work, "ls-tree", "base", "--", f):
        old = git(work, "show", "base:" + f).splitlines(True)
    with open(os.path.join(work, f)) as src:
        new = src.read().splitlines(True)
    items = []
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            items += [(None, "keep", l) for l in old[i1:i2]]
            continue
        items += [(file_owner, "del", l) for l in old[i1:i2]]
        items += [(file_owner, "add", l) for l in new[j1:j2]]
    out, unit, depth, heading = [], None, 0, None
    comment = ("/*", "*", "//") if f.endswith((".c", ".h")) else ("#",)
    for n, (who, kind, line) in enumerate(items):
        if kind != "add":
            unit = heading = None
            out.append((who, kind, line))
            continue
        text = line.rstrip("\n")
        if unit is not None and text == "{":
            depth = 1           # a function's body, after its name
            out.append((unit, kind, line))
            continue
        if unit is not None and depth > 0:
            depth += depth_of(text)
            out.append((unit, kind, line))
            continue
        if heading is not None:
            if text.strip():
                out.append((heading, kind, line))
                continue
            heading = None
        unit = None
        hits = [(len(t), k) for t, k in claims if t in text]
        if hits:
            best = max(hits)
            if [h for h in hits if h[0] == best[0] and h[1] != best[1]]:
                sys.exit(f"export: {f}: two claims on {text!r}")
            unit = best[1]
        elif os.path.basename(f) == "trace-events":
            heading = auto_claim(f, text, owner)
            if heading is not None:
                # with the blank line above it
                if out and out[-1][1] == "add" and out[-1][0] == who and \
                        not out[-1][2].strip():
                    out[-1] = (heading, "add", out[-1][2])
                out.append((heading, kind, line))
                continue
        else:
            unit = auto_claim(f, text, owner)
        if unit is None:
            out.append((who, kind, line))
            continue
        # the comment lines just above the unit come with it
        k = len(out)
        while k and out[k - 1][1] == "add" and out[k - 1][0] == who and \
                out[k - 1][2].lstrip().startswith(comment):
            k -= 1
        # and, above a commented unit, the blank line that parts it
        if k < len(out) and k and out[k - 1][1] == "add" and \
                out[k - 1][0] == who and not out[k - 1][2].strip():
            k -= 1
        out[k:] = [(unit, kind, l) for _, kind, l in out[k:]]
        depth = depth_of(text)
        out.append((unit, kind, line))
    # blank lines between two parts one patch claims go with them
    for i, (who, kind, line) in enumerate(out):
        if kind != "add" or line.strip():
            continue
        j = i
        while j < len(out) and out[j][1] == "add" and not out[j][2].strip():
            j += 1
        if 0 < i and j < len(out) and out[i - 1][0] == out[j][0] and \
                out[i - 1][1] == out[j][1] == "add" and \
                out[j][0] != file_owner:
            out[i:j] = [(out[j][0], k, l) for _, k, l in out[i:j]]
    return out


def version_at(items, n):
    """The text of a file once patches 0..N are applied"""
    text, final = [], []
    for who, kind, line in items:
        if kind == "keep" or (kind == "add" and who <= n) or \
                (kind == "del" and who > n):
            text.append(line)
        if kind != "del":
            final.append(line)
    text, final = "".join(text), "".join(final)
    # parts left out can leave two blank lines where the final file has one
    if "\n\n\n" not in final:
        text = re.sub(r"\n\n\n+", "\n\n", text)
    return text


def check_meson_sources(tree, grown, owner):
    """Every patch's meson.build files name only sources of the series
    that it has"""
    revs = git(tree, "rev-list", "--reverse", "base..HEAD").split()
    for n, rev in enumerate(revs):
        have = set(git(tree, "ls-tree", "-r", "--name-only", rev).split())
        for f in grown:
            if os.path.basename(f) != "meson.build" or \
                    f not in git(tree, "ls-tree", "-r", "--name-only", rev, f):
                continue
            d = os.path.dirname(f)
            for name in re.findall(r"'([^']+\.c)'",
                                   git(tree, "show", f"{rev}:{f}")):
                p = os.path.normpath(os.path.join(d, name))
                if p in owner and p not in have:
                    sys.exit(f"export: patch {n + 1}: {f} names {name}, "
                             "which it does not have")
        # and its C files include only headers of the series it has
        for f in sorted(have & set(owner)):
            if not f.endswith((".c", ".h")):
                continue
            text = git(tree, "show", f"{rev}:{f}")
            for name in re.findall(r'^#include "([^"]+)"', text, re.M):
                where = [os.path.normpath(os.path.join(os.path.dirname(f),
                                                       name)),
                         os.path.normpath(os.path.join("include", name)),
                         os.path.normpath(name)]
                if not any(w in have for w in where) and \
                        any(w in owner for w in where):
                    sys.exit(f"export: patch {n + 1}: {f} includes {name}, "
                             "which it does not have")


def main():
    work, out = sys.argv[1], os.path.abspath(sys.argv[2])
    bisect = sys.argv[3:5] == ["--bisect"] or "--bisect" in sys.argv
    exclude, patches = parse_series(os.path.join(REPO, "patches.series"))
    manifest_path = os.path.join(work, ".git", "caliptra-overlay-files")
    with open(manifest_path) as f:
        manifest = [l.strip() for l in f if l.strip()]

    # "FILE+TEXT" in a patch's Files: the patch adds the part of FILE
    # that starts with a line holding TEXT (see split_file); the patch
    # that lists FILE itself adds the rest
    claims = {}
    for n, p in enumerate(patches):
        for pat in p["files"]:
            if "+" in pat:
                f, *texts = pat.split("+")
                claims.setdefault(f, []).extend((t, n) for t in texts)
        p["files"] = [pat for pat in p["files"] if "+" not in pat]

    owner = {}
    for n, p in enumerate(patches):
        for f in manifest:
            if any(fnmatch.fnmatch(f, pat) for pat in p["files"]):
                if f in owner:
                    sys.exit(f"export: {f} is in two patches")
                owner[f] = n
    missing = [f for f in manifest if f not in owner and f not in exclude]
    if missing:
        sys.exit("export: not in any patch of patches.series: " +
                 " ".join(missing))
    for f in claims:
        if f not in owner:
            sys.exit(f"export: {f} is claimed in part but no patch has it")

    # Files that grow over several patches: build lists, trace events,
    # and those with claims
    grown = {}
    for f in owner:
        if f in claims or os.path.basename(f) in ("meson.build",
                                                  "trace-events"):
            items = split_file(work, f, owner[f], claims.get(f, []), owner)
            steps = sorted({w for w, k, _ in items if k != "keep"})
            if steps and steps[0] < owner[f] and \
                    not git(work, "ls-tree", "base", "--", f):
                sys.exit(f"export: {f}: patch {steps[0] + 1} adds to it "
                         f"before patch {owner[f] + 1} creates it")
            grown[f] = (items, set(steps))

    tree = os.path.join(out, "tree")
    if os.path.isdir(tree):
        run("git", "-C", work, "worktree", "remove", "--force", tree)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    run("git", "-C", work, "worktree", "prune")
    run("git", "-C", work, "worktree", "add", "-q", "--detach", tree, "base")

    env = dict(os.environ, GIT_AUTHOR_NAME=AUTHOR.split(" <")[0],
               GIT_AUTHOR_EMAIL="unowned@invalid",
               GIT_COMMITTER_NAME=AUTHOR.split(" <")[0],
               GIT_COMMITTER_EMAIL="unowned@invalid",
               GIT_AUTHOR_DATE="2026-01-01T00:00:00Z",
               GIT_COMMITTER_DATE="2026-01-01T00:00:00Z")
    for n, p in enumerate(patches):
        files = sorted(f for f, o in owner.items()
                       if o == n and f not in grown)
        for f in files:
            dst = os.path.join(tree, f)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy2(os.path.join(work, f), dst)
        for f, (items, steps) in sorted(grown.items()):
            if n in steps:
                dst = os.path.join(tree, f)
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                with open(dst, "w") as out_file:
                    out_file.write(version_at(items, n))
                shutil.copymode(os.path.join(work, f), dst)
                files.append(f)
        run("git", "-C", tree, "add", "--", *files)
        msg = p["subject"] + "\n\n" + p["body"]
        run("git", "-C", tree, "commit", "-q", "-F", "-", input=msg, env=env)

    check_meson_sources(tree, grown, owner)

    pdir = os.path.join(out, "patches")
    run("git", "-C", tree, "format-patch", "-q", "--cover-letter",
        "--subject-prefix=PATCH", "-o", pdir, "base..HEAD", env=env)
    cover = glob.glob(os.path.join(pdir, "0000-*"))[0]
    with open(cover) as f:
        text = f.read()
    text = text.replace("*** SUBJECT HERE ***",
                        "Native Caliptra 1.2 Root of Trust model for ast2700fc")
    text = text.replace("*** BLURB HERE ***", COVER)
    with open(cover, "w") as f:
        f.write(text)

    errors = 0
    for pf in sorted(glob.glob(os.path.join(pdir, "0*.patch"))):
        if os.path.basename(pf).startswith("0000-"):
            continue
        r = subprocess.run([os.path.join(tree, "scripts", "checkpatch.pl"),
                            "--no-signoff", pf], cwd=tree, text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        m = re.search(r"total: (\d+) errors, (\d+) warnings", r.stdout)
        nerr = int(m.group(1)) if m else (0 if r.returncode == 0 else 1)
        nwarn = int(m.group(2)) if m else 0
        print(f"checkpatch: {os.path.basename(pf)}: {nerr} errors, "
              f"{nwarn} warnings")
        if nerr or nwarn:
            print("\n".join("    " + l for l in r.stdout.splitlines()
                            if l.startswith(("ERROR", "WARNING", "#"))))
        errors += nerr

    if bisect and not errors:
        # beside the export, so that a second run builds incrementally
        build = out + "-bisect-build"
        revs = git(tree, "rev-list", "--reverse", "base..HEAD").split()
        first = int(os.environ.get("BISECT_FROM", "1"))
        for rev in revs[first - 1:]:
            run("git", "-C", tree, "checkout", "-q", rev)
            print(f"bisect: {git(tree, 'log', '-1', '--format=%s').strip()}")
            targets = run("bash", os.path.join(REPO, "scripts", "check.sh"),
                          "--targets", stdout=subprocess.PIPE).stdout.split()
            # Test binaries a patch does not have yet are simply not built
            targets = [t for t in targets if not t.startswith("tests/") or
                       os.path.exists(os.path.join(tree, t + ".c"))]
            qtests = [os.path.basename(t) for t in targets
                      if t.startswith("tests/qtest/")]
            units = [os.path.basename(t) for t in targets
                     if t.startswith("tests/unit/")]
            # Build tooling that is not part of the series
            for f in exclude:
                os.makedirs(os.path.dirname(os.path.join(tree, f)),
                            exist_ok=True)
                shutil.copy2(os.path.join(work, f), os.path.join(tree, f))
            run("bash", os.path.join(REPO, "scripts", "build.sh"), tree,
                build, *targets)
            r = subprocess.run(["bash", os.path.join(REPO, "scripts",
                                                     "check.sh"), build],
                               env=dict(os.environ,
                                        CHECK_QTESTS=" ".join(qtests),
                                        CHECK_UNIT_TESTS=" ".join(units)))
            if r.returncode:
                sys.exit(f"bisect: {rev} fails its tests")

    print(f"export: {len(patches)} patches and a cover letter in {pdir}")
    if errors:
        sys.exit(f"export: checkpatch found {errors} errors")


if __name__ == "__main__":
    main()
