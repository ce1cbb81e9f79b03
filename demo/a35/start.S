/*
 * Entry of the A35 demo program: loaded by the bootmcu where TF-A goes,
 * it is where the A35 cores start (SCU0's RVBAR) once released.
 * Core 0 runs main(); the others park. main()'s result is handed to
 * QEMU as the exit code through semihosting (SYS_EXIT).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

    .section .text.start, "ax"
    .global _start
_start:
    mrs     x0, mpidr_el1
    and     x0, x0, #0xff
    cbnz    x0, park
    ldr     x1, =stack_top
    mov     sp, x1
    bl      main
    /* SYS_EXIT with ADP_Stopped_ApplicationExit and main()'s result */
    adr     x1, exit_block
    mov     x2, #0x26
    movk    x2, #2, lsl #16
    str     x2, [x1]
    str     x0, [x1, #8]
    mov     x0, #0x18
    hlt     #0xf000
park:
    wfe
    b       park

    .balign 8
exit_block:
    .quad   0, 0
