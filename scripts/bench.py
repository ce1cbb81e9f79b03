#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""`make bench`: how fast the Caliptra model works, with its floor.

1. Secure boot of ast2700fc (TCG, the demo's inputs), from power good to
   READY_FOR_RUNTIME and to the release of the A35, read off QEMU's trace
   timestamps, next to the same crypto done in C with the library the
   build's crypto layer uses (the floor, scripts/bench-floor.c): the
   four DICE key generations, the bundle's SHA-384 digests and two ECDSA
   P-384 verifications, then the auth manifest's verifications. The ratio is what the model adds.
2. Register-level costs over the qtest protocol, against a plain SCU
   register read (each access pays a socket round trip).
3. DPE through the mailbox (qtest): Sign and CertifyKey, from the
   runtime's trace events around the command, against the floor doing
   the key derivation (one P-384 scalar multiplication) and the
   signature.
4. The Caliptra IPC service as the A35 program sees it (its generic
   timer, under TCG): a round trip of CAPABILITIES (no crypto; the
   bootmcu firmware polls every millisecond), and SHA384_DIGEST over the
   whole 1 MiB in window, against the floor hashing the same bytes.

Usage: bench.py BUILD_DIR
"""

import hashlib
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import demo  # noqa: E402  (same directory: the demo's boot inputs)

BOOTS = 5
DPE_RUNS = 10
SOC, MBOX = 0x14C70000, 0x14C60000
FUSES = {"FUSE_UDS_SEED": 0x200, "FUSE_FIELD_ENTROPY": 0x230,
         "FUSE_KEY_MANIFEST_PK_HASH": 0x250, "FUSE_OWNER_PK_HASH": 0x284}
READY_FOR_FW, READY_FOR_RT = 1 << 28, 1 << 29
AM_OFF_FLAGS = 12               # auth manifest preamble: vendor sig needed


def trace_times(build, d):
    """One secure boot; seconds from Caliptra's power good (the bootmcu's
    SCU1 power cycle) to RT ready and release."""
    inputs = demo.Inputs(build, d)
    cmd = demo.qemu_cmd(build, inputs, ["-serial", "null",
                                        "-msg", "timestamp=on",
                                        "-trace", "caliptra_runtime_ready",
                                        "-trace", "caliptra_power_on"])
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        sys.exit("bench: the secure boot failed:\n" + out.stderr[-2000:])
    t = {}
    for line in out.stderr.splitlines():
        m = re.match(r"\S+T(\d+):(\d+):([\d.]+)Z (\S+) ?(.*)", line)
        if not m:
            continue
        sec = (int(m.group(1)) * 60 + int(m.group(2))) * 60 + \
            float(m.group(3))
        ev, rest = m.group(4), m.group(5)
        if ev == "caliptra_power_on":
            t.setdefault("go", sec)         # power good, reset released
        elif ev == "caliptra_runtime_ready":
            t.setdefault("rt", sec)
        elif ev == "aspeed_bootmcu_release":
            t.setdefault("release", sec)
    with open(inputs.bundle, "rb") as f:
        bundle = f.read()
    with open(inputs.manifest, "rb") as f:
        manifest = f.read()
    images = []
    for spec in inputs.images.split(":"):
        with open(spec.split("=", 1)[1], "rb") as f:
            images.append(f.read())
    return t["rt"] - t["go"], t["release"] - t["go"], bundle, manifest, images


class Floor:
    """The C floor (scripts/bench-floor.c), built against the crypto
    library the model's build links, as QEMU's crypto layer picks it"""

    def __init__(self, build, d):
        cfg = open(os.path.join(build, "config-host.h")).read()
        has = lambda name: f"#define {name}\n" in cfg
        if has("CONFIG_GCRYPT"):
            self.lib, libs = "GCRYPT", ["-lgcrypt"]
        elif has("CONFIG_HOGWEED") and has("CONFIG_GNUTLS"):
            self.lib, libs = "GNUTLS", ["-lgnutls", "-lhogweed", "-lnettle",
                                        "-lgmp"]
        elif has("CONFIG_HOGWEED"):
            self.lib, libs = "NETTLE", ["-lhogweed", "-lnettle", "-lgmp"]
        else:
            sys.exit("bench: the build has no ECDSA backend")
        self.exe = os.path.join(d, "bench-floor")
        src = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                           "bench-floor.c")
        subprocess.run(["gcc", "-O2", "-Wall", "-Wextra", "-Werror",
                        f"-DFLOOR_{self.lib}", "-o", self.exe, src, *libs],
                       check=True)
        self.d = d

    def run(self, *blobs):
        """Seconds: SHA-384 of each blob, then d*G, verify and sign"""
        paths = []
        for i, blob in enumerate(blobs):
            paths.append(os.path.join(self.d, f"blob{i}"))
            with open(paths[-1], "wb") as f:
                f.write(blob)
        out = subprocess.run([self.exe, *paths], capture_output=True,
                             text=True, check=True).stdout.split("\n")
        sha = [int(line.split()[2]) * 1e-9 for line in out[:len(blobs)]]
        ops = {line.split()[0]: int(line.split()[1]) * 1e-9
               for line in out[len(blobs):] if line}
        return sha, ops

    def name(self):
        return {"GCRYPT": "libgcrypt",
                "GNUTLS": "gnutls SHA-384 + nettle's hogweed ECDSA",
                "NETTLE": "nettle"}[self.lib]


def ratio(t, f):
    """A model figure against its floor; a floor beaten is flagged"""
    r = t / f
    return f"ratio {r:5.2f}" + ("   BELOW ITS FLOOR" if r < 1 else "")


def floor(fl, bundle, manifest, images):
    """Seconds the ROM's and the runtime's crypto take at the floor, and
    the number of verifications after READY_FOR_RUNTIME"""
    (sha_b, sha_m, *sha_i), op = fl.run(bundle, manifest, *images)
    # IDevID, LDevID, FMC and RT alias keys; the bundle's digests; the
    # vendor and owner signatures
    rom = 4 * op["mul_g"] + sha_b + 2 * op["verify"]
    flags = int.from_bytes(manifest[AM_OFF_FLAGS:AM_OFF_FLAGS + 4], "little")
    # The bootmcu FMC's signature (its digest is that of the first image,
    # the FMC), the manifest's preamble keys x2 and image list x1 or 2,
    # then each image's digest for AUTHORIZE_AND_STASH
    verifies = 1 + 3 + (flags & 1)
    return rom, rom + sha_i[0] + sha_m + verifies * op["verify"] + \
        sum(sha_i), verifies


class QTest:
    def __init__(self, binary, extra=()):
        self.p = subprocess.Popen(
            [binary, "-machine", "ast2700fc", "-accel", "qtest",
             "-qtest", "stdio", "-display", "none", "-nodefaults", *extra],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True, bufsize=1)

    def cmd(self, line):
        self.p.stdin.write(line + "\n")
        while True:
            reply = self.p.stdout.readline()
            if not reply:
                sys.exit("bench: QEMU exited")
            if reply.startswith("OK") or reply.startswith("FAIL"):
                return reply.split()

    def readl(self, addr):
        return int(self.cmd(f"readl 0x{addr:x}")[1], 16)

    def writel(self, addr, val):
        self.cmd(f"writel 0x{addr:x} 0x{val:x}")

    def step(self, ns):
        self.cmd(f"clock_step {ns}")

    def quit(self):
        self.p.terminate()
        self.p.wait(timeout=30)


class Caliptra:
    """The SoC's side of Caliptra over qtest: flow waits and the mailbox"""

    def __init__(self, q):
        self.q = q

    def wait(self, bit):
        for _ in range(5000):
            st = self.q.readl(SOC + 0x0AC)
            if st & 1 and not st & 2:
                for i in range(12):
                    self.q.writel(SOC + 0x078 + 4 * i, i)
                self.q.writel(SOC + 0x0AC, 2)
            if self.q.readl(SOC + 0x03C) & bit:
                return
            self.q.step(10000)
        raise RuntimeError(f"flow bit 0x{bit:x} never came")

    def mbox(self, cmd, data, checksum=True):
        q = self.q
        if checksum:
            s = sum(cmd.to_bytes(4, "little")) + sum(data)
            data = ((-s) & 0xFFFFFFFF).to_bytes(4, "little") + data
        if q.readl(MBOX) != 0:
            raise RuntimeError("mailbox busy")
        q.writel(MBOX + 0x08, cmd)
        q.writel(MBOX + 0x0C, len(data))
        for i in range(0, len(data), 4):
            q.writel(MBOX + 0x10, int.from_bytes(
                data[i:i + 4].ljust(4, b"\0"), "little"))
        q.writel(MBOX + 0x18, 1)
        for _ in range(1000):
            status = q.readl(MBOX + 0x1C) & 0xF
            if status:
                break
            q.step(10000)
        resp = b""
        if status == 1:
            n = q.readl(MBOX + 0x0C)
            for _ in range(0, n, 4):
                resp += q.readl(MBOX + 0x14).to_bytes(4, "little")
            resp = resp[:n]
        q.writel(MBOX + 0x18, 0)
        return status, resp


def boot_runtime(q, inputs):
    """The demo's fuses (key hashes, caliptra-sw's default secrets) and
    bundle, up to READY_FOR_RUNTIME"""
    c = Caliptra(q)
    with open(inputs.fuses) as f:
        for line in f:
            name, *words = line.split()
            for i, w in enumerate(words):
                q.writel(SOC + FUSES[name] + 4 * i, int(w, 16))
    q.writel(SOC + 0x0B0, 1)                    # FUSE_WR_DONE
    c.wait(READY_FOR_FW)
    with open(inputs.bundle, "rb") as f:
        status, _ = c.mbox(0x46574C44, f.read(), checksum=False)
    if status != 2:
        raise RuntimeError(f"FIRMWARE_LOAD status {status}")
    c.wait(READY_FOR_RT)
    return c


def timed(fn, n):
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t0) / n


def register_costs(build):
    soc, sha = 0x14C70000, 0x14C61000
    q = QTest(os.path.join(build, "qemu-system-aarch64"))
    # The ROM owns the SHA accelerator until it waits for firmware
    q.writel(soc + 0x0B0, 1)                        # FUSE_WR_DONE
    for _ in range(100):
        st = q.readl(soc + 0x0AC)                   # TRNG_STATUS
        if st & 1 and not st & 2:
            for i in range(12):
                q.writel(soc + 0x078 + 4 * i, i)
            q.writel(soc + 0x0AC, 2)
        if q.readl(soc + 0x03C) & (1 << 28):        # READY_FOR_FW
            break
        q.step(1000)
    t_base = timed(lambda: q.readl(0x12C02000), 2000)
    t_reg = timed(lambda: q.readl(soc + 0x03C), 2000)
    size = 64 * 1024

    def stream():
        assert q.readl(sha) == 0
        q.writel(sha + 0x08, 0)
        q.writel(sha + 0x10, size)
        for _ in range(size // 4):
            q.writel(sha + 0x14, 0x61626364)
        q.writel(sha + 0x18, 1)
        assert q.readl(sha + 0x1C) & 1
        q.writel(sha, 1)
    t_sha = timed(stream, 2)
    q.quit()
    print(f"qtest MMIO round trip (SCU read)      {t_base * 1e6:8.1f} us")
    print(f"Caliptra register read                {t_reg * 1e6:8.1f} us"
          f"   ratio {t_reg / t_base:5.2f}")
    words = size // 4 + 6
    print(f"SHA-384 stream of 64 KiB              {t_sha * 1e3:8.1f} ms"
          f"   {size / t_sha / 1024:.0f} KiB/s, ratio per access "
          f"{t_sha / words / t_base:5.2f}")


def trace_secs(line):
    """The -msg timestamp=on time of a trace line, in seconds, and the rest"""
    m = re.match(r"\S+T(\d+):(\d+):([\d.]+)Z (\S+) ?(.*)", line)
    if not m:
        return None
    sec = (int(m.group(1)) * 60 + int(m.group(2))) * 60 + float(m.group(3))
    return sec, m.group(4), m.group(5)


def dpe_costs(build, fl):
    """INVOKE_DPE_COMMAND Sign and CertifyKey of the default context: the
    time the model spends in DPE, from the runtime's trace events"""
    with tempfile.TemporaryDirectory() as d:
        log = os.path.join(d, "trace.log")
        q = QTest(os.path.join(build, "qemu-system-aarch64"),
                  ["-msg", "timestamp=on", "-D", log,
                   "-trace", "caliptra_runtime_cmd",
                   "-trace", "caliptra_runtime_dpe"])
        c = boot_runtime(q, demo.Inputs(build, d, pl0_pauser=1))
        hdr = lambda cmd: (0x44504543).to_bytes(4, "little") + \
            cmd.to_bytes(4, "little") + (4).to_bytes(4, "little")
        sign = hdr(0x0A) + bytes(16) + bytes(range(48)) + bytes(52)
        certify = hdr(0x09) + bytes(24) + bytes(range(48))
        for cmd in [sign] * DPE_RUNS + [certify] * DPE_RUNS:
            status, resp = c.mbox(0x44504543,
                                  len(cmd).to_bytes(4, "little") + cmd)
            if status != 1 or resp[16:20] != bytes(4):
                sys.exit("bench: a DPE command failed")
        q.quit()
        with open(log) as f:
            lines = [t for t in map(trace_secs, f) if t]
    times = {9: [], 10: []}
    start = None
    for sec, ev, rest in lines:
        if ev == "caliptra_runtime_cmd":
            start = sec
        elif ev == "caliptra_runtime_dpe" and start is not None:
            times[int(rest.split()[2], 16)].append(sec - start)

    _, op = fl.run()
    # Both derive the context's key pair (DPE's derive_key_pair: Caliptra's
    # ECC key generation, d and d*G), then sign once
    floors = {10: op["mul_g"] + op["sign"], 9: op["mul_g"] + op["sign"]}
    print(f"DPE over the mailbox, median of {DPE_RUNS} (qtest, trace "
          "timestamps around the command)")
    for name, cmd in (("Sign", 10), ("CertifyKey X.509", 9)):
        t = sorted(times[cmd])[len(times[cmd]) // 2]
        f = floors[cmd]
        print(f"{name:<22}{t * 1e3:8.2f} ms   floor {f * 1e3:6.2f} ms   "
              + ratio(t, f))
    print(f"  floor: {fl.name()} in C, the derived key pair's P-384 scalar "
          "multiplication + one ECDSA P-384 signature (of the digest, or of "
          "the certificate by the runtime alias key)")


def ipc_costs(build, fl):
    """The A35 demo program's own IPC figures, checked and floored"""
    with tempfile.TemporaryDirectory() as d:
        rc, uart, log, _ = demo.boot_good(build, d, False)
    text = "\n".join(uart)
    trip = re.search(r"bench: CAPABILITIES round trip (\d+) us", text)
    sha = re.search(r"bench: SHA384_DIGEST of (\d+) bytes (\d+) us, "
                    r"digest ([0-9a-f]{96})", text)
    if rc != 0 or not trip or not sha:
        sys.exit("bench: the A35 program's IPC figures are missing:\n" + text)
    n = int(sha.group(1))
    data = bytes((i * 7 + (i >> 11)) & 0xFF for i in range(n))
    if hashlib.sha384(data).hexdigest() != sha.group(3):
        sys.exit("bench: SHA384_DIGEST over IPC gave a wrong digest")
    (sha_floor,), _ = fl.run(data)
    floor_us = sha_floor * 1e6
    sha_us = int(sha.group(2))
    print("Caliptra over IPC, from the A35 (generic timer, TCG)")
    print(f"CAPABILITIES round trip               {int(trip.group(1)):8d} us"
          "   (the bootmcu firmware polls every 1000 us)")
    print(f"SHA384_DIGEST of {n} bytes        {sha_us:8d} us"
          f"   floor {floor_us:8.0f} us   " + ratio(sha_us, floor_us))
    print(f"  floor: {fl.name()} in C, SHA-384 of the same bytes; the "
          "digest was checked against Python's hashlib")


def main():
    build = sys.argv[1]
    rts, rels = [], []
    with tempfile.TemporaryDirectory() as d:
        for i in range(BOOTS):
            sub = os.path.join(d, str(i))
            os.makedirs(sub)
            rt, rel, bundle, manifest, images = trace_times(build, sub)
            rts.append(rt)
            rels.append(rel)
    rts.sort()
    rels.sort()
    rt, rel = rts[BOOTS // 2], rels[BOOTS // 2]
    with tempfile.TemporaryDirectory() as d:
        fl = Floor(build, d)
        f_rt, f_rel, verifies = floor(fl, bundle, manifest, images)

        print(f"ast2700fc secure boot, median of {BOOTS} boots (TCG, "
              f"{len(bundle)}-byte bundle, {len(manifest)}-byte auth "
              "manifest)")
        print(f"power good -> READY_FOR_RUNTIME       {rt * 1e3:8.2f} ms"
              f"   floor {f_rt * 1e3:6.2f} ms   " + ratio(rt, f_rt))
        print(f"power good -> A35 release             {rel * 1e3:8.2f} ms"
              f"   floor {f_rel * 1e3:6.2f} ms   " + ratio(rel, f_rel))
        print(f"  floor: {fl.name()} in C, 4 P-384 scalar multiplications + "
              f"SHA-384 of the bundle + 2 ECDSA P-384 verifies; then "
              f"{verifies} more verifies + SHA-384 of the manifest, of the "
              "bootmcu FMC and of each image")
        print(f"  spread of the {BOOTS} boots: READY_FOR_RUNTIME "
              f"{rts[0] * 1e3:.2f}-{rts[-1] * 1e3:.2f} ms, release "
              f"{rels[0] * 1e3:.2f}-{rels[-1] * 1e3:.2f} ms (the release "
              "includes the host's first touch of the DRAM pages the "
              "images are copied to)")
        register_costs(build)
        dpe_costs(build, fl)
        ipc_costs(build, fl)
    return 0


if __name__ == "__main__":
    sys.exit(main())
