# Pagoda: the top-level build.
#
#   make                 build the kernel and its boot image for ARCH
#   make run             boot it in QEMU (serial console on this terminal)
#   make check           every test: host unit tests, then in-kernel tests
#   make bench           boot-time benchmark, machine-readable RESULT lines
#   make gdb             boot halted, waiting for gdb (see .gdbinit)
#   ARCH=amd64           the architecture (amd64 is the default)
#   NDEBUG=1             a build without KASSERTs
#
# Every output goes under build/$(ARCH)/.  The first run installs the host
# tools it needs (tools/install-deps.sh; silent when all is there).

ARCH	?= amd64
.DEFAULT_GOAL := all
BUILD	:= build/$(ARCH)$(if $(NDEBUG),-ndebug)
MEM	?= 128M

KERNEL	:= $(BUILD)/pagoda.elf
# Before the arch's Makefile.inc, whose image rules depend on it.
INITRAMFS := $(BUILD)/initramfs.cpio

include arch/$(ARCH)/Makefile.inc

CC	:= $(CROSS)gcc
LD	:= $(CROSS)ld
OBJCOPY	:= $(CROSS)objcopy
NM	:= $(CROSS)nm

CFLAGS	:= -std=gnu11 -O2 -g -ffreestanding -fno-builtin -nostdinc \
	   -isystem $(shell $(CC) -print-file-name=include) \
	   -fno-stack-protector -fno-pic -fno-pie -fno-omit-frame-pointer \
	   -fno-strict-aliasing -fno-common -fno-asynchronous-unwind-tables \
	   -Wall -Wextra -Werror -Wno-unused-parameter \
	   -Wstrict-prototypes -Wmissing-prototypes -Wshadow \
	   -I. -Iarch/$(ARCH)/include -MMD -MP $(ARCH_CFLAGS)
ifdef NDEBUG
CFLAGS	+= -DNDEBUG
endif
ASFLAGS	:= -D__ASSEMBLY__ -I. -Iarch/$(ARCH)/include -MMD -MP $(ARCH_ASFLAGS)
LDFLAGS	:= -nostdlib -z max-page-size=4096 -z noexecstack --no-warn-rwx-segments

# The bus drivers (and their tests) are machine-independent code, built
# only where the machine has that bus (arch Makefile.inc: ARCH_BUSES :=
# pci): arm64's devices are on virtio-mmio, and it reaches no PCI.
BUS_SRCS_pci	:= drivers/pci.c drivers/virtio_pci.c tests/ktest/pci.c
SRCS	:= $(filter-out $(BUS_SRCS_pci), \
	       $(wildcard kernel/*.c vm/*.c drivers/*.c tests/ktest/*.c)) \
	   $(foreach b,$(ARCH_BUSES),$(BUS_SRCS_$(b))) \
	   $(wildcard arch/$(ARCH)/*.c arch/$(ARCH)/*.S boot/$(ARCH)/*.S)
OBJS	:= $(patsubst %,$(BUILD)/%.o,$(basename $(SRCS)))

# User programs (user/), packed with tools/mkcpio.c into the initramfs
# that the boot loader hands the kernel (a GRUB module on amd64, -initrd
# on arm64).  user/'s own Makefile is incremental, so it always runs.
USER_BUILD := $(abspath $(BUILD))/user
MKCPIO	:= build/host/mkcpio
DEMUX	:= build/host/pagoda-demux
HOST_MKSWAP := build/host/mkswap
# make run's swap disk (/dev/vda), made once by the host build of mkswap.
SWAPDISK := $(BUILD)/swap.img
SWAPDISK_SIZE ?= 256M

.PHONY: all run check bench bench-linux gdb deps clean host-test user
all: $(KERNEL) $(INITRAMFS) $(ARCH_IMAGES) $(DEMUX)

user: | deps
	@$(MAKE) -s -C user ARCH=$(ARCH) BUILD=$(USER_BUILD) $(if $(NDEBUG),NDEBUG=1)

# Host programs: the archive packer, and tools/pagoda-run's demultiplexer.
$(MKCPIO) $(DEMUX): build/host/%: tools/%.c | deps
	@mkdir -p $(dir $@)
	$(Q)gcc -O2 -Wall -Wextra -Werror -o $@ $<

# user/bin/mkswap.c is plain C: built for the host too, it makes make
# run's swap disk here (util-linux's mkswap would do as well).
$(HOST_MKSWAP): user/bin/mkswap.c | deps
	@mkdir -p $(dir $@)
	$(Q)gcc -O2 -Wall -Wextra -Werror -o $@ $<

$(SWAPDISK): | $(HOST_MKSWAP)
	@mkdir -p $(dir $@)
	$(Q)truncate -s $(SWAPDISK_SIZE) $@ && $(HOST_MKSWAP) -L pagoda $@ >/dev/null

# The programs go in stripped: a smaller archive loads faster at boot.
$(INITRAMFS): user $(MKCPIO) $(wildcard user/etc/*)
	@$(if $(Q),echo "  CPIO    $@")
	@rm -rf $(BUILD)/initramfs-bin && mkdir -p $(BUILD)/initramfs-bin
	$(Q)for f in $(USER_BUILD)/bin/*; do \
		$(CROSS)strip -o $(BUILD)/initramfs-bin/$${f##*/} $$f; done
	$(Q)$(MKCPIO) $@.new bin=$(BUILD)/initramfs-bin etc=user/etc
	@cmp -s $@.new $@ && rm -f $@.new || mv $@.new $@

deps:
	@tools/install-deps.sh

# A change of flags rebuilds everything.
$(OBJS): Makefile arch/$(ARCH)/Makefile.inc

# Tests run in the order they are written in each file.
$(BUILD)/tests/ktest/%.o: CFLAGS += -fno-toplevel-reorder

# V=1 shows the whole commands.
Q	:= $(if $(V),,@)

$(BUILD)/%.o: %.c | deps
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/%.o: %.S | deps
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  AS      $<")
	$(Q)$(CC) $(CFLAGS) $(ASFLAGS) -c $< -o $@

# The kernel is linked twice: the first link gives the addresses of every
# function, tools/ksyms.sh turns them into a table for backtraces, and the
# second link adds that table.  The table sits after the text, so no
# function moves between the two links.
$(BUILD)/pagoda.0.elf: $(OBJS) $(BUILD)/ksyms-empty.o arch/$(ARCH)/kernel.ld
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(LD) $(LDFLAGS) -T arch/$(ARCH)/kernel.ld -o $@ $(OBJS) $(BUILD)/ksyms-empty.o

$(BUILD)/ksyms-empty.S: tools/ksyms.sh | deps
	@mkdir -p $(dir $@)
	$(Q)tools/ksyms.sh /dev/null $(NM) > $@

$(BUILD)/ksyms.S: $(BUILD)/pagoda.0.elf tools/ksyms.sh
	$(Q)tools/ksyms.sh $< $(NM) > $@

$(BUILD)/ksyms.o $(BUILD)/ksyms-empty.o: %.o: %.S
	$(Q)$(CC) $(CFLAGS) $(ASFLAGS) -c $< -o $@

$(KERNEL): $(BUILD)/pagoda.0.elf $(BUILD)/ksyms.o
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(LD) $(LDFLAGS) -T arch/$(ARCH)/kernel.ld -o $@ $(OBJS) $(BUILD)/ksyms.o
	@tools/ksyms-check.sh $(BUILD)/pagoda.0.elf $@ $(NM)

# make run: the shell on the console, with a swap disk of SWAPDISK_SIZE
# as /dev/vda, turned on at boot (the kernel's swap= option).  make run
# CMD='prog args' ADD='files': one command through tools/pagoda-run,
# which exits with its status.  DISK='a.img b.img': more disks, /dev/vdb
# and on (/dev/vda and on with CMD, which has no swap disk unless given
# one).
run: all $(SWAPDISK)
ifdef CMD
	@tools/pagoda-run --no-build --arch $(ARCH) --mem $(MEM) \
	    $(foreach f,$(ADD),--add $(f)) $(foreach d,$(DISK),--disk $(d)) \
	    -- $(CMD)
else
	tools/qemu.sh --arch $(ARCH) --mem $(MEM) --cmdline swap=/dev/vda \
	    --drive $(SWAPDISK) $(foreach d,$(DISK),--drive $(d)) --interactive
endif

check: deps
	@tools/check.sh $(if $(filter command line environment,$(origin ARCH)),$(ARCH),$(CHECK_ARCHES))

bench: all
	@tools/bench.sh $(ARCH)

# vmbench on Debian's Linux under the same QEMU (downloads the kernel).
bench-linux: deps
	@tools/linux-vmbench.sh

gdb: all
	tools/qemu.sh --arch $(ARCH) --mem $(MEM) --interactive --gdb

host-test: deps
	@$(MAKE) -s -C tests/host run

clean:
	rm -rf build

-include $(OBJS:.o=.d)
