#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""`make bench`: how fast the Caliptra model works, with its floor.

1. Secure boot of ast2700fc (TCG, the demo's inputs), from power good to
   READY_FOR_RUNTIME and to the release of the A35, read off QEMU's trace
   timestamps, next to the same crypto done with libgcrypt in this
   process (the floor): the four DICE key generations, the bundle's
   SHA-384 digests and two ECDSA P-384 verifications, then the auth
   manifest's verifications. The ratio is what the model adds.
2. Register-level costs over the qtest protocol, against a plain SCU
   register read (each access pays a socket round trip).
3. DPE through the mailbox (qtest): Sign and CertifyKey, from the
   runtime's trace events around the command, against libgcrypt doing
   the key derivation (one P-384 scalar multiplication) and the
   signature.
4. The Caliptra IPC service as the A35 program sees it (its generic
   timer, under TCG): a round trip of CAPABILITIES (no crypto; the
   bootmcu firmware polls every millisecond), and SHA384_DIGEST over the
   whole 1 MiB in window, against libgcrypt hashing the same bytes.

Usage: bench.py BUILD_DIR
"""

import ctypes
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
GCRY_MD_SHA384 = 9
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
    return t["rt"] - t["go"], t["release"] - t["go"], bundle, manifest


class Gcrypt:
    """The few libgcrypt calls the floor needs, through ctypes."""

    def __init__(self):
        self.g = ctypes.CDLL("libgcrypt.so.20")
        self.g.gcry_check_version.restype = ctypes.c_char_p
        self.g.gcry_check_version(None)
        self.g.gcry_sexp_find_token.restype = ctypes.c_void_p
        self.g.gcry_sexp_find_token.argtypes = [ctypes.c_void_p,
                                                ctypes.c_char_p,
                                                ctypes.c_size_t]
        for fn in ("gcry_pk_genkey", "gcry_pk_sign", "gcry_pk_verify"):
            getattr(self.g, fn).restype = ctypes.c_uint

    def sexp(self, text):
        s = ctypes.c_void_p()
        buf = text.encode()
        if self.g.gcry_sexp_new(ctypes.byref(s), buf, len(buf), 1):
            sys.exit("bench: bad s-expression")
        return s

    def sha384(self, data):
        out = ctypes.create_string_buffer(48)
        self.g.gcry_md_hash_buffer(GCRY_MD_SHA384, out, data, len(data))
        return out.raw

    def ec_mul(self, scalar):
        """d * G in affine coordinates: what DICE key generation costs."""
        g = self.g
        if not hasattr(self, "ctx"):
            self.ctx = ctypes.c_void_p()
            g.gcry_mpi_ec_new(ctypes.byref(self.ctx), None, b"NIST P-384")
            g.gcry_mpi_ec_get_point.restype = ctypes.c_void_p
            self.gen = ctypes.c_void_p(g.gcry_mpi_ec_get_point(b"g",
                                                               self.ctx, 1))
            g.gcry_mpi_point_new.restype = ctypes.c_void_p
            g.gcry_mpi_new.restype = ctypes.c_void_p
        d = ctypes.c_void_p()
        g.gcry_mpi_scan(ctypes.byref(d), 5, scalar, len(scalar), None)
        q = ctypes.c_void_p(g.gcry_mpi_point_new(0))
        x = ctypes.c_void_p(g.gcry_mpi_new(0))
        y = ctypes.c_void_p(g.gcry_mpi_new(0))
        g.gcry_mpi_ec_mul(q, d, self.gen, self.ctx)
        g.gcry_mpi_ec_get_affine(x, y, q, self.ctx)
        for m in (d, x, y):
            g.gcry_mpi_release(m)
        g.gcry_mpi_point_release(q)

    def genkey(self):
        key = ctypes.c_void_p()
        parms = self.sexp("(genkey (ecc (curve \"NIST P-384\")))")
        if self.g.gcry_pk_genkey(ctypes.byref(key), parms):
            sys.exit("bench: genkey failed")
        return key

    def data(self, digest):
        return self.sexp(f"(data (flags raw) (value #{digest.hex()}#))")

    def sign(self, key, digest):
        sig = ctypes.c_void_p()
        priv = self.g.gcry_sexp_find_token(key, b"private-key", 0)
        if self.g.gcry_pk_sign(ctypes.byref(sig), self.data(digest),
                               ctypes.c_void_p(priv)):
            sys.exit("bench: sign failed")
        return sig

    def verify(self, key, sig, digest):
        pub = self.g.gcry_sexp_find_token(key, b"public-key", 0)
        if self.g.gcry_pk_verify(sig, self.data(digest), ctypes.c_void_p(pub)):
            sys.exit("bench: verify failed")


def floor(gc, bundle, manifest, n=20):
    """Seconds libgcrypt needs for the ROM's and the runtime's crypto."""
    key = gc.genkey()
    digest = gc.sha384(bundle)
    sig = gc.sign(key, digest)

    t0 = time.perf_counter()
    for _ in range(n):
        for i in range(4):          # IDevID, LDevID, FMC and RT alias keys
            gc.ec_mul(digest[i:] + digest[:i])
        gc.sha384(bundle)           # header, TOC, FMC, runtime, key hashes
        gc.verify(key, sig, digest)  # vendor and owner signatures
        gc.verify(key, sig, digest)
    rom = (time.perf_counter() - t0) / n

    flags = int.from_bytes(manifest[AM_OFF_FLAGS:AM_OFF_FLAGS + 4], "little")
    verifies = 3 + (flags & 1)      # preamble keys x2, image list x1 or 2
    t0 = time.perf_counter()
    for _ in range(n):
        gc.sha384(manifest)
        for _ in range(verifies):
            gc.verify(key, sig, digest)
    return rom, rom + (time.perf_counter() - t0) / n, verifies


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


def dpe_costs(build, gc):
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

    key = gc.genkey()
    digest = gc.sha384(b"dpe")
    f = timed(lambda: (gc.ec_mul(digest), gc.sign(key, digest)), 20)
    print(f"DPE over the mailbox, median of {DPE_RUNS} (qtest, trace "
          "timestamps around the command)")
    for name, cmd in (("Sign", 10), ("CertifyKey X.509", 9)):
        t = sorted(times[cmd])[len(times[cmd]) // 2]
        print(f"{name:<22}{t * 1e3:8.2f} ms   floor {f * 1e3:6.2f} ms   "
              f"ratio {t / f:5.2f}")
    print("  floor: libgcrypt here, the derived key's P-384 scalar "
          "multiplication + one ECDSA P-384 signature (of the digest, or "
          "of the certificate by the runtime alias key)")


def ipc_costs(build, gc):
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
    if gc.sha384(data).hex() != sha.group(3):
        sys.exit("bench: SHA384_DIGEST over IPC gave a wrong digest")
    t0 = time.perf_counter()
    for _ in range(10):
        gc.sha384(data)
    floor_us = (time.perf_counter() - t0) / 10 * 1e6
    sha_us = int(sha.group(2))
    print("Caliptra over IPC, from the A35 (generic timer, TCG)")
    print(f"CAPABILITIES round trip               {int(trip.group(1)):8d} us"
          "   (the bootmcu firmware polls every 1000 us)")
    print(f"SHA384_DIGEST of {n} bytes        {sha_us:8d} us"
          f"   floor {floor_us:8.0f} us   ratio {sha_us / floor_us:6.1f}")
    print("  floor: libgcrypt SHA-384 of the same bytes here; the digest "
          "was checked against it")


def main():
    build = sys.argv[1]
    rts, rels = [], []
    with tempfile.TemporaryDirectory() as d:
        for i in range(BOOTS):
            sub = os.path.join(d, str(i))
            os.makedirs(sub)
            rt, rel, bundle, manifest = trace_times(build, sub)
            rts.append(rt)
            rels.append(rel)
    rts.sort()
    rels.sort()
    rt, rel = rts[BOOTS // 2], rels[BOOTS // 2]
    f_rt, f_rel, verifies = floor(Gcrypt(), bundle, manifest)

    print(f"ast2700fc secure boot, median of {BOOTS} boots (TCG, "
          f"{len(bundle)}-byte bundle, {len(manifest)}-byte auth manifest)")
    print(f"power good -> READY_FOR_RUNTIME       {rt * 1e3:8.2f} ms"
          f"   floor {f_rt * 1e3:6.2f} ms   ratio {rt / f_rt:5.2f}")
    print(f"power good -> A35 release             {rel * 1e3:8.2f} ms"
          f"   floor {f_rel * 1e3:6.2f} ms   ratio {rel / f_rel:5.2f}")
    print("  floor: libgcrypt here, 4 P-384 scalar multiplications + SHA-384 of "
          f"the bundle + 2 ECDSA P-384 verifies; then {verifies} more "
          "verifies + SHA-384 of the manifest")
    register_costs(build)
    dpe_costs(build, Gcrypt())
    ipc_costs(build, Gcrypt())
    return 0


if __name__ == "__main__":
    sys.exit(main())
