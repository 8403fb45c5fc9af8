# .gdbinit for `make gdb`: attach to QEMU's gdb stub and load the kernel's
# symbols.  gdb reads this file only if ~/.gdbinit allows it:
#   echo "add-auto-load-safe-path $PWD/.gdbinit" >> ~/.gdbinit
# Then, in another terminal: `make gdb`, and here: `gdb`.
set confirm off
set pagination off
file build/amd64/pagoda.elf
set architecture i386:x86-64
target remote localhost:1234
# GRUB starts the kernel in 32-bit mode: a hardware breakpoint survives the
# switch to long mode where a software one would be reported in the wrong
# mode.
hbreak kmain
continue
