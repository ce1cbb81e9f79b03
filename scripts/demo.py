#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""`make run`: boot Caliptra on ast2700fc the way the AST2700 bootmcu does.

No guest CPU runs (the machine is driven through QEMU's qtest protocol,
which plays the bootmcu's part on the APB bus), so the SSP/TSP Cortex-M4
cores do not lock up on their empty vector tables. Each step prints the
registers a bootmcu firmware would look at.

Usage: demo.py BUILD_DIR
"""

import hashlib
import os
import subprocess
import sys
import tempfile

BASE = 0x14C60000
SOC = BASE + 0x10000
MBOX = BASE
SCU_SILICON_ID = 0x12C02000

FLOW_STATUS, BOOT_STATUS, HW_REV_ID = 0x03C, 0x038, 0x0D4
SECURITY_STATE, FUSE_WR_DONE, BOOTFSM_GO = 0x044, 0x0B0, 0x0B8
TRNG_DATA, TRNG_STATUS, FW_REV_ID0 = 0x078, 0x0AC, 0x0D8
FW_ERROR_FATAL, FW_ERROR_NON_FATAL = 0x008, 0x00C
FUSE_KEY_MANIFEST_PK_HASH, FUSE_LIFE_CYCLE = 0x250, 0x33C
READY_FOR_FUSES, READY_FOR_FW, READY_FOR_RT = 1 << 30, 1 << 28, 1 << 29
BOOT_FSM = ["IDLE", "FUSE", "FW_RST", "WAIT", "DONE", "?", "?", "?"]
MBOX_FSM = ["IDLE", "RDY_FOR_CMD", "RDY_FOR_DATA", "RDY_FOR_DLEN",
            "EXECUTE_SOC", "EXECUTE_TAP", "EXECUTE_UC", "ERROR"]


class QTest:
    def __init__(self, binary):
        self.p = subprocess.Popen(
            [binary, "-machine", "ast2700fc", "-accel", "qtest",
             "-qtest", "stdio", "-display", "none", "-nodefaults"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True, bufsize=1)

    def cmd(self, line):
        self.p.stdin.write(line + "\n")
        while True:
            reply = self.p.stdout.readline()
            if not reply:
                sys.exit("demo: QEMU exited")
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


CMD_CAPABILITIES, CMD_VERSION = 0x43415053, 0x46505652
CMD_FIRMWARE_LOAD = 0x46574C44
CMD_SET_AUTH_MANIFEST, CMD_AUTHORIZE_AND_STASH = 0x41544D4E, 0x41545348
AUTH_RESULTS = {0xDEADC0DE: "AUTHORIZED", 0x21523F21: "NOT AUTHORIZED",
                0x8BFB95CB: "HASH MISMATCH"}
# The SoC images ASPEED's manifests list (fw_id): made-up contents here
SOC_IMAGES = ((1, "bootmcu runtime"), (10, "ATF"), (12, "U-Boot"))


def soc_image(fw_id):
    return bytes((i * fw_id + 7) & 0xFF for i in range(4096))


def make_auth_manifest(tool):
    """The SoC auth manifest, signed with caliptra-sw's fake keys."""
    with tempfile.TemporaryDirectory() as d:
        args = [tool, "--auth-manifest", os.path.join(d, "am.bin")]
        for fw_id, _ in SOC_IMAGES:
            path = os.path.join(d, f"img{fw_id}.bin")
            with open(path, "wb") as f:
                f.write(soc_image(fw_id))
            args += ["--image", f"{fw_id}={path}"]
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(d, "am.bin"), "rb") as f:
            return f.read()
FUSE_OFFSETS = {"FUSE_KEY_MANIFEST_PK_HASH": 0x250, "FUSE_OWNER_PK_HASH": 0x284}


def make_bundle(tool):
    """A bundle signed with caliptra-sw's fake keys, and its fuse values."""
    with tempfile.TemporaryDirectory() as d:
        for name, size in (("fmc.bin", 2048), ("rt.bin", 8192)):
            with open(os.path.join(d, name), "wb") as f:
                f.write(bytes((i * 29 + len(name)) & 0xFF for i in range(size)))
        out = os.path.join(d, "bundle.bin")
        subprocess.run([tool, "--fmc", os.path.join(d, "fmc.bin"),
                        "--rt", os.path.join(d, "rt.bin"), "-o", out],
                       check=True, stdout=subprocess.DEVNULL)
        fuses = {}
        for line in subprocess.run([tool, "--fuses", out], check=True,
                                   capture_output=True,
                                   text=True).stdout.splitlines():
            name, *words = line.split()
            fuses[name] = [int(w, 16) for w in words]
        with open(out, "rb") as f:
            return f.read(), fuses
STATUS_NAMES = ["CMD_BUSY", "DATA_READY", "CMD_COMPLETE", "CMD_FAILURE"]


def checksum(cmd, data):
    return (-(sum(cmd.to_bytes(4, "little")) + sum(data))) & 0xFFFFFFFF


def mbox_exec(q, cmd, payload=b"", checksum_word=True):
    """One mailbox transaction as libcaliptra does it."""
    req = payload
    if checksum_word:
        req = checksum(cmd, payload).to_bytes(4, "little") + payload
    if q.readl(MBOX + 0x00) != 0:
        sys.exit("demo: mailbox busy")
    q.writel(MBOX + 0x08, cmd)
    q.writel(MBOX + 0x0C, len(req))
    for i in range(0, len(req), 4):
        q.writel(MBOX + 0x10, int.from_bytes(req[i:i + 4].ljust(4, b"\0"),
                                             "little"))
    q.writel(MBOX + 0x18, 1)
    for _ in range(1000):
        status = q.readl(MBOX + 0x1C) & 0xF
        if status:
            break
        q.step(1000)
    resp = b""
    if status == 1:
        dlen = q.readl(MBOX + 0x0C)
        for _ in range(0, dlen, 4):
            resp += q.readl(MBOX + 0x14).to_bytes(4, "little")
        resp = resp[:dlen]
        if checksum(0, resp[4:]) != int.from_bytes(resp[:4], "little"):
            sys.exit("demo: bad response checksum")
    q.writel(MBOX + 0x18, 0)
    return STATUS_NAMES[status], resp


def flow(q):
    v = q.readl(SOC + FLOW_STATUS)
    bits = [n for b, n in ((READY_FOR_FUSES, "ready_for_fuses"),
                           (READY_FOR_FW, "ready_for_fw"),
                           (READY_FOR_RT, "ready_for_runtime")) if v & b]
    return v, f"boot FSM {BOOT_FSM[(v >> 25) & 7]}, " + \
        (", ".join(bits) if bits else "no ready bit")


def main():
    build = sys.argv[1]
    bundle, fuses = make_bundle(os.path.join(build, "caliptra-bundle"))
    q = QTest(os.path.join(build, "qemu-system-aarch64"))
    print("ast2700fc: SCU silicon id 0x%08x" % q.readl(SCU_SILICON_ID))
    print("Caliptra at 0x%08x: CPTRA_HW_REV_ID 0x%08x, "
          "CPTRA_SECURITY_STATE 0x%x" %
          (BASE, q.readl(SOC + HW_REV_ID), q.readl(SOC + SECURITY_STATE)))
    v, text = flow(q)
    print(f"after reset: CPTRA_FLOW_STATUS 0x{v:08x} ({text})")

    print("bootmcu: writing fuses (vendor and owner key hashes of the "
          "bundle), FUSE_WR_DONE, BOOTFSM_GO")
    for name, words in fuses.items():
        for i, w in enumerate(words):
            q.writel(SOC + FUSE_OFFSETS[name] + 4 * i, w)
    q.writel(SOC + FUSE_LIFE_CYCLE, 3)
    q.writel(SOC + FUSE_WR_DONE, 1)
    q.writel(SOC + BOOTFSM_GO, 1)

    trng = 0
    for _ in range(100):
        st = q.readl(SOC + TRNG_STATUS)
        if st & 1 and not st & 2:
            for i in range(12):
                q.writel(SOC + TRNG_DATA + 4 * i, 0x5EED0000 + trng)
                trng += 1
            q.writel(SOC + TRNG_STATUS, 2)
        v, text = flow(q)
        if v & READY_FOR_FW or q.readl(SOC + FW_ERROR_FATAL):
            break
        q.step(10000)
    print(f"Caliptra: CPTRA_FLOW_STATUS 0x{v:08x} ({text})")
    if trng:
        print(f"bootmcu: served {trng} TRNG words")
    print("Caliptra: CPTRA_FW_REV_ID[0] 0x%08x, CPTRA_FW_ERROR_FATAL 0x%08x"
          % (q.readl(SOC + FW_REV_ID0), q.readl(SOC + FW_ERROR_FATAL)))

    if not v & READY_FOR_FW:
        q.quit()
        print("demo: Caliptra did not reach READY_FOR_FW")
        return 1

    status, resp = mbox_exec(q, CMD_CAPABILITIES)
    print("bootmcu: CAPABILITIES -> %s, capabilities %s" %
          (status, resp[8:24].hex()))
    status, resp = mbox_exec(q, CMD_VERSION)
    print("bootmcu: VERSION -> %s, mode %s, fips_rev %s, name %r" %
          (status, resp[8:12][::-1].decode(),
           [hex(int.from_bytes(resp[i:i + 4], "little"))
            for i in (12, 16, 20)], resp[24:36].decode()))
    status, _ = mbox_exec(q, CMD_FIRMWARE_LOAD, bundle, checksum_word=False)
    print(f"bootmcu: FIRMWARE_LOAD of a {len(bundle)}-byte bundle "
          f"-> {status}")
    for _ in range(100):
        v, text = flow(q)
        if v & READY_FOR_RT:
            break
        q.step(10000)
    print(f"Caliptra: CPTRA_FLOW_STATUS 0x{v:08x} ({text}), "
          f"CPTRA_FW_REV_ID 0x{q.readl(SOC + FW_REV_ID0):08x} "
          f"0x{q.readl(SOC + FW_REV_ID0 + 4):08x}, "
          f"CPTRA_FW_ERROR_FATAL 0x{q.readl(SOC + FW_ERROR_FATAL):08x}")
    if not v & READY_FOR_RT:
        q.quit()
        print("demo: Caliptra did not reach runtime")
        return 1

    status, resp = mbox_exec(q, 0x49444549)     # GET_IDEV_INFO
    print(f"bootmcu: GET_IDEV_INFO -> {status}, IDevID public key "
          f"x {resp[8:20].hex()}…, y {resp[56:68].hex()}…")

    manifest = make_auth_manifest(os.path.join(build, "caliptra-bundle"))
    status, _ = mbox_exec(q, CMD_SET_AUTH_MANIFEST,
                          len(manifest).to_bytes(4, "little") + manifest)
    print(f"bootmcu: SET_AUTH_MANIFEST ({len(manifest)} bytes, "
          f"{len(SOC_IMAGES)} images) -> {status}")
    authorized = status == "DATA_READY"
    for fw_id, name in SOC_IMAGES + ((12, "U-Boot, tampered"),):
        image = soc_image(fw_id)
        if "tampered" in name:
            image = b"\xff" + image[1:]
        req = (fw_id.to_bytes(4, "little") + hashlib.sha384(image).digest() +
               bytes(48) + (0).to_bytes(4, "little") +
               (1).to_bytes(4, "little") + (1).to_bytes(4, "little"))
        status, resp = mbox_exec(q, CMD_AUTHORIZE_AND_STASH, req)
        result = int.from_bytes(resp[8:12], "little") if resp else 0
        print(f"bootmcu: AUTHORIZE_AND_STASH fw_id {fw_id:2} ({name}) -> "
              f"{AUTH_RESULTS.get(result, status)}")
        if "tampered" not in name:
            authorized &= result == 0xDEADC0DE
    q.quit()
    if not authorized:
        print("demo: the SoC images were not authorized")
        return 1
    print("demo: Caliptra verified its firmware and authorized the SoC "
          "images; the A35 may be released (SCU0 + 0x10C)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
