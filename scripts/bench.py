#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""`make bench`: how fast the Caliptra model answers, through the machine.

Every figure is taken over QEMU's qtest protocol, so each MMIO access pays
a socket round trip; the baseline (plain SCU register reads) measures that
cost, and the ratios say how much the model adds on top of it.

Usage: bench.py BUILD_DIR
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import demo  # noqa: E402  (same directory: the qtest driver and mailbox)


def timed(fn, n):
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t0) / n


def main():
    q = demo.QTest(os.path.join(sys.argv[1], "qemu-system-aarch64"))
    soc = demo.SOC
    q.writel(soc + demo.FUSE_WR_DONE, 1)
    for _ in range(100):
        st = q.readl(soc + demo.TRNG_STATUS)
        if st & 1 and not st & 2:
            for i in range(12):
                q.writel(soc + demo.TRNG_DATA + 4 * i, i)
            q.writel(soc + demo.TRNG_STATUS, 2)
        if q.readl(soc + demo.FLOW_STATUS) & demo.READY_FOR_FW:
            break
        q.step(1000)

    base = timed(lambda: q.readl(demo.SCU_SILICON_ID), 2000)
    reg = timed(lambda: q.readl(soc + demo.FLOW_STATUS), 2000)
    caps = timed(lambda: demo.mbox_exec(q, demo.CMD_CAPABILITIES), 200)

    size = 64 * 1024
    sha = demo.BASE + 0x1000

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

    print(f"qtest MMIO round trip (SCU read)  {base * 1e6:8.1f} us")
    print(f"Caliptra register read            {reg * 1e6:8.1f} us"
          f"   ratio {reg / base:5.2f}")
    # 13 accesses at least: LOCK, CMD, DLEN, DATAIN, EXECUTE, STATUS,
    # DLEN, 6 x DATAOUT, EXECUTE
    print(f"mailbox CAPABILITIES transaction  {caps * 1e6:8.1f} us"
          f"   ratio {caps / base:5.2f} (>= 14 accesses)")
    words = size // 4 + 6
    print(f"SHA-384 stream of 64 KiB          {t_sha * 1e3:8.1f} ms"
          f"   {size / t_sha / 1024:.0f} KiB/s,"
          f" ratio per access {t_sha / words / base:5.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
