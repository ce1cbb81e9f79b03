/*
 * Caliptra 1.2 runtime: the state of its DICE Protection Environment
 *
 * caliptra-dpe (the revision caliptra-sw 1.2 pins) keeps a flat table of
 * contexts linked into trees by parent index and child bitmap; each
 * holds a TCI node (the measurements of one component). This is that
 * table, as the runtime keeps it in its persistent data across warm and
 * update resets.
 *
 * Copyright (c) 2026 The caliptra-qemu authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_CALIPTRA_DPE_H
#define HW_MISC_CALIPTRA_DPE_H

#include "migration/vmstate.h"

/* The 1.2 runtime builds DPE with ARBITRARY_MAX_HANDLES=32 */
#define CALIPTRA_DPE_MAX_HANDLES    32
#define CALIPTRA_DPE_HANDLE         16
#define CALIPTRA_DPE_HASH           48      /* profile P384_SHA384 */
#define CALIPTRA_DPE_EXPORTED_CDI   32
#define CALIPTRA_DPE_ROOT_INDEX     0xff

typedef enum CaliptraDpeState {
    CALIPTRA_DPE_INACTIVE,
    CALIPTRA_DPE_ACTIVE,
    CALIPTRA_DPE_RETIRED,
} CaliptraDpeState;

typedef enum CaliptraDpeType {
    CALIPTRA_DPE_NORMAL,
    CALIPTRA_DPE_SIMULATION,
} CaliptraDpeType;

typedef struct CaliptraDpeContext {
    uint8_t handle[CALIPTRA_DPE_HANDLE];
    /* TciNodeData */
    uint32_t tci_type;
    uint8_t tci_cumulative[CALIPTRA_DPE_HASH];
    uint8_t tci_current[CALIPTRA_DPE_HASH];
    uint32_t tci_locality;
    uint32_t children;          /* bitmap of context indexes */
    uint32_t locality;
    uint8_t parent_idx;         /* CALIPTRA_DPE_ROOT_INDEX for a root */
    uint8_t type;               /* CaliptraDpeType */
    uint8_t state;              /* CaliptraDpeState */
    bool internal_info;         /* the DPE's profile is measured in */
    bool internal_dice;         /* the certificate chain is measured in */
    bool allow_ca;
    bool allow_x509;
} CaliptraDpeContext;

/*
 * The exported-CDI slot (one in 1.2): the CDI DeriveContext exported and
 * the random handle that names it. Runtime RAM: lost on any reset.
 */
typedef struct CaliptraDpeExport {
    bool used;
    uint8_t handle[CALIPTRA_DPE_EXPORTED_CDI];
    uint8_t cdi[CALIPTRA_DPE_HASH];
} CaliptraDpeExport;

typedef struct CaliptraDpe {
    CaliptraDpeContext ctx[CALIPTRA_DPE_MAX_HANDLES];
    bool has_initialized;       /* the default context was made */
} CaliptraDpe;

extern const VMStateDescription vmstate_caliptra_dpe;
extern const VMStateDescription vmstate_caliptra_dpe_export;

#endif /* HW_MISC_CALIPTRA_DPE_H */
