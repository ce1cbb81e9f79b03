#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Tests of the caliptra-bundle tool, checked against independent tools:
# openssl verifies its signatures, Python's hashlib its digests and fuse
# values. Prints TAP. Usage: test-tool.sh BUILD [--tap -k]

set -uo pipefail
build=$1
tool=$build/caliptra-bundle
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0

tap() {
    n=$((n + 1))
    if [ "$1" = 0 ]; then
        echo "ok $n /caliptra/tool/$2"
    else
        echo "not ok $n /caliptra/tool/$2"
    fi
}

# Manifest word format back to big-endian bytes, and a DER ECDSA signature
py_sig() {
    python3 - "$@" <<'PY'
import sys
b = open(sys.argv[1], 'rb').read()
off = int(sys.argv[2], 0)
rs = b''.join(b[off + i:off + i + 4][::-1] for i in range(0, 96, 4))
def der_int(v):
    v = v.lstrip(b'\0') or b'\0'
    if v[0] & 0x80:
        v = b'\0' + v
    return b'\x02' + bytes([len(v)]) + v
body = der_int(rs[:48]) + der_int(rs[48:])
open(sys.argv[3], 'wb').write(b'\x30' + bytes([len(body)]) + body)
lo, hi = int(sys.argv[4], 0), int(sys.argv[5], 0)
open(sys.argv[6], 'wb').write(b[lo:hi])
PY
}

head -c 4096 /dev/urandom >"$tmp/fmc.bin"
head -c 8192 /dev/urandom >"$tmp/rt.bin"

"$tool" --fmc "$tmp/fmc.bin" --rt "$tmp/rt.bin" -o "$tmp/b.bin" >/dev/null
"$tool" --info "$tmp/b.bin" >"$tmp/info.txt"
tap $? create-info

# The bundle's layout, checked outside the tool
python3 - "$tmp/b.bin" "$tmp/fmc.bin" "$tmp/rt.bin" <<'PY'
import hashlib, struct, sys
b = open(sys.argv[1], 'rb').read()
fmc, rt = open(sys.argv[2], 'rb').read(), open(sys.argv[3], 'rb').read()
w = lambda o: struct.unpack_from('<I', b, o)[0]
swap = lambda x: b''.join(x[i:i + 4][::-1] for i in range(0, len(x), 4))
assert w(0) == 0x4E414D43 and w(4) == 5884 and len(b) == 5884 + len(fmc) + len(rt)
assert w(0x15A4) == 2
assert swap(b[0x15AC:0x15AC + 48]) == hashlib.sha384(b[0x162C:0x16FC]).digest()
for toc, img, off in ((0x162C, fmc, 5884), (0x1694, rt, 5884 + len(fmc))):
    assert w(toc + 48) == off and w(toc + 52) == len(img)
    assert b[off:off + len(img)] == img
    assert swap(b[toc + 56:toc + 104]) == hashlib.sha384(img).digest()
    assert 0x40000000 <= w(toc + 40) < 0x40020000
PY
tap $? layout

# Fuse values: SHA-384 of the key ranges, as big-endian register words
python3 - "$tmp/b.bin" >"$tmp/fuses.want" <<'PY'
import hashlib, sys
b = open(sys.argv[1], 'rb').read()
for name, lo, hi in (('FUSE_KEY_MANIFEST_PK_HASH', 0x8, 0x788),
                     ('FUSE_OWNER_PK_HASH', 0xE44, 0xED4)):
    h = hashlib.sha384(b[lo:hi]).digest()
    print(name + ''.join(' 0x' + h[i:i + 4].hex() for i in range(0, 48, 4)))
PY
"$tool" --fuses "$tmp/b.bin" >"$tmp/fuses.got"
cmp -s "$tmp/fuses.want" "$tmp/fuses.got"
tap $? fuses

# Signatures: openssl verifies them with the published fake public keys
"$tool" --info "$tmp/b.bin" >/dev/null
python3 - "$tmp" <<'PY'
import sys
d = sys.argv[1]
keys = {
 'vendor': ('c69fe67f97ea3e4221a7a6036c2e070d1657327bc3f1e7c18dccb9e4ffda5c3f'
            '4db0a1c0567e097317bf448439696a07',
            'c126b9135fc825728f1cd40319109430994fe3e874a8b026be14794d27789964'
            '7735fde8328afd84cd4d4aa872d40b42'),
 'owner': ('c6f82e2bdcf3e157a162e7f33eca35c455ea08a913811779b6f2646d92c817cd'
           '4094bd1adb215f62cf36f017012d5aeb',
           'a46745936cb5a37999b08264862b2c1c517f12c6573e1f947142291af9624bd7'
           '2733dcddce24ec5e961c00e34372ba17'),
}
# SubjectPublicKeyInfo for an uncompressed P-384 point
prefix = bytes.fromhex('3076301006072a8648ce3d020106052b81040022036200')
for name, (x, y) in keys.items():
    open(f'{d}/{name}.der', 'wb').write(prefix + b'\x04' + bytes.fromhex(x + y))
PY
py_sig "$tmp/b.bin" 0x790 "$tmp/vsig.der" 0x1590 0x1604 "$tmp/vmsg.bin"
py_sig "$tmp/b.bin" 0xed4 "$tmp/osig.der" 0x1590 0x162c "$tmp/omsg.bin"
openssl dgst -sha384 -keyform DER -verify "$tmp/vendor.der" \
    -signature "$tmp/vsig.der" "$tmp/vmsg.bin" >/dev/null 2>&1 &&
openssl dgst -sha384 -keyform DER -verify "$tmp/owner.der" \
    -signature "$tmp/osig.der" "$tmp/omsg.bin" >/dev/null 2>&1
tap $? signatures-openssl

# A key of one's own: made by openssl, given as d/x/y hex
openssl ecparam -name secp384r1 -genkey -noout -out "$tmp/k.pem" 2>/dev/null
openssl ec -in "$tmp/k.pem" -text -noout 2>/dev/null | python3 -c '
import re, sys
t = sys.stdin.read()
def field(name, nxt):
    s = re.search(name + r":\s*(.*?)" + nxt, t, re.S).group(1)
    return re.sub(r"[^0-9a-f]", "", s)
d = field("priv", "pub").rjust(96, "0")[-96:]
pub = field("pub", "ASN1")[2:]
print("d=" + d); print("x=" + pub[:96]); print("y=" + pub[96:])
' >"$tmp/owner.key"
"$tool" --fmc "$tmp/fmc.bin" --rt "$tmp/rt.bin" --owner-key "$tmp/owner.key" \
    -o "$tmp/b2.bin" >/dev/null && "$tool" --info "$tmp/b2.bin" >/dev/null &&
! cmp -s <("$tool" --fuses "$tmp/b.bin" | tail -1) \
          <("$tool" --fuses "$tmp/b2.bin" | tail -1)
tap $? owner-key-file

# Tampering shows in --info
cp "$tmp/b.bin" "$tmp/bad.bin"
printf '\x01' | dd of="$tmp/bad.bin" bs=1 seek=$((0x15a0)) conv=notrunc 2>/dev/null
! "$tool" --info "$tmp/bad.bin" >"$tmp/bad.txt" && grep -q "vendor ECC signature *BAD" "$tmp/bad.txt"
tap $? info-detects-tampering

# Bad input is refused, not crashed on
head -c 100 /dev/zero >"$tmp/short.bin"
! "$tool" --info "$tmp/short.bin" >/dev/null && ! "$tool" --fuses "$tmp/short.bin" 2>/dev/null &&
! "$tool" --fmc "$tmp/fmc.bin" -o "$tmp/x.bin" 2>/dev/null &&
! "$tool" --fmc "$tmp/fmc.bin" --rt "$tmp/rt.bin" --vendor-idx 1 -o "$tmp/x.bin" >/dev/null 2>&1
tap $? bad-input

# The AST2700 boot flash image: layout and CRC-32s checked with zlib; the
# images in the manifest's order (fw_id 1 as id 3, the others from 0x1000)
head -c 1000 /dev/urandom >"$tmp/mcu.bin"
head -c 777 /dev/urandom >"$tmp/bmc.bin"
head -c 64 /dev/urandom >"$tmp/uefi.bin"
"$tool" --auth-manifest "$tmp/am.bin" --image 12="$tmp/bmc.bin" \
    --image 1="$tmp/mcu.bin" --image 9="$tmp/uefi.bin" >/dev/null &&
"$tool" --flash "$tmp/flash.bin" --caliptra-fw "$tmp/b.bin" \
    --soc-manifest "$tmp/am.bin" --image 1="$tmp/mcu.bin" \
    --image 12="$tmp/bmc.bin" >/dev/null &&
python3 - "$tmp/flash.bin" "$tmp/b.bin" "$tmp/am.bin" "$tmp/mcu.bin" \
    "$tmp/bmc.bin" <<'PY'
import struct, sys, zlib
f, fw, am, mcu, bmc = (open(p, 'rb').read() for p in sys.argv[1:])
magic, ver, count, hcrc, pcrc = struct.unpack_from('<4sHHII', f)
assert magic == b'FLSH' and ver == 1 and count == 5, (magic, ver, count)
assert hcrc == zlib.crc32(f[:8]) and pcrc == zlib.crc32(f[16:])
ents = [struct.unpack_from('<III', f, 16 + 12 * i) for i in range(count)]
pad = lambda b: b + bytes(-len(b) % 4)
want = [(1, fw), (2, am), (0x1000, pad(bmc)), (3, pad(mcu)), (0x1001, b'')]
assert [e[0] for e in ents] == [w[0] for w in want], ents
off = 16 + 12 * count
for (ident, o, size), (_, data) in zip(ents, want):
    assert o == off and size == len(pad(data)) and f[o:o + size] == pad(data)
    off += size
assert off == len(f)
PY
tap $? flash-image

# The AST2700 OTP image: every field where aspeed_app's tables put it, the
# key hashes as --fuses gives them, the secrets obfuscated so that openssl
# (AES-256-CBC, Caliptra's DOE IV, the key the bootmcu ROM hands over: OTP
# key word 0, then zeros) gives them back
uds=$(head -c 48 /dev/urandom | od -An -tx1 | tr -d ' \n')
fe=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
"$tool" --otp "$tmp/otp.bin" --caliptra-fw "$tmp/b.bin" --uds "$uds" \
    --field-entropy "$fe" --obf-key-word 11223344 --lifecycle manufacturing \
    --debug-unlocked --secure-boot --otp-rt-svn 5 --otp-fmc-svn 18 >/dev/null &&
"$tool" --fuses "$tmp/b.bin" >"$tmp/otp-fuses.txt" &&
python3 - "$tmp/otp.bin" "$tmp/otp-fuses.txt" "$uds" "$fe" <<'PY'
import struct, subprocess, sys
otp = open(sys.argv[1], 'rb').read()
fuses = dict((l.split()[0], [int(x, 16) for x in l.split()[1:]])
             for l in open(sys.argv[2]))
assert len(otp) == 0x4000
w = lambda a: struct.unpack_from('<H', otp, 2 * a)[0]
l = lambda a: w(a) | w(a + 1) << 16
be = lambda words: b''.join(x.to_bytes(4, 'big') for x in words)
assert (w(0x402) >> 8) & 3 == 1                     # CONF2 LCS: manufacturing
assert w(0x400) & (1 << 14)                         # PUF programmed
assert w(0x423) & 1                                 # strap bit 16: secure boot
assert w(0x432) & w(0x43a) & (1 << 11)              # EN_CPTRA_DBG, valid
assert l(0x3e8) == (1 << 18) - 1 and l(0x3ea) == 0x1f and l(0x3ec) == 0
assert otp[2 * 0x1c12:2 * 0x1c12 + 48] == be(fuses['FUSE_KEY_MANIFEST_PK_HASH'])
h = l(0x1000)                                       # key header 0
assert (h >> 4) & 7 == 4 and h & 0xf == 0
off = 0x1000 + ((h >> 16) & 0xfff)
assert otp[2 * off:2 * off + 48] == be(fuses['FUSE_OWNER_PK_HASH'])
assert l(0x1fd8) == 0x11223344
def plain(word, n):
    ct = b''.join(otp[2 * word + i:2 * word + i + 4][::-1]
                  for i in range(0, n, 4))
    return subprocess.run(['openssl', 'enc', '-d', '-aes-256-cbc', '-nopad',
                           '-K', '11223344' + '00' * 28,
                           '-iv', 'fb10365ba1179741fba193a10f406d7e'],
                          input=ct, capture_output=True, check=True).stdout
assert plain(0x1fc0, 48).hex() == sys.argv[3]
assert plain(0x1c02, 32).hex() == sys.argv[4]
PY
tap $? otp-image

# --info tells whether a bundle can boot with LMS verification on
"$tool" --fmc "$tmp/fmc.bin" --rt "$tmp/rt.bin" --lms-test-keys \
    -o "$tmp/lms.bin" >/dev/null &&
"$tool" --info "$tmp/lms.bin" >"$tmp/lms.txt" &&
grep -q "^vendor LMS keys present *0$" "$tmp/lms.txt" &&
grep -q "^vendor LMS signature *q [0-9]*, LMS type 12, OTS type 7" "$tmp/lms.txt" &&
grep -q "^boots with FUSE_LMS_VERIFY *if its LMS signatures verify" "$tmp/lms.txt" &&
grep -q "^boots with FUSE_LMS_VERIFY *no" "$tmp/info.txt" &&
grep -q "^vendor LMS keys present *none" "$tmp/info.txt"
tap $? info-lms
