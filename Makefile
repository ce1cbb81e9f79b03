# SPDX-License-Identifier: GPL-2.0-or-later
#
# Native Caliptra 1.2 model for QEMU's ast2700fc machine.
#
#   make run       build, then boot ast2700fc through Caliptra (the demo)
#   make run-tampered  the same with a damaged bundle: the A35 stays held
#   make check     build (and an ASan+UBSan tree), then run every test, and
#                  our tests again under the sanitizers; ends with
#                  "N passed, N failed"
#   make patches   export the change as a checkpatch-clean patch series
#   make bench     build, then print performance figures
#   make fuzz      build, then run the libFuzzer harnesses of fuzz/ for
#                  FUZZ_SECONDS each (default 60; FUZZ_TARGETS= picks some)
#   make coverage  build a gcov tree, run make check's tests on it and
#                  print the line coverage of the model's files
#
# QEMU_SRC=/path/to/qemu   use that QEMU 10.2.x tree instead of the pinned base
# CRYPTO=gcrypt|nettle     build QEMU's crypto layer on that library alone
#                          (its own build tree; make check then skips the
#                          sanitizer run); default: QEMU's own choice, gnutls
# CACHE_DIR=...            where the base, work copy, build and ccache live

CACHE_DIR ?= $(HOME)/.cache/caliptra-qemu
QEMU_SRC ?=
BISECT ?=
CRYPTO ?=

ifeq ($(QEMU_SRC),)
BASE := $(CACHE_DIR)/base
TREE := $(CACHE_DIR)
else
BASE := $(abspath $(QEMU_SRC))
TREE := $(CACHE_DIR)/custom-$(shell echo '$(BASE)' | sha256sum | cut -c1-12)
endif
WORK := $(TREE)/src
BUILD := $(TREE)/build$(if $(CRYPTO),-$(CRYPTO))
# ASan + UBSan, for the sanitizer part of make check
BUILD_SAN := $(TREE)/build-san
# gcov, for make coverage
BUILD_COV := $(TREE)/build-cov

export CACHE_DIR
export CCACHE_DIR := $(CACHE_DIR)/ccache

S := scripts

.PHONY: all setup base overlay build build-san run run-tampered check patches \
	bench fuzz coverage clean-build

all: build

setup:
	@bash $(S)/setup-host.sh

base: setup
ifeq ($(QEMU_SRC),)
	@bash $(S)/get-base.sh $(BASE)
else
	@test -f $(BASE)/VERSION || { echo "QEMU_SRC=$(QEMU_SRC) is not a QEMU tree" >&2; exit 1; }
endif

overlay: base
	@bash $(S)/overlay.sh $(BASE) $(WORK)

build: overlay
	@CRYPTO=$(CRYPTO) bash $(S)/build.sh $(WORK) $(BUILD) \
		$(shell bash $(S)/check.sh --targets)

build-san: overlay
	@SANITIZE=1 bash $(S)/build.sh $(WORK) $(BUILD_SAN) \
		$(shell CHECK_SANITIZE=1 bash $(S)/check.sh --targets)

run: build
	@python3 $(S)/demo.py $(BUILD)

run-tampered: build
	@python3 $(S)/demo.py $(BUILD) --tampered

check: build $(if $(CRYPTO),,build-san)
	@bash $(S)/check.sh $(BUILD) $(if $(CRYPTO),,$(BUILD_SAN))

patches: overlay
	@python3 $(S)/export-patches.py $(WORK) $(TREE)/export $(if $(BISECT),--bisect)

bench: build
	@python3 $(S)/bench.py $(BUILD)

fuzz: build
	@python3 $(S)/fuzz.py $(BUILD) $(WORK)

# The fuzz harnesses are clang's and are left out; the figure is the rest
coverage: overlay
	@COVERAGE=1 bash $(S)/build.sh $(WORK) $(BUILD_COV) \
		$(shell bash $(S)/check.sh --targets)
	@find $(BUILD_COV) -name '*.gcda' -delete
	@CHECK_NO_FUZZ=1 bash $(S)/check.sh $(BUILD_COV) || true
	@python3 $(S)/coverage.py $(BUILD_COV) $(CURDIR)

clean-build:
	rm -rf $(BUILD) $(BUILD_SAN) $(BUILD_COV)
