#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""libFuzzer campaigns over the Caliptra model's pure parts.

Usage: fuzz.py BUILD WORK [--smoke]

Builds each harness of fuzz/ with clang (-fsanitize=fuzzer,address,
undefined) from the model's own sources in WORK (the overlaid QEMU tree),
linked with the QEMU objects BUILD made for the model's unit tests, and
runs it for FUZZ_SECONDS (default 60) on a corpus kept in
BUILD/../fuzz/corpus/TARGET, seeded from the project's tools. Prints per
target: executions, executions per second, coverage (libFuzzer's edge
count and features), corpus size and findings (inputs that crashed,
leaked or broke an invariant, kept in BUILD/../fuzz/findings/TARGET).
With --smoke each target runs for FUZZ_SMOKE_SECONDS (default 5) and the
output is TAP (/caliptra/tool/fuzz/TARGET), for make check.
"""

import glob
import json
import os
import re
import shlex
import shutil
import struct
import subprocess
import sys

STUB = 'STUB'
HARNESS = 'fuzz/'       # a file of the harnesses' own
BUILT = 'build/'        # a file the QEMU build generated
DICE_SET = ['caliptra-dpe.c', 'caliptra-dpe-cert.c', 'caliptra-dpe-crypto.c',
            'caliptra-dice.c', 'caliptra-cert.c', 'caliptra-crypto.c',
            'caliptra-der.c', 'caliptra-x509.c']
TARGETS = {
    'verify': ['caliptra-verify.c', 'caliptra-lms.c', STUB],
    'lms': ['caliptra-lms.c'],
    'auth-manifest': ['caliptra-auth-manifest.c', 'caliptra-verify.c',
                      'caliptra-lms.c', STUB],
    'dpe': DICE_SET,
    'x509': DICE_SET,
    # The mailbox dispatcher over the uC stub: the firmware layers above
    # the register blocks, trace points included; ECDSA verification is the
    # harness's choice (STUB brings caliptra-crypto.c with it)
    'runtime': [f for f in DICE_SET if f != 'caliptra-crypto.c'] + [
                           STUB, 'caliptra-runtime.c', 'caliptra-runtime-dpe.c',
                           'caliptra-auth-manifest.c', 'caliptra-verify.c',
                           'caliptra-lms.c', 'caliptra-pcr.c', 'caliptra-dv.c',
                           'caliptra-kv.c', 'caliptra-msg.c', 'caliptra-fmc.c',
                           'caliptra-identity.c', 'caliptra-uc.c',
                           HARNESS + 'fuzz-uc-stub.c',
                           BUILT + 'trace/trace-hw_misc_caliptra.c'],
    # The ROM's dispatcher and reset flows over the same stub
    'rom': [f for f in DICE_SET if f != 'caliptra-crypto.c'] + [
                       STUB, 'caliptra-rom.c', 'caliptra-verify.c',
                       'caliptra-lms.c', 'caliptra-pcr.c', 'caliptra-kv.c',
                       'caliptra-msg.c', 'caliptra-identity.c',
                       'caliptra-uc.c', HARNESS + 'fuzz-uc-stub.c',
                       BUILT + 'trace/trace-hw_misc_caliptra.c'],
}
# Flags of QEMU's gcc build that clang does not take
DROP = {'-Werror', '-Wimplicit-fallthrough=2', '-Wold-style-declaration',
        '-Wshadow=local', '-fzero-call-used-regs=used-gpr', '-Winvalid-pch',
        '-MD', '-c', '-O2', '-ftrivial-auto-var-init=zero'}
DROP_ARG = {'-MQ', '-MF', '-o'}
SAN = ['-fsanitize=address,undefined', '-fno-sanitize-recover=undefined']


def unit_test_recipe(build):
    """Compile flags and link inputs of a model unit test, from meson."""
    cc = json.load(open(os.path.join(build, 'compile_commands.json')))
    cmd = next(e['command'] for e in cc
               if e['file'].endswith('tests/unit/test-caliptra-dpe.c'))
    words = shlex.split(cmd)[1:]
    flags, skip = [], False
    for w in words:
        if skip:
            skip = False
            continue
        if w in DROP_ARG:
            skip = True
            continue
        if w in DROP or w.endswith('.c'):
            continue
        flags.append(w)
    ninja = open(os.path.join(build, 'build.ninja')).read()
    m = re.search(r'^build tests/unit/test-caliptra-dpe: c_LINKER (.*?)(?: \||$)'
                  r'.*?\n LINK_ARGS = (.*?)$', ninja, re.M | re.S)
    objs = [o for o in m.group(1).split()
            if not o.startswith('tests/unit/test-caliptra-dpe.p/')]
    return flags, objs, shlex.split(m.group(2))


def build_target(name, srcs, build, work, fuzz_dir, out_dir, recipe):
    flags, objs, link = recipe
    cflags = (['clang'] + flags + ['-O1', '-g', '-Wno-unknown-warning-option',
                                   '-fsanitize=fuzzer-no-link'] + SAN +
              ['-iquote', os.path.join(work, 'hw/misc/caliptra'),
               '-iquote', fuzz_dir])
    units = [os.path.join(fuzz_dir, 'fuzz-%s.c' % name)]
    wrap = []
    for s in srcs:
        if s == STUB:
            # The real helpers, their ECDSA verification wrapped
            units += [os.path.join(fuzz_dir, 'fuzz-crypto-stub.c'),
                      os.path.join(work, 'hw/misc/caliptra',
                                   'caliptra-crypto.c')]
            wrap = ['-Wl,--wrap=caliptra_ecdsa_p384_verify']
        elif s.startswith(HARNESS):
            units.append(os.path.join(fuzz_dir, s[len(HARNESS):]))
        elif s.startswith(BUILT):
            units.append(os.path.join(build, s[len(BUILT):]))
        else:
            units.append(os.path.join(work, 'hw/misc/caliptra', s))
    made = []
    for u in units:
        o = os.path.join(out_dir, name + '-' + os.path.basename(u) + '.o')
        subprocess.run(cflags + ['-c', u, '-o', o], cwd=build, check=True)
        made.append(o)
    exe = os.path.join(out_dir, 'fuzz-' + name)
    subprocess.run(['clang', '-fsanitize=fuzzer'] + SAN + made + objs + link +
                   wrap + ['-o', exe], cwd=build, check=True)
    return exe


HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, '..')

# DPE command bodies (profile 0x44504543 headers added by the caller):
# DeriveContext from the default context, CertifyKey of the new one
DPE_DERIVE = bytes(16) + bytes([7]) * 48 + struct.pack('<III', 0, 0, 1)
DPE_CERTIFY = bytes(16) + struct.pack('<I', 0) + bytes(48) + \
    struct.pack('<I', 0)


def harness_commands(name):
    """The 4-character ids of fuzz-NAME.c's commands[], in its order"""
    src = open(os.path.join(ROOT, 'fuzz', 'fuzz-%s.c' % name)).read()
    api = open(os.path.join(ROOT, 'include/hw/misc/caliptra_api.h')).read()
    value = dict(re.findall(r'#define (CALIPTRA_CMD_\w+)\s+(0x[0-9a-f]+)',
                            api))
    body = re.search(r'commands\[\] = \{(.*?)\};', src, re.S).group(1)
    return [struct.pack('>I', int(value[n], 16)).decode()
            for n in re.findall(r'CALIPTRA_CMD_\w+', body)]


def tool_run(tool, tmp, args):
    """Run caliptra-bundle; its output file's bytes, or None without it"""
    if not os.access(tool, os.X_OK):
        return None
    out = os.path.join(tmp, 'out.bin')
    subprocess.run([tool] + args(out), check=True, stdout=subprocess.DEVNULL)
    return open(out, 'rb').read()


def tool_bundle(tool, tmp):
    """A Caliptra 1.2 firmware bundle over two small images"""
    for n in ('fmc', 'rt'):
        with open(os.path.join(tmp, n + '.bin'), 'wb') as f:
            f.write(bytes(range(256)) * 4)
    return tool_run(tool, tmp, lambda out: [
        '--fmc', os.path.join(tmp, 'fmc.bin'),
        '--rt', os.path.join(tmp, 'rt.bin'), '-o', out])


def tool_manifest(tool, tmp):
    """An SoC auth manifest listing one image, fw_id 12"""
    img = os.path.join(tmp, 'img.bin')
    with open(img, 'wb') as f:
        f.write(b'image' * 100)
    return tool_run(tool, tmp, lambda out: [
        '--auth-manifest', out, '--image', '12=' + img])


# AUTHORIZE_AND_STASH's body: fw_id 12, measurement, context, flags, source
AUTHORIZE_FW_12 = struct.pack('<I', 12) + bytes(100) + struct.pack('<II', 0, 1)


def mailbox_commands(name):
    """An encoder of fuzz-NAME.c's commands: op byte, DLEN, request"""
    ids = harness_commands(name)
    # Each command's request size, checksum included (4: no body); a
    # tag is its id's bytes (DPE_TAG_TCI's spell "TQGT", whatever
    # caliptra-sw's comment says)
    size = {'MEAS': 108, 'SIGV': 4 + 4 * 48, 'LMSV': 4 + 48 + 1620,
            'ATSH': 116, 'PCRE': 4 + 4 + 48, 'PCRR': 8, 'TQGT': 24,
            'GTGD': 8, 'CKEX': 80, 'SWEE': 84, 'IDEP': 4 + 4 + 64,
            'ALTN': 4 + 4 + 16}

    def cmd(tag, body=b'', flags=0, tail=b''):
        body = body or bytes(size.get(tag, 4) - 4)
        req = bytes(4) + body
        return (bytes([ids.index(tag) | flags]) +
                struct.pack('<H', len(req)) + req + tail)
    return ids, cmd


def seeds(name, build, corpus):
    """A few inputs made by the project's tools, so runs start deep."""
    os.makedirs(corpus, exist_ok=True)
    tool = os.path.join(build, 'caliptra-bundle')
    tmp = os.path.join(corpus, '..', 'tmp-' + name)
    os.makedirs(tmp, exist_ok=True)

    def put(tag, data):
        with open(os.path.join(corpus, 'seed-' + tag), 'wb') as f:
            f.write(data)

    def dpe(cmd_id, body=b''):
        c = struct.pack('<III', 0x44504543, cmd_id, 4) + body
        return struct.pack('<I', len(c)) + c

    if name == 'verify':
        bundle = tool_bundle(tool, tmp)
        if bundle:
            put('cold', b'\xe0' + bytes(28) + bundle)
            put('update', b'\xf0' + bytes(28 + 97) + bundle)
            put('lms', b'\xe4' + bytes(28) + bundle)
    elif name == 'auth-manifest':
        man = tool_manifest(tool, tmp)
        if man:
            req = bytes(4) + struct.pack('<I', len(man)) + man
            aas = bytes(4) + AUTHORIZE_FW_12
            put('manifest', b'\x00' + struct.pack('<I', len(req)) + req +
                aas)
    elif name == 'dpe':
        put('cmds', b'\x01' + b'\x00\x00\x00\x00' +
            b'\x00\x02' + struct.pack('<H', len(DPE_DERIVE)) + DPE_DERIVE +
            b'\x00\x03' + struct.pack('<H', len(DPE_CERTIFY)) + DPE_CERTIFY)
    elif name == 'lms':
        # The unit test's vector: its key, a signature, the message
        src = open(os.path.join(ROOT, 'tests/unit',
                                'test-caliptra-lms.c')).read()

        def array(n):
            body = re.search(r'\b%s\[\d+\] = \{(.*?)\};' % n, src, re.S)
            return bytes(int(x, 16) for x in
                         re.findall(r'0x([0-9a-fA-F]{2})', body.group(1)))
        msg = re.search(r'message\[\] = "(.*?)"', src).group(1).encode()
        put('vector', array('pubkey') + array('sig_a') + msg)
        put('zero', bytes(48 + 1620 + 48))
    elif name == 'runtime':
        # Each command's request is followed by the SHA accelerator's digest
        ids, enc = mailbox_commands(name)

        def cmd(tag, body=b''):
            return enc(tag, body, tail=bytes(48))
        for t in ids:
            put('cmd-' + t, b'\x00' + cmd(t))
        put('dpe', b'\x00' + cmd('DPEC', dpe(1)) +
            cmd('DPEC', dpe(8, DPE_DERIVE)) +
            cmd('DPEC', dpe(9, DPE_CERTIFY)) + cmd('TQGT') + cmd('GTGD'))
        put('stash', b'\x00' + cmd('MEAS') + cmd('PCRE') + cmd('PCRQ') +
            cmd('DSBL') + cmd('CERR') + cmd('FPSD'))
        man = tool_manifest(tool, tmp)
        if man:
            put('manifest', b'\x00' +
                cmd('ATMN', struct.pack('<I', len(man)) + man) +
                cmd('ATSH', AUTHORIZE_FW_12))
    elif name == 'rom':
        # fuzz-rom.c: flags, fuses (mask, 2 SVNs, anti-rollback, LMS
        # revocation), then commands; unprovisioned parts take the bundle
        ids, cmd = mailbox_commands(name)
        fuses = bytes(1 + 4 + 4 + 1 + 4)
        unprov = bytes([0x10])
        for t in ids:
            put('cmd-' + t, unprov + fuses + cmd(t))
        put('stash', unprov + fuses + cmd('MEAS') * 9)
        put('self-test', unprov + fuses + cmd('FPLT') + cmd('FPLT') +
            cmd('FPLg') + cmd('FPLg') + cmd('FPVR') + cmd('CAPS'))
        put('csr', bytes([0x18]) + fuses + cmd('IDCR') + cmd('FPSD'))
        # Booted from scratch: ITRNG off, the CSR asked for while the SoC
        # holds the mailbox
        secrets = bytes(48 + 32 + 32)     # UDS, field entropy, obf key
        put('scratch', bytes([0x50]) + fuses + bytes([0x28]) + secrets +
            cmd('FPVR'))
        bundle = tool_bundle(tool, tmp)
        if bundle:
            big = struct.pack('<I', len(bundle))

            def load(flags=0):
                return (bytes([ids.index('FWLD') | flags]) + b'\xff\xff' +
                        big + bundle)
            # Cold boot, then update resets (op bits 5-6 pick the reset)
            put('load', unprov + fuses + load() + load() + load(0x40))
            put('load-prod', bytes([0x20]) + fuses + load() + load())
    elif name == 'x509':
        put('pattern', bytes((i * 13) & 0xff for i in range(2048)))
    shutil.rmtree(tmp, ignore_errors=True)


def run_target(name, exe, corpus, findings, seconds):
    os.makedirs(findings, exist_ok=True)
    before = set(os.listdir(findings))
    p = subprocess.run([exe, '-max_total_time=%d' % seconds,
                        '-print_final_stats=1', '-timeout=25',
                        '-rss_limit_mb=4096', '-max_len=140000',
                        '-artifact_prefix=' + findings + '/', corpus],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, errors='replace')
    out = p.stdout
    stat = dict(re.findall(r'^stat::(\w+):\s+(\d+)', out, re.M))
    cov = re.findall(r'cov: (\d+) ft: (\d+) corp: (\d+)', out)
    new = sorted(set(os.listdir(findings)) - before)
    return {
        'rc': p.returncode,
        'execs': int(stat.get('number_of_executed_units', 0)),
        'rate': int(stat.get('average_exec_per_sec', 0)),
        'cov': cov[-1] if cov else ('0', '0', '0'),
        'findings': new,
        'tail': out.strip().splitlines()[-15:],
    }


# QEMU's generic-fuzz over the whole machine (tests/qtest/fuzz), in a tree
# of its own: too long a build for make check's smoke run
MACHINE_TARGET = 'machine'
MACHINE_CONFIG = 'generic-fuzz-ast2700fc-caliptra'


def build_machine(build, work):
    """qemu-fuzz-aarch64 in BUILD/../build-fuzz (clang, --enable-fuzzing)"""
    fuzz_build = os.path.join(os.path.dirname(build), 'build-fuzz')
    scripts = HERE
    subprocess.run(['bash', os.path.join(scripts, 'build.sh'), work,
                    fuzz_build, 'qemu-fuzz-aarch64'], check=True,
                   env=dict(os.environ, FUZZING='1'),
                   stdout=subprocess.DEVNULL)
    exe = os.path.join(fuzz_build, 'qemu-fuzz-aarch64')
    wrapper = os.path.join(fuzz_build, 'fuzz-' + MACHINE_TARGET)
    with open(wrapper, 'w') as f:
        f.write('#!/bin/sh\nexec %s --fuzz-target=%s "$@"\n'
                % (shlex.quote(exe), MACHINE_CONFIG))
    os.chmod(wrapper, 0o755)
    return wrapper


def main():
    build, work = sys.argv[1], sys.argv[2]
    smoke = '--smoke' in sys.argv
    seconds = int(os.environ.get('FUZZ_SMOKE_SECONDS' if smoke else
                                 'FUZZ_SECONDS', '5' if smoke else '60'))
    only = os.environ.get('FUZZ_TARGETS', '').split()
    fuzz_dir = os.path.join(ROOT, 'fuzz')
    root = os.path.join(build, '..', 'fuzz')
    out_dir = os.path.join(root, 'bin')
    os.makedirs(out_dir, exist_ok=True)
    recipe = unit_test_recipe(build)
    n = bad = 0
    for name, srcs in TARGETS.items():
        if only and name not in only:
            continue
        n += 1
        corpus = os.path.join(root, 'corpus', name)
        findings = os.path.join(root, 'findings', name)
        try:
            exe = build_target(name, srcs, build, work, fuzz_dir, out_dir,
                               recipe)
        except subprocess.CalledProcessError:
            bad += 1
            print('not ok %d /caliptra/tool/fuzz/%s (does not build)'
                  % (n, name) if smoke else 'fuzz-%s: does not build' % name)
            continue
        if not (os.path.isdir(corpus) and os.listdir(corpus)):
            seeds(name, build, corpus)
        r = run_target(name, exe, corpus, findings, seconds)
        line = ('fuzz-%s: %d executions, %d/s, coverage %s edges %s '
                'features, corpus %s, findings %d'
                % (name, r['execs'], r['rate'], r['cov'][0], r['cov'][1],
                   r['cov'][2], len(r['findings'])))
        ok = r['rc'] == 0 and not r['findings'] and r['execs'] > 0
        if not ok:
            bad += 1
        if smoke:
            print('%s %d /caliptra/tool/fuzz/%s' % ('ok' if ok else 'not ok',
                                                   n, name))
            print('# ' + line)
        else:
            print(line)
        if not ok:
            for f in r['findings']:
                print('#   finding: %s' % os.path.join(findings, f))
            for t in r['tail']:
                print('#   ' + t)
    if not smoke and (not only or MACHINE_TARGET in only):
        n += 1
        corpus = os.path.join(root, 'corpus', MACHINE_TARGET)
        findings = os.path.join(root, 'findings', MACHINE_TARGET)
        os.makedirs(corpus, exist_ok=True)
        try:
            exe = build_machine(build, work)
        except subprocess.CalledProcessError:
            bad += 1
            print('fuzz-%s: does not build' % MACHINE_TARGET)
            exe = None
        if exe:
            # QEMU's own leaks and reports are not ours (as in make check)
            supp = os.path.join(HERE, 'sanitizers')
            os.environ['LSAN_OPTIONS'] = ('suppressions=%s/lsan.supp:'
                                          'print_suppressions=0' % supp)
            os.environ['UBSAN_OPTIONS'] = ('halt_on_error=1:print_stacktrace=1:'
                                           'suppressions=%s/ubsan.supp' % supp)
            r = run_target(MACHINE_TARGET, exe, corpus, findings, seconds)
            print('fuzz-%s (%s): %d executions, %d/s, coverage %s edges %s '
                  'features, corpus %s, findings %d'
                  % (MACHINE_TARGET, MACHINE_CONFIG, r['execs'], r['rate'],
                     r['cov'][0], r['cov'][1], r['cov'][2],
                     len(r['findings'])))
            if r['rc'] != 0 or r['findings'] or not r['execs']:
                bad += 1
                for f in r['findings']:
                    print('#   finding: %s' % os.path.join(findings, f))
                for t in r['tail']:
                    print('#   ' + t)
    if smoke:
        print('1..%d' % n)
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
