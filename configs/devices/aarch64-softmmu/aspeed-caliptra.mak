# Lean device set for building ast2700fc with the Caliptra model.
# Not part of the exported series: build tooling only.
#
# ASPEED_SOC alone does not link or start the ast2700 machines: upstream's
# Kconfig misses these selects, which a default build hides.
CONFIG_ASPEED_SOC=y
CONFIG_ARM_GIC=y
CONFIG_PCIE_PORT=y
CONFIG_USB_EHCI_SYSBUS=y
CONFIG_OR_IRQ=y
CONFIG_SDHCI=y
CONFIG_SD=y
CONFIG_ARM_V7M=y
CONFIG_SPLIT_IRQ=y
