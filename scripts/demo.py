#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""`make run`: secure boot of ast2700fc through Caliptra, as on silicon.

Makes a Caliptra firmware bundle, a SoC auth manifest, the boot flash
image holding them and the SoC images, and an AST2700 OTP image holding
the fuses, with the bundle tool and caliptra-sw's published fake keys,
then boots `-M ast2700fc` from them (the OTP's strap turns secure boot
on). The bootmcu sequencer boots Caliptra and
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
import queue
import re
import subprocess
import sys
import tempfile
import threading

TRACE = "aspeed_bootmcu_*"
IMG_RUNTIME_DIGEST_MISMATCH = 0x000B0016    # caliptra-sw error/src/lib.rs
IMG_RUNTIME_SVN_LESS_THAN_FUSE = 0x000B002E
FLASH_SIZE = 128 << 20                      # ast2700fc's w25q01jvq
OTP_RT_SVN_WORD = 0x3EA                     # RBP, aspeed_app's tables
# DOE_IV of Caliptra 1.2's ROM, and caliptra-sw's default obfuscation key
DOE_IV = "fb10365ba1179741fba193a10f406d7e"
BOOTMCU_FW_ID = 1                           # ASPEED's manifest numbering
A35_FW_ID = 10                              # TF-A's: RVBAR points at it
A35_LOAD = 0x430000000                      # where the bootmcu puts it
SSP_FW_ID = 13                              # the SSP's (cptra_imgtool)
SSP_LOAD = 0x42C000000                      # SCU0's SSP_CTRL_2 window
SPIN = (0x14000000).to_bytes(4, "little")   # b .
BOOTMCU_PAUSER = 0x21212121                 # the BootMCU ROM's APB user
# What the A35 program asks over IPC (aspeed_app's numbering), in order:
# FW_INFO, the certificates, DPE, two FIT-style checks, then its bench
IPC_REQUESTS = [17, 9, 12, 15, 1, 0, 1, 0] + [26] * 10 + [1]
SSP_IPC_REQUESTS = [17, 1]                  # demo/ssp: FW_INFO, SHA-384


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


def plain_secret(fuse_words, key_words):
    """What Caliptra's DOE makes of obfuscated fuse words (big-endian
    words, AES-256-CBC), computed with openssl"""
    data = b"".join(w.to_bytes(4, "big") for w in fuse_words)
    key = "".join(f"{w:08x}" for w in key_words)
    out = subprocess.run(["openssl", "enc", "-d", "-aes-256-cbc", "-nopad",
                          "-K", key, "-iv", DOE_IV], input=data,
                         capture_output=True, check=True)
    return out.stdout.hex()


def pad4(data):
    return data + bytes(-len(data) % 4)


class Inputs:
    """The flash and OTP contents the bootmcu would read."""

    def __init__(self, build, d, tamper=False, rt_svn=0, otp=None,
                 fmc_edit=None, pl0_pauser=None, spin=False, soc_lms=False):
        tool = os.path.join(build, "caliptra-bundle")
        self.a35 = os.path.join(build, "caliptra-a35-demo.bin")
        self.ssp = os.path.join(d, "ssp.bin")
        with open(os.path.join(build, "caliptra-ssp-demo.bin"), "rb") as f:
            ssp = pad4(f.read())
        with open(self.ssp, "wb") as f:
            f.write(ssp)
        self.ssp_log = os.path.join(d, "ssp.log")
        # The flash holds images padded to 4 bytes: so do their digests.
        # spin: the A35 image only spins (for boots the monitor queries)
        with open(self.a35, "rb") as f:
            a35_flash = os.path.join(d, "a35.bin")
            with open(a35_flash, "wb") as g:
                g.write(SPIN if spin else pad4(f.read()))
        # Nothing at the reset vector: the A35 runs only what RVBAR names
        self.bios = os.path.join(d, "spin.bin")
        with open(self.bios, "wb") as f:
            f.write(SPIN)
        self.fmc = bytes((i * 29 + 3) & 0xFF for i in range(2048))
        self.rt = bytes((i * 31 + 7) & 0xFF for i in range(8192))
        for name, data in (("fmc.bin", self.fmc), ("rt.bin", self.rt),
                           ("bootmcu.bin", b"bootmcu runtime " * 256)):
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)
        self.bundle = os.path.join(d, "bundle.bin")
        self.fuses = os.path.join(d, "fuses.txt")
        self.manifest = os.path.join(d, "auth-manifest.bin")
        # The bootmcu's FMC, ASTH-signed with the OTP's SoC key(s);
        # fmc_edit damages it before it goes into the flash
        lms = ["--soc-lms"] if soc_lms else []
        bootmcu = os.path.join(d, "bootmcu-fmc.bin")
        subprocess.run([tool, "--asth", bootmcu, "--fmc-image",
                        os.path.join(d, "bootmcu.bin"), *lms], check=True,
                       capture_output=True)
        if fmc_edit:
            with open(bootmcu, "r+b") as f:
                asth = bytearray(f.read())
                fmc_edit(asth)
                f.seek(0)
                f.write(asth)
        self.images = (f"{BOOTMCU_FW_ID}={bootmcu}:{A35_FW_ID}={a35_flash}"
                       f":{SSP_FW_ID}={self.ssp}")
        images = ["--image", f"{BOOTMCU_FW_ID}={bootmcu}",
                  "--image", f"{A35_FW_ID}={a35_flash}",
                  "--image", f"{SSP_FW_ID}={self.ssp}"]
        self.flash = os.path.join(d, "flash.bin")
        self.otp = otp or os.path.join(d, "otp.bin")

        def run(*args, **kw):
            return subprocess.run([tool, *args], check=True, text=True,
                                  capture_output=True, **kw).stdout
        # The bootmcu's PAUSER is PL0, as in ASPEED's prebuilt bundles:
        # the A35's requests reach Caliptra through it (IPC). Tests that
        # use the A35's own port (PAUSER 1) give theirs.
        pl0 = BOOTMCU_PAUSER if pl0_pauser is None else pl0_pauser
        run("--fmc", os.path.join(d, "fmc.bin"),
            "--rt", os.path.join(d, "rt.bin"), "--pl0-pauser",
            f"0x{pl0:08x}",
            "--rt-svn", str(rt_svn), "-o", self.bundle)
        with open(self.fuses, "w") as f:
            f.write(run("--fuses", self.bundle))
            # caliptra-sw's default secrets: its golden identities follow
            f.write(fuse_line("FUSE_UDS_SEED", vector("caliptra_default_uds")))
            f.write(fuse_line("FUSE_FIELD_ENTROPY",
                              vector("caliptra_default_fe")))
        run("--auth-manifest", self.manifest, *images)
        if tamper:
            with open(self.bundle, "r+b") as f:
                f.seek(-1, os.SEEK_END)
                last = f.read(1)[0]
                f.seek(-1, os.SEEK_END)
                f.write(bytes([last ^ 1]))
        # The boot flash: FLSH at offset 0 of a blank 128 MiB part
        run("--flash", self.flash, "--caliptra-fw", self.bundle,
            "--soc-manifest", self.manifest, *images)
        with open(self.flash, "r+b") as f:
            f.truncate(FLASH_SIZE)
        # The OTP: the same secrets as the fuse file, secure boot strapped
        if not otp:
            key = vector("caliptra_default_obf_key")
            run("--otp", self.otp, "--caliptra-fw", self.bundle,
                "--secure-boot", *lms, "--obf-key-word", f"{key[0]:08x}",
                "--uds", plain_secret(vector("caliptra_default_uds"), key),
                "--field-entropy",
                plain_secret(vector("caliptra_default_fe"), key))

    def machine(self):
        """The inputs as files, for what the flash and OTP do not cover"""
        return ("ast2700fc,secure-boot=on"
                f",caliptra-bundle={self.bundle}"
                f",caliptra-fuses={self.fuses}"
                f",caliptra-auth-manifest={self.manifest}"
                f",caliptra-images={self.images}")

    def silicon_args(self):
        """As on silicon: a flash image and an OTP image, nothing else"""
        return ["-M", "ast2700fc",
                "-drive", f"file={self.flash},format=raw,if=mtd",
                "-blockdev", f"driver=file,filename={self.otp},node-name=otp",
                "-global", "aspeed-ast2700-otp.drive=otp"]


def qemu_cmd(build, inputs, extra, files=False):
    machine = ["-M", inputs.machine()] if files else inputs.silicon_args()
    return [os.path.join(build, "qemu-system-aarch64"), *machine,
            "-bios", inputs.bios,
            "-semihosting-config", "enable=on,target=native",
            "-display", "none", "-nodefaults", "-net", "none",
            "-trace", TRACE] + extra


def boot_good(build, d, show, inputs=None):
    """Boot; the A35 program exits by itself. Returns (rc, uart, log).
    The traces go to a file of their own: written from another thread
    than the A35's UART output, they would cut into its lines."""
    inputs = inputs or Inputs(build, d)
    trace = os.path.join(d, "trace.log")
    p = subprocess.Popen(qemu_cmd(build, inputs,
                                  ["-serial", "stdio",
                                   "-serial", f"file:{inputs.ssp_log}",
                                   "-D", trace]),
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, errors="replace")
    uart, log = [], []
    # An A35 that never exits (not released, or not running) is killed
    watchdog = threading.Timer(60, p.kill)
    watchdog.start()
    for line in p.stdout:
        line = line.rstrip("\r\n")
        (uart if line.startswith("A35:") else log).append(line)
        if show and "has no peer" not in line:
            print(("  uart | " if line.startswith("A35:") else "  qemu | ")
                  + line, flush=True)
    watchdog.cancel()
    rc = p.wait()
    with open(trace, errors="replace") as f:
        traced = f.read().splitlines()
    with open(inputs.ssp_log, errors="replace") as f:
        ssp = [l.rstrip("\r") for l in f.read().splitlines()]
    log += traced
    if show:
        for line in traced:
            print("  qemu | " + line, flush=True)
        for line in ssp:
            print("  ssp  | " + line, flush=True)
    return rc, uart + ssp, log, inputs


BOOTMCU_PROPS = ("state", "error", "error-code", "caliptra-flow-status")


def boot_tampered(build, d, show, inputs=None):
    """Boot a damaged bundle with the A35's real program; ask the monitor
    until the boot has failed (or released the cores), then for the
    bootmcu's properties; quit. Held: the A35 printed nothing."""
    inputs = inputs or Inputs(build, d, tamper=True)
    uart_log = os.path.join(d, "uart.log")
    out = boot_settled(build, inputs, os.path.join(d, "trace.log"),
                       [f"qom-get /machine/bootmcu {p}"
                        for p in BOOTMCU_PROPS],
                       serial=["-serial", f"file:{uart_log}"], apb=False)
    # Each answer is the line after the monitor's echo of its command
    answers = {}
    for prop in BOOTMCU_PROPS:
        echo = f"qom-get /machine/bootmcu {prop}"
        at = [i for i, l in enumerate(out[:-1]) if l.endswith(echo)]
        if at:
            answers[prop] = out[at[-1] + 1].strip('"')
    with open(uart_log, errors="replace") as f:
        uart = f.read()
    if show:
        for k, v in answers.items():
            if v.isdigit():
                v = f"0x{int(v):08x}"
            print(f"  qom-get /machine/bootmcu {k}: {v}")
        print(f"  A35 UART: {len(uart)} bytes")
    return answers, not uart, uart


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


def monitor_line(line):
    """A monitor line without readline's redraws of the command typed"""
    line = re.sub(r".*\x1b\[D", "", line)
    return re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", line).strip()


def otp_security_states(build, d):
    """The OTP's lifecycle and debug strap become Caliptra's security
    state through SCU1; in the manufacturing states the IDevID CSR lands
    in the bootmcu SRAM, the same as Caliptra hands out"""
    cases = [("unprovisioned", False, 0x0), ("manufacturing", False, 0x5),
             ("manufacturing", True, 0x1), ("production", False, 0x7)]
    checks, log = [], []
    for n, (lifecycle, unlocked, want) in enumerate(cases):
        sub = os.path.join(d, str(n))
        os.makedirs(sub)
        inputs = Inputs(build, sub, spin=True)
        tool = os.path.join(build, "caliptra-bundle")
        subprocess.run([tool, "--otp", inputs.otp, "--caliptra-fw",
                        inputs.bundle, "--secure-boot", "--lifecycle",
                        lifecycle] + (["--debug-unlocked"] if unlocked else []),
                       check=True, capture_output=True)
        out = boot_settled(build, inputs, os.path.join(sub, "trace.log"), [
            "qom-get /machine/bootmcu state", "xp /1xw 0x14c70044",
            "xp /1xw 0x14c02130", "xp /4xb 0x14bbf800"])
        text = "\n".join(out)
        log += out[-8:]
        m = re.search(r"0000000014c70044: (0x[0-9a-f]+)", text)
        ss = int(m.group(1), 16) & 7 if m else -1
        m = re.search(r"0000000014c02130: (0x[0-9a-f]+)", text)
        ctrl = int(m.group(1), 16) if m else -1
        csr = re.search(r"0000000014bbf800: 0x30 0x82", text) is not None
        checks += [
            ('"released"' in text, f"{lifecycle}: not released"),
            (ss == want, f"{lifecycle}: security state {ss}, not {want}"),
            (ctrl >= 0 and (ctrl >> 8) & 7 == want and ctrl & 1 and
             ctrl & (1 << 18), f"{lifecycle}: SCU1 CPTRA_CTRL 0x{ctrl:x}"),
            (csr == (lifecycle == "manufacturing"),
             f"{lifecycle}: CSR in SRAM {csr}"),
        ]
    return "/caliptra/ast2700fc/otp-security-states", checks, log


# The ASTH header and the OTP words fmc_verify reads (ASPEED's ROM:
# fmc_verify.h, otp_mem.h; aspeed_app's otp_info_ast2700.h)
ASTH_ECC_KEY_ID, ASTH_LMS_KEY_ID = 0x08, 0x0c
ASTH_ECC_SIG, ASTH_LMS_SIG = 0x10, 0x70
ASTH_LMS_OTS = ASTH_LMS_SIG + 4
OTP_KEY_HEADER_ECC = 0x1002                 # the tool's second key header
OTP_KEY_LMS = 0x1000 + 160 + 72             # the tool's SoC LMS key
MBOX_ECDSA_VERIFY, MBOX_LMS_VERIFY = 0x53494756, 0x4C4D5356  # SIGV, LMSV


def flip(offset):
    def edit(data):
        data[offset] ^= 1
    return edit


def otp_edit(path, word, value):
    with open(path, "r+b") as f:
        f.seek(2 * word)
        f.write(value.to_bytes(2, "little"))


# The fmc_verify cases: name, Inputs arguments, an OTP edit, the ROM's
# result (errno << 8 | syndrome: 0x80 secure boot, 0x40 ECDSA checked,
# 0x20 LMS checked, low five bits a masked negative errno), and the
# verify commands the mailbox must have seen
def key0(data):
    data[ASTH_ECC_KEY_ID] = 0


def lms_key2(data):
    data[ASTH_LMS_KEY_ID] = 2


FMC_CASES = [
    # ECDSA fails: the signature's r damaged
    ("bad-signature", dict(fmc_edit=flip(ASTH_ECC_SIG + 47)), None,
     0x3C0, [MBOX_ECDSA_VERIFY], 1),
    # Signed with SVN 0, the OTP's floor is 1: -ERR_HDR_ANTI_RBK (-2)
    ("bad-svn", {}, ("--otp-soc-fmc-svn", "1"), 0x4DE,
     [MBOX_ECDSA_VERIFY], 1),
    # OTP CONF2 enables LMS: ECDSA then LMS, both pass (the body hashed
    # for each, then the FMC itself)
    ("lms", dict(soc_lms=True), None, None,
     [MBOX_ECDSA_VERIFY, MBOX_LMS_VERIFY], 3),
    # One byte of the LM-OTS signature's C damaged: LMS fails
    ("bad-lms-signature", dict(soc_lms=True, fmc_edit=flip(ASTH_LMS_OTS + 8)),
     None, 0x3E0, [MBOX_ECDSA_VERIFY, MBOX_LMS_VERIFY], 2),
    # The OTP's LMS key is not LMS_SHA256_M24_H15: refused after the
    # body's digest, before any mailbox command (-EINVAL, no code)
    ("bad-lms-key-type", dict(soc_lms=True), ("lms-key-type",), 0x3E0,
     [MBOX_ECDSA_VERIFY], 2),
    # The header names LMS key 2, which the OTP does not have: no digest
    ("lms-key-missing", dict(soc_lms=True, fmc_edit=lms_key2), None, 0x3E0,
     [MBOX_ECDSA_VERIFY], 1),
    # Key id 0 with OTP CONF2 non-zero: not "low secure", the key is
    # skipped and none is found
    ("key-id-0", dict(fmc_edit=key0), ("key-id-0",), 0x3C0, [], 0),
]
# The bootmcu releasing Caliptra's SHA accelerator (1 into its LOCK)
SHA_RELEASE = "aspeed_ast27x0_bootmcu_apb wr 0x14c61000 0x00000001"


def boot_settled(build, inputs, trace, commands, serial=None, apb=True):
    """Boot with the traces (with @apb the bootmcu's every APB access
    among them) in @trace, so that they cannot cut into the monitor's
    answers, and the A35's UART on @serial (default: none; the inputs'
    A35 program, often one that only spins); ask the monitor for the
    bootmcu's state until it has released the cores or failed, then
    @commands. Returns the monitor's lines."""
    extra = serial or ["-serial", "null"]
    extra += ["-monitor", "stdio", "-D", trace]
    if apb:
        extra += ["-trace", "aspeed_ast27x0_bootmcu_apb"]
    cmd = qemu_cmd(build, inputs, extra)
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True,
                         errors="replace", bufsize=1)
    lines = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(l) for l in p.stdout],
                              daemon=True)
    reader.start()
    seen = []
    try:
        for _ in range(600):                # 60 s at most
            p.stdin.write("qom-get /machine/bootmcu state\n")
            p.stdin.flush()
            try:
                while True:
                    seen.append(monitor_line(lines.get(timeout=0.1)))
            except queue.Empty:
                pass
            if '"released"' in seen or '"failed"' in seen:
                break
        for c in commands + ["quit"]:
            p.stdin.write(c + "\n")
        p.stdin.flush()
    except BrokenPipeError:
        # QEMU is gone (a released A35 program exits it): what it said
        pass
    p.wait(timeout=30)
    reader.join(timeout=10)
    while not lines.empty():
        seen.append(monitor_line(lines.get()))
    return seen


def fmc_verify_case(build, d, name, args, otp_change, want, commands,
                    digests):
    """The bootmcu FMC's ASTH header through the BootMCU ROM's
    fmc_verify (stage Sb): ECDSA384_SIGNATURE_VERIFY with the OTP's SoC
    key, LMS_SIGNATURE_VERIFY when the OTP enables it, the SVN against
    RBP; a failure stops the boot with the ROM's result and GPIOQ1 high,
    a pass releases the cores"""
    os.makedirs(d)
    inputs = Inputs(build, d, spin=True, **args)
    if otp_change and otp_change[0].startswith("--"):
        subprocess.run([os.path.join(build, "caliptra-bundle"), "--otp",
                        inputs.otp, "--caliptra-fw", inputs.bundle,
                        "--secure-boot", *otp_change],
                       check=True, capture_output=True)
    elif otp_change == ("lms-key-type",):
        otp_edit(inputs.otp, OTP_KEY_LMS + 1, 0x0b00)   # H10, big-endian
    elif otp_change == ("key-id-0",):
        otp_edit(inputs.otp, OTP_KEY_HEADER_ECC, 0x10)  # SoC ECDSA, id 0
    trace = os.path.join(d, "trace.log")
    out = boot_settled(build, inputs, trace, [
        "qom-get /machine/bootmcu state", "qom-get /machine/bootmcu rom-stage",
        "qom-get /machine/bootmcu rom-result",
        "qom-get /machine/ca35/gpio gpioQ1"])
    text = "\n".join(out)
    with open(trace, errors="replace") as f:
        log = f.read().splitlines()
    sent = [int(m.group(1), 16) for l in log
            for m in [re.search(r"mailbox command (0x[0-9a-f]+)", l)] if m]
    verify = [c for c in sent if c in (MBOX_ECDSA_VERIFY, MBOX_LMS_VERIFY)]
    # Up to the FMC's verdict: before the images' authorization
    boot = log[:next((i for i, l in enumerate(log)
                      if "bootmcu FMC:" in l or "bootmcu_failed" in l),
                     len(log))]
    sha = sum(SHA_RELEASE in l for l in boot)
    checks = [(verify == commands,
               f"verify commands {[hex(c) for c in verify]}, not "
               f"{[hex(c) for c in commands]}"),
              (sha == digests, f"{sha} SHA accelerator uses, not {digests}")]
    if want is None:
        checks += [
            ('"released"' in text, "not released"),
            (any("verified (LMS too: 1)" in l for l in log),
             "FMC not verified with LMS"),
            (re.search(r"^false$", text, re.M) is not None, "GPIOQ1 high"),
        ]
    else:
        checks += [
            ('"failed"' in text, "not failed"),
            ('"Sb"' in text, "not stage Sb"),
            (re.search(rf"^{want}$", text, re.M) is not None,
             f"rom-result not 0x{want:x}"),
            (re.search(r"^true$", text, re.M) is not None, "GPIOQ1 not high"),
        ]
    return f"/caliptra/ast2700fc/fmc-verify-{name}", checks, out[-12:]


def svn_ratchet(build, d):
    """Anti-rollback across two runs of QEMU on one OTP image: a runtime
    with SVN 3 boots and the bootmcu ratchets the OTP; then SVN 2 is
    refused by Caliptra's ROM, as on silicon."""
    first, second = os.path.join(d, "svn3"), os.path.join(d, "svn2")
    os.makedirs(first)
    os.makedirs(second)
    new = Inputs(build, first, rt_svn=3)
    rc, uart, log, _ = boot_good(build, first, False, new)
    with open(new.otp, "rb") as f:
        otp = f.read()
    ratchet = int.from_bytes(otp[2 * OTP_RT_SVN_WORD:2 * OTP_RT_SVN_WORD + 2],
                             "little")
    old = Inputs(build, second, rt_svn=2, otp=new.otp)
    answers, held, _ = boot_tampered(build, second, False, old)
    code = int(answers.get("error-code", "0"), 0)
    checks = [
        (rc == 0, f"SVN 3 did not boot: exit status {rc}"),
        (ratchet == 0x7, f"OTP runtime SVN word 0x{ratchet:04x}, not 0x0007"),
        (answers.get("state") == "failed", f"state {answers.get('state')}"),
        (code == IMG_RUNTIME_SVN_LESS_THAN_FUSE, f"error code 0x{code:08x}"),
        (held, "the A35 ran the downgraded boot"),
    ]
    return "/caliptra/ast2700fc/otp-svn-ratchet", checks, log[-10:]


def ipc_requests(log, peer=1):
    """The commands the bootmcu's IPC service served a peer (1 the
    non-secure A35, 2 the SSP)"""
    return [int(m.group(1)) for l in log
            for m in [re.search(rf"ipc_reply peer {peer}: command (\d+)",
                                l)] if m]


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
        (any(f"authorize image fw_id {A35_FW_ID}: result 0xdeadc0de" in l
             for l in log), "A35 image not authorized"),
        (any(f"image fw_id {A35_FW_ID} loaded at 0x{A35_LOAD:x}" in l
             for l in log), "A35 image not loaded at TF-A's address"),
        (any("bootmcu FMC: SVN 0, 4096 bytes, verified" in l for l in log),
         "the bootmcu FMC was not verified (stage Sb)"),
        ("ECDSA384_VERIFY of a signed image: result 00000000, one byte "
         "changed: result ffffffff" in text, "the FIT-style check"),
        (ipc_requests(log) == IPC_REQUESTS,
         f"IPC requests {ipc_requests(log)}, not {IPC_REQUESTS}"),
        # The SSP ran the image the bootmcu authorized and copied into
        # its DRAM window, and reached Caliptra over IPC window 2
        (any(f"image fw_id {SSP_FW_ID} loaded at 0x{SSP_LOAD:x}" in l
             for l in log), "SSP image not loaded at its window"),
        (ipc_requests(log, 2) == SSP_IPC_REQUESTS,
         f"SSP IPC requests {ipc_requests(log, 2)}, not {SSP_IPC_REQUESTS}"),
        (f"SSP: FW_INFO: runtime svn 0, runtime SHA-384 {rt}" in text,
         "the SSP's FW_INFO"),
        (f'SSP: SHA384_DIGEST("abc") {hashlib.sha384(b"abc").hexdigest()}'
         in text, "the SSP's SHA-384 of abc"),
        ("A35: the SSP's IPC requests succeeded" in text,
         "the A35 did not see the SSP's result"),
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
    results.append(svn_ratchet(build, os.path.join(d, "ratchet")))
    results.append(otp_security_states(build, os.path.join(d, "states")))
    for case in FMC_CASES:
        results.append(fmc_verify_case(build, os.path.join(d, "fmc-" + case[0]),
                                       *case))

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
