/*
 * ASPEED AST2700 bootmcu sequencer: the bootmcu's Caliptra boot duties
 *
 * A stand-in for the AST2700's RISC-V boot microcontroller until QEMU can
 * host one next to the Cortex-A35: see docs/system/arm/caliptra.rst.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_ARM_ASPEED_BOOTMCU_H
#define HW_ARM_ASPEED_BOOTMCU_H

#include "hw/sysbus.h"
#include "qemu/timer.h"
#include "qom/object.h"
#include "hw/nvram/aspeed_ast27x0_otp.h"

#define TYPE_ASPEED_BOOTMCU_SEQ "aspeed.bootmcu-seq"
OBJECT_DECLARE_SIMPLE_TYPE(AspeedBootmcuSeqState, ASPEED_BOOTMCU_SEQ)

/* Raised when the bootmcu firmware takes over, its boot duties done */
#define ASPEED_BOOTMCU_SEQ_FIRMWARE "firmware"
/* Raised when the bootmcu FMC fails fmc_verify: GPIOQ1 on the AST2700 */
#define ASPEED_BOOTMCU_SEQ_SECURE_BOOT_FAIL "secure-boot-fail"
/*
 * Inputs for Caliptra's output pins: any change makes the sequence look
 * at Caliptra at once rather than at its next poll
 */
#define ASPEED_BOOTMCU_SEQ_WAKE "caliptra-event"
#define ASPEED_BOOTMCU_SEQ_WAKE_NUM 8
/*
 * The cores the sequence releases (bits of its "released" property): the
 * SSP and the TSP only when their images were authorized (see the
 * "ssp-fw-id"/"tsp-fw-id" properties)
 */
enum {
    ASPEED_BOOTMCU_RELEASE_A35,
    ASPEED_BOOTMCU_RELEASE_SSP,
    ASPEED_BOOTMCU_RELEASE_TSP,
    ASPEED_BOOTMCU_RELEASE_NUM,
};

/*
 * A window of the bootmcu's bus (Caliptra's APB window, SCU1, SCU0): where
 * it is, and the words in it that are secrets, whose values the bootmcu's
 * access trace never shows
 */
typedef struct AspeedBootmcuWindow {
    AddressSpace *as;
    hwaddr base;
    hwaddr secret;              /* offset of the first secret word */
    hwaddr secret_len;          /* 0: none */
} AspeedBootmcuWindow;

typedef struct AspeedBootmcuFuse {
    uint32_t offset;            /* in soc_ifc_reg */
    uint32_t value;
} AspeedBootmcuFuse;

/* ASPEED's manifest numbers the UEFI image 9: it is not measured */
#define ASPEED_FW_ID_UEFI       9

typedef struct AspeedBootmcuImage {
    uint32_t fw_id;
    uint8_t digest[48];         /* SHA-384 of the image file */
    uint8_t *data;              /* what is loaded once it is authorized */
    size_t len;
} AspeedBootmcuImage;

struct AspeedBootmcuSeqState {
    SysBusDevice parent_obj;

    /* Properties */
    MemoryRegion *memory;       /* the bootmcu's view of the SoC */
    AspeedAst27x0OtpState *otp; /* fuses, straps, obfuscation key */
    uint64_t caliptra_base;
    char *bundle_path;
    char *fuses_path;
    char *manifest_path;
    char *images;               /* "ID=FILE[:ID=FILE...]" */
    uint32_t ssp_fw_id;
    uint32_t tsp_fw_id;
    uint32_t timeout_ms;        /* per step, in virtual time */
    uint64_t csr_addr;          /* where the IDevID CSR goes, 0: nowhere */
    uint64_t scu_base;          /* SCU1, Caliptra's power and reset */
    uint64_t cpu_scu_base;      /* SCU0, the cores' release */
    uint64_t flash_base;        /* the boot flash, memory-mapped */

    AddressSpace as;
    AspeedBootmcuWindow cptra;
    AspeedBootmcuWindow scu1;
    AspeedBootmcuWindow scu0;
    QEMUTimer timer;
    qemu_irq secure_boot_fail;
    qemu_irq firmware;

    /*
     * What the bootmcu reads from its flash and OTP: the file properties'
     * at realize, what the flash holds at each power-on for the rest
     */
    bool inputs_loaded;
    uint8_t *bundle;
    size_t bundle_len;
    uint8_t *manifest;
    size_t manifest_len;
    AspeedBootmcuFuse *fuses;
    unsigned num_fuses;
    AspeedBootmcuImage *image;
    unsigned num_images;
    uint8_t *fmc_image;         /* fw_id 1, the bootmcu's own: Sb checks it */
    size_t fmc_image_len;
    bool fmc_from_flash;

    /* Sequence state */
    uint32_t state;
    uint32_t step;              /* image being authorized; those below are */
    bool mbox_sent;             /* a mailbox command awaits its answer */
    uint32_t fmc_sig;           /* stage Sb's signature check, FMC_SIG_* */
    uint32_t failure;
    uint32_t error_code;        /* Caliptra's, where it gave one */
    uint32_t failed_state;
    uint8_t rom_errno;          /* the BootMCU ROM's stage result */
    uint8_t rom_syndrome;
    bool csr_taken;             /* the IDevID CSR is in the SRAM */
    bool bypassed;              /* DIS_CPTRA: Caliptra left off */
    uint32_t fw_info_rt_svn;    /* what FW_INFO reported */
    uint32_t fw_info_fmc_svn;
    uint32_t interval_ns;       /* poll period, backs off while idle */
    int64_t deadline_ns;        /* of the current step */
    uint32_t released;          /* cores released, bitmap */
};

/*
 * The bootmcu firmware's Caliptra IPC service (ASPEED's Zephyr cptra_ipc):
 * once the secure boot has released the cores, it takes requests from the
 * A35 and the SSP through IPC1 and runs them on Caliptra. Its GPIO input
 * "run" is raised when the bootmcu firmware starts.
 */
#define TYPE_ASPEED_BOOTMCU_IPC "aspeed.bootmcu-ipc"
OBJECT_DECLARE_SIMPLE_TYPE(AspeedBootmcuIpcState, ASPEED_BOOTMCU_IPC)

#define ASPEED_BOOTMCU_IPC_RUN  "run"

struct AspeedBootmcuIpcState {
    SysBusDevice parent_obj;

    /* Properties */
    MemoryRegion *memory;       /* the bootmcu's view of the SoC */
    uint64_t caliptra_base;
    uint64_t ipc_base;          /* IPC1 */

    AddressSpace as;
    AspeedBootmcuWindow cptra;
    QEMUTimer timer;

    bool running;               /* the firmware serves requests */
    int32_t peer;               /* whose request is served, or -1 */
    uint32_t cmd;               /* the request: command, in, out */
    uint32_t in_addr;
    uint32_t out_addr;
    uint32_t phase;             /* where the command is */
    int64_t deadline_ns;        /* of a driver's bounded lock wait */
    uint32_t served;            /* requests answered, for the monitor */

    /* The one SHA session of ASPEED's driver, shared by every peer */
    bool sha_open;
    /*
     * The driver's in_use flag left set by a lock wait that ran out: no
     * session, but every later SHA384_INIT and SHA384_DIGEST is refused
     */
    bool sha_stuck;
    uint32_t sha_algo;
    uint32_t sha_dlen;          /* DLEN as written to the accelerator */
    uint32_t sha_len;           /* of the update being streamed */
    uint32_t sha_done;
    uint32_t sha_in;
    uint32_t sha_out;
};

#endif /* HW_ARM_ASPEED_BOOTMCU_H */
