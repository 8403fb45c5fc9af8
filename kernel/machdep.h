/*
 * machdep.h: the machine-dependent services the machine-independent kernel
 * calls.  Each architecture implements them under arch/$(ARCH)/.
 */
#ifndef _KERNEL_MACHDEP_H_
#define _KERNEL_MACHDEP_H_

#include "kernel/types.h"

/*
 * Exit statuses handed to machine_exit().  Under QEMU they leave the
 * emulator with a status the test runner decodes (amd64: isa-debug-exit
 * turns v into (v << 1) | 1, so EXIT_PASS is 33, EXIT_FAIL 35, EXIT_PANIC
 * 37, EXIT_NOMEM 39); on real hardware the machine halts.
 */
#define EXIT_PASS	0x10
#define EXIT_FAIL	0x11
#define EXIT_PANIC	0x12
#define EXIT_NOMEM	0x13

/* The serial console: write one byte; read one, or -1 if none waits. */
void	machine_cons_putc(int c);
int	machine_cons_getc(void);

/* Leave QEMU with status (see above), or halt forever. */
void	machine_exit(int status) __noreturn;

/* Start the periodic timer: hardclock() runs HZ times a second. */
void	machine_initclocks(void);

/*
 * Nanoseconds since the clock started, at the finest resolution the
 * machine offers (the generic counter on arm64; the APIC timer's count
 * within the current tick on amd64).  Never goes backwards.
 */
uint64_t machine_nanotime(void);

/* Wait for the next interrupt (with interrupts enabled). */
void	machine_idle(void);

/* The architecture's name and its CPU, for the boot banner. */
const char *machine_cpu_model(void);

/* The machine as Linux's uname() names it: "x86_64", "aarch64". */
extern const char machine_uname[];

/* One line naming the devices the machine layer found, for the banner. */
void	machine_print_devices(void);

/*
 * Read one 64-bit word at a kernel address that may be unmapped: 0 and the
 * value in *out, or -EFAULT if the access faulted.  The fault still goes
 * through vm_fault() first; the recovery is machine-dependent (the trap
 * handler resumes at a recovery address), which is also how copyin() will
 * work.
 */
int	machine_probe_read(const void *addr, uint64_t *out);
int	machine_probe_write(void *addr, uint64_t val);

struct pcb;

/*
 * cpu_switch: save the running thread's registers in old and resume the
 * thread whose registers are in new (arch/$(ARCH)/switch.S).  Returns when
 * some thread switches back to old.
 */
void	cpu_switch(struct pcb *old, struct pcb *new);

/*
 * cpu_fpu_switch: save the running thread's user floating-point/SIMD
 * registers in old, load new's.  The kernel itself never uses them.
 */
void	cpu_fpu_switch(struct pcb *old, struct pcb *new);

/*
 * cpu_thread_setup: prepare pcb so that the first cpu_switch() to it runs
 * entry() on the stack that ends at stack_top; entry must never return.
 */
void	cpu_thread_setup(struct pcb *pcb, void *stack_top,
	    void (*entry)(void));

struct trapframe;

/*
 * cpu_user_frame: build, just below kstack_top, the trap frame of a thread
 * that will start in user mode at pc with stack pointer sp, interrupts on.
 * Returns it; cpu_enter_user(frame) then leaves the kernel through it.
 */
struct trapframe *cpu_user_frame(void *kstack_top, vm_offset_t pc,
	    vm_offset_t sp);
void	cpu_enter_user(struct trapframe *frame) __noreturn;

/* The size of a trap frame; set the system-call result in one (fork). */
size_t	cpu_frame_size(void);
void	cpu_set_retval(struct trapframe *frame, long value);

/* Save the running thread's user FP/SIMD registers into pcb (fork). */
void	cpu_fpu_save(struct pcb *pcb);

/*
 * The user thread pointer (amd64: the %fs base set by arch_prctl; arm64:
 * TPIDR_EL0, which user code writes itself): switched with the thread,
 * inherited by a fork (from the running thread), zero after exec.
 */
void	cpu_tls_switch(struct pcb *old, struct pcb *new);
void	cpu_tls_fork(struct pcb *child);
void	cpu_tls_reset(struct pcb *pcb);

/*
 * cpu_set_kstack: the stack that traps from user mode start on, from now
 * on (the scheduler calls it at every switch; NULL for kernel threads).
 */
void	cpu_set_kstack(void *kstack_top);

#endif /* !_KERNEL_MACHDEP_H_ */
