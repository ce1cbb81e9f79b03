#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The DICE certificates of the model, checked by openssl (make check).

Boots ast2700fc under the qtest accelerator with caliptra-sw's default
UDS and field entropy, loads a bundle made by the bundle tool, fetches
the LDevID, FMC alias and runtime alias certificates (and the FMC
alias CSR) over the mailbox and has openssl parse them and verify the chain LDevID -> FMC alias ->
runtime alias (the LDevID as trust anchor); then DPE's CertifyKey
certificate of the default context under the runtime alias, and its
CSR: the CMS signed by the runtime alias key, the CSR self-signed.
Prints TAP.

Usage: test-certs.py BUILD_DIR [--tap -k]
"""

import os
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (the qtest protocol driver)
import demo   # noqa: E402  (the bundle, fuses and manifest)

CERTS = (("ldevid", 0x4C444556), ("fmc-alias", 0x43455246),
         ("rt-alias", 0x43455252))
INVOKE_DPE = 0x44504543
DPE_CERTIFY_KEY, FORMAT_X509, FORMAT_CSR = 9, 0, 1


def certify_key(c, fmt):
    """INVOKE_DPE_COMMAND CertifyKey of the default context"""
    cmd = struct.pack("<III", 0x44504543, DPE_CERTIFY_KEY, 4)
    cmd += bytes(16) + struct.pack("<II", 0, fmt) + bytes(range(48))
    status, resp = c.mbox(INVOKE_DPE, struct.pack("<I", len(cmd)) + cmd)
    dpe = resp[12:]
    if status != 1 or struct.unpack("<I", dpe[4:8])[0] != 0:
        raise RuntimeError(f"CertifyKey format {fmt}: status {status}")
    size = struct.unpack("<I", dpe[124:128])[0]
    return dpe[128:128 + size]


def fetch(build, d):
    q = bench.QTest(os.path.join(build, "qemu-system-aarch64"))
    try:
        c = bench.boot_runtime(q, demo.Inputs(build, d, pl0_pauser=1))
        paths = {}
        for name, cmd in CERTS:
            status, resp = c.mbox(cmd, b"")
            if status != 1:
                raise RuntimeError(f"{name}: status {status}")
            size = struct.unpack("<I", resp[8:12])[0]
            paths[name] = os.path.join(d, name + ".der")
            with open(paths[name], "wb") as f:
                f.write(resp[12:12 + size])
        status, resp = c.mbox(0x464D4352, b"")       # GET_FMC_ALIAS_CSR
        if status != 1:
            raise RuntimeError(f"fmc-alias-csr: status {status}")
        size = struct.unpack("<I", resp[8:12])[0]
        paths["fmc-alias-csr"] = os.path.join(d, "fmc-alias-csr.der")
        with open(paths["fmc-alias-csr"], "wb") as f:
            f.write(resp[12:12 + size])
        for name, fmt in (("dpe-leaf", FORMAT_X509), ("dpe-cms", FORMAT_CSR)):
            paths[name] = os.path.join(d, name + ".der")
            with open(paths[name], "wb") as f:
                f.write(certify_key(c, fmt))
        return paths
    finally:
        q.quit()


def openssl(*args):
    return subprocess.run(["openssl", *args], capture_output=True, text=True)


def tlv(b, off):
    """The DER element at @off: (tag, content start, end)"""
    tag, n, hdr = b[off], b[off + 1], 2
    if n & 0x80:
        hdr = 2 + (n & 0x7F)
        n = int.from_bytes(b[off + 2:off + hdr], "big")
    return tag, off + hdr, off + hdr + n


def children(b, start, end):
    out = []
    while start < end:
        t = tlv(b, start)
        out.append(t)
        start = t[2]
    return out


def check_cms(path, rt_alias_pem, d):
    """CertifyKey's CSR format: a CMS SignedData around a PKCS#10 CSR.

    caliptra-dpe (1.2) writes the signer's subject key identifier as a
    [0] tag around a whole OCTET STRING (caliptra-sw's own test skips
    those two bytes), so openssl cms cannot find the signer by it: the
    signature is checked with openssl dgst instead, after openssl has
    parsed the structure.
    """
    with open(path, "rb") as f:
        b = f.read()
    steps = [openssl("cms", "-cmsout", "-print", "-inform", "der",
                     "-in", path)]
    _, s, e = tlv(b, 0)                         # ContentInfo
    _, s, e = children(b, s, e)[1]              # [0]
    _, s, e = tlv(b, s)                         # SignedData
    sd = children(b, s, e)
    _, s, e = children(b, sd[2][1], sd[2][2])[1]    # eContent [0]
    _, s, e = tlv(b, s)                         # OCTET STRING: the CSR
    csr = os.path.join(d, "dpe-csr.der")
    with open(csr, "wb") as f:
        f.write(b[s:e])
    si = children(b, *children(b, sd[3][1], sd[3][2])[0][1:])
    sid = b[si[1][1]:si[1][2]]
    sig = os.path.join(d, "dpe-cms-sig.der")
    with open(sig, "wb") as f:
        f.write(b[si[4][1]:si[4][2]])
    pub = os.path.join(d, "rt-alias-pub.pem")
    steps.append(openssl("x509", "-in", rt_alias_pem, "-pubkey", "-noout",
                         "-out", pub))
    ski = openssl("x509", "-in", rt_alias_pem, "-noout", "-ext",
                  "subjectKeyIdentifier")
    want = ski.stdout.split("\n")[1].strip().replace(":", "").lower()
    steps += [openssl("dgst", "-sha384", "-verify", pub, "-signature", sig,
                      csr),
              openssl("req", "-inform", "der", "-in", csr, "-verify",
                      "-noout")]
    ok = all(o.returncode == 0 for o in steps) and \
        sid[:2] == b"\x04\x14" and sid[2:].hex() == want
    return ok, "".join(o.stdout + o.stderr for o in steps) + \
        f"sid {sid.hex()} want {want}\n"


def main():
    build = sys.argv[1]
    results = []
    with tempfile.TemporaryDirectory() as d:
        try:
            der = fetch(build, d)
        except (RuntimeError, OSError) as e:
            print("not ok 1 /caliptra/dice/openssl-chain")
            print(f"# {e}")
            print("1..1")
            return 1
        pem = {}
        cms = der.pop("dpe-cms")
        fmc_csr = der.pop("fmc-alias-csr")
        out = openssl("req", "-inform", "der", "-in", fmc_csr, "-verify",
                      "-noout")
        results.append(("/caliptra/dice/openssl-fmc-alias-csr",
                        out.returncode == 0, out.stdout + out.stderr))
        for name, path in der.items():
            pem[name] = path[:-4] + ".pem"
            out = openssl("x509", "-inform", "der", "-in", path,
                          "-out", pem[name])
            results.append((f"/caliptra/dice/openssl-parse-{name}",
                            out.returncode == 0, out.stderr))
        chain = [
            openssl("verify", "-partial_chain", "-trusted", pem["ldevid"],
                    pem["fmc-alias"]),
            openssl("verify", "-partial_chain", "-trusted", pem["ldevid"],
                    "-untrusted", pem["fmc-alias"], pem["rt-alias"]),
        ]
        results.append(("/caliptra/dice/openssl-chain",
                        all(o.returncode == 0 for o in chain),
                        "".join(o.stdout + o.stderr for o in chain)))
        # DPE's leaf: its TCG DICE extensions are critical, unknown to openssl
        leaf = openssl("verify", "-partial_chain", "-ignore_critical",
                       "-trusted", pem["ldevid"], "-untrusted",
                       pem["fmc-alias"], "-untrusted", pem["rt-alias"],
                       pem["dpe-leaf"])
        results.append(("/caliptra/dpe/openssl-leaf-chain",
                        leaf.returncode == 0, leaf.stdout + leaf.stderr))
        results.append(("/caliptra/dpe/openssl-csr",) +
                       check_cms(cms, pem["rt-alias"], d))
    failed = 0
    for n, (name, ok, log) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {n} {name}")
        if not ok:
            failed += 1
            for line in log.splitlines()[-10:]:
                print(f"# {line}")
    print(f"1..{len(results)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
