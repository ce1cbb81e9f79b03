#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""`make run`: secure boot of ast2700fc through Caliptra, as on silicon.

Makes a Caliptra firmware bundle, its fuses and a SoC auth manifest with
the bundle tool and caliptra-sw's published fake keys, then boots
`-M ast2700fc,secure-boot=on`. The bootmcu sequencer boots Caliptra and
has it authorize the bootmcu's image and the A35 image; the A35 image is a
bare-metal program (demo/a35) that asks Caliptra runtime for FW_INFO and
the IDevID certificate, prints them on the UART and exits 0 by itself.

  demo.py BUILD              the good boot
  demo.py BUILD --tampered   a bundle with one flipped runtime byte: the
                             A35 stays held and the error code is shown
  demo.py BUILD --tap        both, checked, as TAP (run by `make check`)
"""

import hashlib
import os
import re
import subprocess
import sys
import tempfile
import time

TRACE = "aspeed_bootmcu_*"
IMG_RUNTIME_DIGEST_MISMATCH = 0x000B0016    # caliptra-sw error/src/lib.rs
BOOTMCU_FW_ID, BMC_FW_ID = 1, 12            # ASPEED's manifest numbering


def vector(name):
    """A word array of tests/qtest/caliptra-vectors.h (caliptra-sw data)"""
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "tests", "qtest",
                           "caliptra-vectors.h")) as f:
        text = f.read()
    m = re.search(name + r"\[\d+\][^{]*\{([^}]*)\}", text)
    return [int(x, 16) for x in re.findall(r"0x[0-9a-fA-F]+", m.group(1))]


def fuse_line(name, words):
    return name + "".join(f" 0x{w:08x}" for w in words) + "\n"


class Inputs:
    """The flash and OTP contents the bootmcu would read."""

    def __init__(self, build, d, tamper=False):
        tool = os.path.join(build, "caliptra-bundle")
        self.a35 = os.path.join(build, "caliptra-a35-demo.bin")
        self.fmc = bytes((i * 29 + 3) & 0xFF for i in range(2048))
        self.rt = bytes((i * 31 + 7) & 0xFF for i in range(8192))
        for name, data in (("fmc.bin", self.fmc), ("rt.bin", self.rt),
                           ("bootmcu.bin", b"bootmcu runtime " * 256)):
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)
        self.bundle = os.path.join(d, "bundle.bin")
        self.fuses = os.path.join(d, "fuses.txt")
        self.manifest = os.path.join(d, "auth-manifest.bin")
        bootmcu = os.path.join(d, "bootmcu.bin")
        self.images = f"{BOOTMCU_FW_ID}={bootmcu}:{BMC_FW_ID}={self.a35}"

        def run(*args, **kw):
            return subprocess.run([tool, *args], check=True, text=True,
                                  capture_output=True, **kw).stdout
        # The A35's PAUSER (1) is PL0: it may have DPE certify keys
        run("--fmc", os.path.join(d, "fmc.bin"),
            "--rt", os.path.join(d, "rt.bin"), "--pl0-pauser", "1",
            "-o", self.bundle)
        with open(self.fuses, "w") as f:
            f.write(run("--fuses", self.bundle))
            # caliptra-sw's default secrets: its golden identities follow
            f.write(fuse_line("FUSE_UDS_SEED", vector("caliptra_default_uds")))
            f.write(fuse_line("FUSE_FIELD_ENTROPY",
                              vector("caliptra_default_fe")))
        run("--auth-manifest", self.manifest,
            "--image", f"{BOOTMCU_FW_ID}={bootmcu}",
            "--image", f"{BMC_FW_ID}={self.a35}")
        if tamper:
            with open(self.bundle, "r+b") as f:
                f.seek(-1, os.SEEK_END)
                last = f.read(1)[0]
                f.seek(-1, os.SEEK_END)
                f.write(bytes([last ^ 1]))

    def machine(self):
        return ("ast2700fc,secure-boot=on"
                f",caliptra-bundle={self.bundle}"
                f",caliptra-fuses={self.fuses}"
                f",caliptra-auth-manifest={self.manifest}"
                f",caliptra-images={self.images}")


def qemu_cmd(build, inputs, extra):
    return [os.path.join(build, "qemu-system-aarch64"),
            "-M", inputs.machine(), "-bios", inputs.a35,
            "-semihosting-config", "enable=on,target=native",
            "-display", "none", "-nodefaults", "-net", "none",
            "-trace", TRACE] + extra


def boot_good(build, d, show):
    """Boot; the A35 program exits by itself. Returns (rc, uart, log)."""
    inputs = Inputs(build, d)
    p = subprocess.Popen(qemu_cmd(build, inputs, ["-serial", "stdio"]),
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, errors="replace")
    uart, log = [], []
    for line in p.stdout:
        line = line.rstrip("\r\n")
        (uart if line.startswith("A35:") else log).append(line)
        if show and "has no peer" not in line:
            print(("  uart | " if line.startswith("A35:") else "  qemu | ")
                  + line, flush=True)
    try:
        rc = p.wait(timeout=60)
    except subprocess.TimeoutExpired:
        p.kill()
        rc = -1
    return rc, uart, log, inputs


def boot_tampered(build, d, show):
    """Boot a damaged bundle; ask the monitor what happened, then quit."""
    inputs = Inputs(build, d, tamper=True)
    uart_log = os.path.join(d, "uart.log")
    p = subprocess.Popen(
        qemu_cmd(build, inputs, ["-serial", f"file:{uart_log}",
                                 "-monitor", "stdio"]),
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, errors="replace", bufsize=1)
    log = []
    for line in p.stdout:
        line = line.rstrip("\r\n")
        log.append(line)
        if show and not line.startswith("(qemu)") and "QEMU" not in line \
                and "has no peer" not in line:
            print("  qemu | " + line, flush=True)
        if "secure boot stopped" in line:
            break
    # Released, the A35 program would print and exit within milliseconds
    time.sleep(1)
    alive = p.poll() is None
    answers = {}
    for prop in ("state", "error", "error-code", "caliptra-flow-status"):
        p.stdin.write(f"qom-get /machine/bootmcu {prop}\n")
    p.stdin.write("quit\n")
    p.stdin.flush()
    out, _ = p.communicate(timeout=30)
    lines = [l.strip() for l in out.replace("\r", "").splitlines()]
    log += lines
    values = [l for l in lines if l and not l.startswith("(qemu)")
              and "info cpus" not in l and "qom-get" not in l]
    for prop, value in zip(("state", "error", "error-code",
                            "caliptra-flow-status"), values):
        answers[prop] = value.strip('"')
    with open(uart_log, errors="replace") as f:
        uart = f.read()
    if show:
        for k, v in answers.items():
            if v.isdigit():
                v = f"0x{int(v):08x}"
            print(f"  qom-get /machine/bootmcu {k}: {v}")
        print(f"  A35 UART: {len(uart)} bytes; QEMU still running a second "
              f"later: {'yes' if alive else 'no'}")
    return answers, alive and not uart, uart


def main():
    args = sys.argv[1:]
    build = args[0]
    tap = "--tap" in args
    with tempfile.TemporaryDirectory() as d:
        if tap:
            sys.exit(run_tap(build, d))
        if "--tampered" in args:
            print("ast2700fc: booting a bundle whose runtime image has one "
                  "flipped bit")
            answers, held, uart = boot_tampered(build, d, True)
            code = int(answers.get("error-code", "0"), 0)
            print(f"ast2700fc: Caliptra refused the bundle with 0x{code:08x} "
                  f"(IMAGE_VERIFIER_ERR_RUNTIME_DIGEST_MISMATCH is "
                  f"0x{IMG_RUNTIME_DIGEST_MISMATCH:08x}); A35 "
                  f"{'held' if held else 'NOT held'}")
            sys.exit(0 if held and code == IMG_RUNTIME_DIGEST_MISMATCH
                     else 1)
        print("ast2700fc: secure boot through Caliptra "
              f"(trace {TRACE}, A35 UART12)")
        rc, uart, log, _ = boot_good(build, d, True)
        print(f"ast2700fc: QEMU exited with {rc} (the A35 program's result)")
        sys.exit(rc)


def bad_inputs(build, d):
    """Malformed machine inputs: QEMU refuses to start, and says why."""
    os.makedirs(d)
    inputs = Inputs(build, d)

    def fuse_file(name, text):
        path = os.path.join(d, name)
        with open(path, "w") as f:
            f.write(text)
        return path
    base = "ast2700fc,secure-boot=on,caliptra-bundle=" + inputs.bundle
    cases = [
        ("ast2700fc,caliptra-bundle=" + inputs.bundle, "need secure-boot=on"),
        (base + ",caliptra-fuses=" +
         fuse_file("f1", "FUSE_BOGUS 0x1\n"), "is not a fuse register"),
        (base + ",caliptra-fuses=" +
         fuse_file("f2", "CPTRA_BOOTFSM_GO 0x1\n"), "is not a fuse register"),
        (base + ",caliptra-fuses=" +
         fuse_file("f3", "FUSE_OWNER_PK_HASH 0x1\n"), "takes 12 words"),
        (base + ",caliptra-fuses=" +
         fuse_file("f4", "FUSE_LIFE_CYCLE zz\n"), "bad value"),
        (base + ",caliptra-fuses=" +
         fuse_file("f5", "FUSE_LIFE_CYCLE 0x100000000\n"), "bad value"),
        (base + ",caliptra-images=12=" + inputs.a35,
         "needs caliptra-auth-manifest"),
        (base + ",caliptra-auth-manifest=" + inputs.manifest +
         ",caliptra-images=twelve", "is not ID=FILE"),
        ("ast2700fc,secure-boot=on,caliptra-bundle=" +
         os.path.join(d, "missing.bin"), "caliptra-bundle: "),
        (base + ",caliptra-fuses=" + fuse_file("empty", ""),
         "expected 1 to"),
        ("ast2700fc,caliptra-lifecycle=debug", "is not unprovisioned"),
    ]
    checks, log = [], []
    for machine, want in cases:
        try:
            out = subprocess.run(
                [os.path.join(build, "qemu-system-aarch64"), "-M", machine,
                 "-display", "none", "-nodefaults", "-net", "none",
                 "-S", "-monitor", "none"],
                capture_output=True, text=True, timeout=10, input="")
        except subprocess.TimeoutExpired:
            checks.append((False, f"QEMU started: {machine}"))
            continue
        log.append(f"{machine}: rc {out.returncode}: {out.stderr.strip()}")
        checks.append((out.returncode == 1 and want in out.stderr,
                       f"{want!r} not refused: {machine}"))
    return "/caliptra/ast2700fc/bad-inputs-refused", checks, log


def run_tap(build, d):
    """The two boots as checked test cases, for make check."""
    results = []
    rc, uart, log, inputs = boot_good(build, os.path.join(d), False)
    fmc = hashlib.sha384(inputs.fmc).hexdigest()
    rt = hashlib.sha384(inputs.rt).hexdigest()
    text = "\n".join(uart)
    checks = [
        (rc == 0, f"exit status {rc}"),
        ("A35: done" in text, "the A35 program did not finish"),
        (f"FMC SHA-384     {fmc}" in text, "FW_INFO FMC digest"),
        (f"runtime SHA-384 {rt}" in text, "FW_INFO runtime digest"),
        ("LDevID certificate is byte for byte" in text,
         "LDevID certificate not caliptra-sw's"),
        (any("authorize image fw_id 12: result 0xdeadc0de" in l
             for l in log), "BMC image not authorized"),
    ]
    results.append(("/caliptra/ast2700fc/a35-released", checks, log + uart))

    d2 = os.path.join(d, "tampered")
    os.makedirs(d2)
    answers, held, uart = boot_tampered(build, d2, False)
    code = int(answers.get("error-code", "0"), 0)
    checks = [
        (answers.get("state") == "failed", f"state {answers.get('state')}"),
        (code == IMG_RUNTIME_DIGEST_MISMATCH, f"error code 0x{code:08x}"),
        (held, "the A35 ran: " + uart[:200]),
    ]
    results.append(("/caliptra/ast2700fc/tampered-bundle-held", checks,
                    [f"{k}={v}" for k, v in answers.items()]))

    results.append(bad_inputs(build, os.path.join(d, "bad")))

    failed = 0
    for n, (name, checks, log) in enumerate(results, 1):
        bad = [why for ok, why in checks if not ok]
        if bad:
            failed += 1
            print(f"not ok {n} {name}")
            for line in bad + log[-20:]:
                print(f"# {line}")
        else:
            print(f"ok {n} {name}")
    print(f"1..{len(results)}")
    return 1 if failed else 0


if __name__ == "__main__":
    main()
