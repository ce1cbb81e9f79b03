/*
 * ASPEED AST2700 bootmcu sequencer: the authorized images loaded, the
 * cores released through SCU0
 *
 * Once Caliptra has authorized every SoC image, ASPEED's bootmcu
 * firmware copies each to the DRAM address its role has, points the A35
 * cores' RVBAR at Trusted Firmware-A and U-Boot's entry into the first
 * SMP entry-point pair, sets CA35_REL, and then takes the SSP and the TSP
 * out of reset with their images mapped at their address 0. This file
 * does the same register writes, through SCU0, on the bootmcu's bus.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "system/address-spaces.h"
#include "hw/misc/aspeed_scu.h"
#include "aspeed_bootmcu_cptra.h"
#include "aspeed_bootmcu_release.h"
#include "trace.h"

/* SCU0 (the CPU die's SCU), as the bootmcu's firmware writes it */
#define SCU0_CA35_REL           0x10C
#define  CA35_REL_EN            (1u << 0)
#define SCU0_CA35_RVBAR0        0x110   /* one per core, address >> 4 */
#define SCU0_SSP_CTRL0          0x120
#define SCU0_SSP_CTRL2          0x128   /* DRAM behind SSP address 0, >> 4 */
#define SCU0_TSP_CTRL0          0x160
#define SCU0_TSP_CTRL1          0x168   /* DRAM behind TSP address 0, >> 4 */
#define  CM4_CTRL_ENABLE        (1u << 0)
#define  CM4_CTRL_RESET         (1u << 1)
#define  CM4_CTRL_DBG_ENABLE    (1u << 2)
#define  CM4_CTRL_DBGEN         (1u << 3)
#define  CM4_CTRL_NIDEN         (1u << 4)
#define  CM4_CTRL_RESET_STS     (1u << 8)
#define SCU0_SYS_RST_CTRL1      0x200
#define SCU0_SYS_RST_CLR1       0x204
#define  SYS_RST1_SSP           (1u << 30)
#define SCU0_SYS_RST_CTRL2      0x220
#define SCU0_SYS_RST_CLR2       0x224
#define  SYS_RST2_TSP           (1u << 9)
#define SCU0_SMP_EP0            0x780   /* 64-bit, one pair per core */
#define A35_CORES               4

/*
 * ASPEED's manifest numbering (cptra_imgtool's configs) and where the
 * bootmcu firmware puts each image, as the A35 sees DRAM
 */
#define FW_ID_ATF               10
#define FW_ID_OPTEE             11
#define FW_ID_UBOOT             12
#define LOAD_ATF                0x430000000ULL
#define LOAD_OPTEE              0x430080000ULL
#define LOAD_UBOOT              0x400000000ULL
#define LOAD_SSP                0x42C000000ULL
#define LOAD_TSP                0x42E000000ULL

static const struct {
    uint32_t ctrl0;
    uint32_t remap;
    uint32_t rst;
    uint32_t rst_clr;
    uint32_t rst_bit;
    uint64_t load;
} bootmcu_cm4[] = {
    [ASPEED_SCU_CM4_SSP] = { SCU0_SSP_CTRL0, SCU0_SSP_CTRL2,
                             SCU0_SYS_RST_CTRL1, SCU0_SYS_RST_CLR1,
                             SYS_RST1_SSP, LOAD_SSP },
    [ASPEED_SCU_CM4_TSP] = { SCU0_TSP_CTRL0, SCU0_TSP_CTRL1,
                             SCU0_SYS_RST_CTRL2, SCU0_SYS_RST_CLR2,
                             SYS_RST2_TSP, LOAD_TSP },
};

static uint64_t bootmcu_load_address(AspeedBootmcuSeqState *s,
                                     uint32_t fw_id)
{
    if (fw_id == s->ssp_fw_id) {
        return LOAD_SSP;
    }
    if (fw_id == s->tsp_fw_id) {
        return LOAD_TSP;
    }
    switch (fw_id) {
    case FW_ID_ATF:
        return LOAD_ATF;
    case FW_ID_OPTEE:
        return LOAD_OPTEE;
    case FW_ID_UBOOT:
        return LOAD_UBOOT;
    }
    return 0;   /* the bootmcu's own, DDR PHY and DP firmware: not here */
}

/*
 * Caliptra authorized the images the sequence has stepped past (the step
 * is what migrates); without a manifest, or with Caliptra disabled, none
 */
static bool bootmcu_authorized(AspeedBootmcuSeqState *s, unsigned i)
{
    return i < s->step && i < s->num_images && s->image[i].data;
}

/* False if the image's DRAM range is not memory: the cores stay held */
bool bootmcu_load_image(AspeedBootmcuSeqState *s, unsigned i)
{
    const AspeedBootmcuImage *img = &s->image[i];
    uint64_t addr = bootmcu_load_address(s, img->fw_id);

    if (!addr || !bootmcu_authorized(s, i)) {
        return true;
    }
    trace_aspeed_bootmcu_load(img->fw_id, addr, img->len);
    if (address_space_write(&s->as, addr, MEMTXATTRS_UNSPECIFIED, img->data,
                            img->len) != MEMTX_OK) {
        qemu_log_mask(LOG_GUEST_ERROR, "bootmcu: image fw_id %u (%zu bytes) "
                      "does not fit at 0x%" PRIx64 "\n", img->fw_id, img->len,
                      addr);
        return false;
    }
    return true;
}

static bool bootmcu_has_image(AspeedBootmcuSeqState *s, uint32_t fw_id)
{
    for (unsigned i = 0; i < s->num_images; i++) {
        if (s->image[i].fw_id == fw_id && bootmcu_authorized(s, i)) {
            return true;
        }
    }
    return false;
}

/*
 * RVBAR to TF-A and U-Boot's entry for it to find; without a TF-A image
 * RVBAR keeps its reset value and the A35 starts where QEMU's own boot
 * path (-bios, the vbootrom) puts its code
 */
void bootmcu_release_a35(AspeedBootmcuSeqState *s)
{
    if (bootmcu_has_image(s, FW_ID_UBOOT)) {
        bootmcu_wr(&s->scu0, SCU0_SMP_EP0, (uint32_t)LOAD_UBOOT);
        bootmcu_wr(&s->scu0, SCU0_SMP_EP0 + 4, LOAD_UBOOT >> 32);
    }
    for (int i = 1; i < A35_CORES; i++) {
        bootmcu_wr(&s->scu0, SCU0_SMP_EP0 + 8 * i, 0);
        bootmcu_wr(&s->scu0, SCU0_SMP_EP0 + 8 * i + 4, 0);
    }
    if (bootmcu_has_image(s, FW_ID_ATF)) {
        for (int i = 0; i < A35_CORES; i++) {
            bootmcu_wr(&s->scu0, SCU0_CA35_RVBAR0 + 4 * i, LOAD_ATF >> 4);
        }
    }
    bootmcu_wr(&s->scu0, SCU0_CA35_REL, CA35_REL_EN);
    trace_aspeed_bootmcu_release(ASPEED_BOOTMCU_RELEASE_A35);
    s->released |= BIT(ASPEED_BOOTMCU_RELEASE_A35);
}

/*
 * A coprocessor whose image was authorized and that is still in reset is
 * reset through SYS_RST (CTRL0.RESET keeping it held after), given its
 * DRAM window and let go by ENABLE
 */
void bootmcu_release_cm4(AspeedBootmcuSeqState *s, unsigned core)
{
    const AspeedBootmcuWindow *scu0 = &s->scu0;
    uint32_t ctrl = CM4_CTRL_NIDEN | CM4_CTRL_DBGEN | CM4_CTRL_DBG_ENABLE |
                    CM4_CTRL_RESET;
    uint32_t fw_id = core == ASPEED_SCU_CM4_SSP ? s->ssp_fw_id : s->tsp_fw_id;

    assert(core < ARRAY_SIZE(bootmcu_cm4));
    if (!bootmcu_has_image(s, fw_id)) {
        return;
    }
    if (!(bootmcu_rd(scu0, bootmcu_cm4[core].ctrl0) & CM4_CTRL_RESET_STS)) {
        return;     /* already running */
    }
    bootmcu_wr(scu0, bootmcu_cm4[core].rst, bootmcu_cm4[core].rst_bit);
    bootmcu_wr(scu0, bootmcu_cm4[core].rst_clr, bootmcu_cm4[core].rst_bit);
    bootmcu_wr(scu0, bootmcu_cm4[core].ctrl0, ctrl);
    bootmcu_wr(scu0, bootmcu_cm4[core].remap, bootmcu_cm4[core].load >> 4);
    bootmcu_wr(scu0, bootmcu_cm4[core].ctrl0, ctrl | CM4_CTRL_ENABLE);
    trace_aspeed_bootmcu_release(ASPEED_BOOTMCU_RELEASE_SSP + core);
    s->released |= BIT(ASPEED_BOOTMCU_RELEASE_SSP + core);
}
