/*
 * The helpers of demo.h, for the bare-metal demo programs
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "demo.h"

/* No libc: the few helpers the compiler may also call on its own */
void *memset(void *d, int c, size_t n)
{
    unsigned char *p = d;

    while (n--) {
        *p++ = c;
    }
    return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
    unsigned char *p = d;
    const unsigned char *q = s;

    while (n--) {
        *p++ = *q++;
    }
    return d;
}

void putc_(char c)
{
    while (!(rd(demo_uart + UART_LSR) & UART_LSR_THRE)) {
    }
    wr(demo_uart, c);
}

void puts_(const char *s)
{
    while (*s) {
        if (*s == '\n') {
            putc_('\r');
        }
        putc_(*s++);
    }
}

void hex(uint32_t v, int digits)
{
    for (int i = digits - 1; i >= 0; i--) {
        putc_("0123456789abcdef"[(v >> (4 * i)) & 0xf]);
    }
}

void dec(uint32_t v)
{
    char buf[11];
    int n = 0;

    do {
        buf[n++] = '0' + v % 10;
        v /= 10;
    } while (v);
    while (n) {
        putc_(buf[--n]);
    }
}

uint32_t get32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

void put32(uint8_t *p, uint32_t v)
{
    p[0] = v;
    p[1] = v >> 8;
    p[2] = v >> 16;
    p[3] = v >> 24;
}

/* Caliptra's checksum: 0 minus the byte sum of command id and data */
uint32_t checksum(uint32_t cmd, const uint8_t *data, size_t len)
{
    uint32_t sum = 0;

    for (int i = 0; i < 4; i++) {
        sum += (cmd >> (8 * i)) & 0xff;
    }
    while (len--) {
        sum += *data++;
    }
    return -sum;
}

/*
 * One request as ASPEED's clients send it (U-Boot's cptra_ipc_trigger,
 * then cptra_ipc_receive): the bootmcu must have enabled the id, the last
 * message must be taken; the message, TRIG; then the reply's result word.
 * The bootmcu wrote the shared windows meanwhile: a compiler barrier.
 */
int32_t ipc_call(uintptr_t window, uint32_t cmd, uint32_t in, uint32_t out)
{
    uintptr_t tx = window, rx = window + IPC_REPLY;
    int32_t result;

    wr(rx + IPC_ENABLE, rd(rx + IPC_ENABLE) | 1u << CPTRA_IPC_ID);
    while (!(rd(tx + IPC_ENABLE) & 1u << CPTRA_IPC_ID) ||
           (rd(tx + IPC_STATUS) & 1u << CPTRA_IPC_ID)) {
    }
    wr(tx + IPC_DATA, cmd);
    wr(tx + IPC_DATA + 4, in);
    wr(tx + IPC_DATA + 8, out);
    for (int i = 3; i < 8; i++) {
        wr(tx + IPC_DATA + 4 * i, 0);
    }
    wr(tx + IPC_TRIG, 1u << CPTRA_IPC_ID);
    while (!(rd(rx + IPC_STATUS) & 1u << CPTRA_IPC_ID)) {
    }
    result = rd(rx + IPC_DATA);
    wr(rx + IPC_STATUS, 1u << CPTRA_IPC_ID);
    __asm__ volatile("" ::: "memory");
    return result;
}
