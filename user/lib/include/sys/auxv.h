/*
 * sys/auxv.h: the auxiliary vector the kernel put on the initial stack
 * (lib/start.c).
 */
#ifndef _SYS_AUXV_H_
#define _SYS_AUXV_H_

#define AT_NULL		0	/* end of the vector */
#define AT_PHDR		3	/* address of the program headers */
#define AT_PHENT	4	/* size of one program header */
#define AT_PHNUM	5	/* number of program headers */
#define AT_PAGESZ	6	/* page size */
#define AT_BASE		7	/* interpreter base; 0 for static programs */
#define AT_ENTRY	9	/* the program's entry point */
#define AT_UID		11
#define AT_HWCAP	16
#define AT_CLKTCK	17
#define AT_SECURE	23
#define AT_RANDOM	25	/* address of 16 random bytes */
#define AT_EXECFN	31	/* the path that was executed */
#define AT_SYSINFO_EHDR	33	/* the vDSO, if any */

/* The value of entry type, or 0 (errno ENOENT) if the kernel gave none. */
unsigned long	getauxval(unsigned long type);

#endif /* !_SYS_AUXV_H_ */
