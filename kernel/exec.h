/*
 * exec.h: starting a program from the initramfs.
 */
#ifndef _KERNEL_EXEC_H_
#define _KERNEL_EXEC_H_

#include "kernel/types.h"

struct proc;

/* Where the user stack ends, and how far it may grow. */
#define USER_STACK_SIZE		(8UL << 20)
#define USER_STACK_GUARD	(64UL << 10)
/* Where a position-independent (static-pie) executable is loaded. */
#define USER_PIE_BASE		0x555555554000UL

/*
 * exec_spawn: a new process running the executable at path in the
 * initramfs, with the NULL-terminated argv and envp.  0 and the process in
 * *out; -ENOENT, -EACCES (not a regular file), -ENOEXEC (not an
 * executable we can run), -ENOMEM or -EAGAIN.
 */
int	exec_spawn(const char *path, const char *const argv[],
	    const char *const envp[], struct proc **out);

/*
 * exec_replace: replace the calling process's image by the executable at
 * path (execve).  On success the process's registers are those of the new
 * program's start, and the system call's return leaves into it.  Errors as
 * exec_spawn(), with the old image untouched.
 */
int	exec_replace(const char *path, const char *const argv[],
	    const char *const envp[]);

/* The ELF machine number of this architecture (EM_X86_64, EM_AARCH64). */
extern const uint16_t machine_elf_type;

#endif /* !_KERNEL_EXEC_H_ */
