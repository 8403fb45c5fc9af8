/*
 * exec.h: starting a program from the initramfs (docs/running.md draws
 * the initial stack).
 */
#ifndef _KERNEL_EXEC_H_
#define _KERNEL_EXEC_H_

#include "kernel/types.h"
#include "machine/vmparam.h"

struct file;
struct proc;

/* Where the user stack ends, and how far it may grow. */
#define USER_STACK_SIZE		(8UL << 20)
#define USER_STACK_GUARD	(64UL << 10)
/* Where a position-independent (static-pie) executable is loaded. */
#define USER_PIE_BASE		0x555555554000UL

/*
 * The arguments and environment of a new program, gathered before the old
 * image goes (execve copies them out of it).  Linux's limits: at most
 * EXEC_ARG_STRLEN bytes in one string (MAX_ARG_STRLEN), and at most
 * EXEC_ARGS_MAX bytes for all the strings and a pointer to each (a
 * quarter of the 8 MiB stack limit, what sysconf(_SC_ARG_MAX) reports).
 * Past either: -E2BIG.  The strings are kept in pages allocated one at a
 * time as they fill, so a big exec needs no big contiguous block.
 */
#define EXEC_ARG_STRLEN		(128UL << 10)
#define EXEC_ARGS_MAX		(2UL << 20)
#define EXEC_ARGS_PAGES		(EXEC_ARGS_MAX / PAGE_SIZE)

struct vm_page;

struct exec_args {
	struct vm_page	*pages[EXEC_ARGS_PAGES];	/* the argv strings,
					   then the envp strings, each
					   NUL-ended; NULL past the end */
	size_t		len;		/* bytes of them */
	int		argc;
	int		envc;
};

/* exec_args_create: an empty set, or NULL; exec_args_destroy() ends it. */
struct exec_args *exec_args_create(void);
void	exec_args_destroy(struct exec_args *args);
/*
 * exec_args_add: append the kernel string str to the arguments (env
 * false) or the environment (env true; all arguments come first).
 * 0, -E2BIG, -ENOMEM.
 */
int	exec_args_add(struct exec_args *args, const char *str, bool env);
/*
 * exec_args_copyin: append every string of the NULL-terminated user
 * array uarray (NULL: none).  0, -EFAULT, -E2BIG, -ENOMEM.
 */
int	exec_args_copyin(struct exec_args *args, char *const *uarray,
	    bool env);

/*
 * exec_spawn: a new process running the executable at path in the
 * initramfs, with the NULL-terminated argv and envp.  0 and the process in
 * *out; the lookup's errors (-ENOENT, -ENOTDIR...), -EACCES (not a
 * regular file, or no execute bit), -ENOEXEC (not an executable we can
 * run: elf_parse()), -E2BIG, -ENOMEM or -EAGAIN.
 */
int	exec_spawn(const char *path, const char *const argv[],
	    const char *const envp[], struct proc **out);

/*
 * exec_replace: replace the calling process's image by the executable at
 * path (execve), looked up from dir if relative (NULL: the root), with
 * the arguments and environment ea.  On success the process's registers
 * are those of the new program's start, and the system call's return
 * leaves into it.  Errors as exec_spawn(), with the old image untouched.
 */
int	exec_replace(struct file *dir, const char *path,
	    struct exec_args *args);

/* The ELF machine number of this architecture (EM_X86_64, EM_AARCH64). */
extern const uint16_t machine_elf_type;

#endif /* !_KERNEL_EXEC_H_ */
