/*
 * hello.c: a program nobody wrote for Pagoda.  It is built on the host with
 * an ordinary static C library (glibc, musl), run there and on Pagoda, and
 * the two outputs are compared line by line.  The harness runs it as
 *
 *	env -i A=1 B=two ./hello x 'y z'
 *
 * It checks what the kernel hands a new program and what a C library does
 * with it before main(): argc, argv and envp on the stack; the auxiliary
 * vector (page size, program headers, entry point, 16 random bytes, the
 * file name); the thread pointer; malloc, which uses brk for small blocks
 * and mmap for large ones.  It exits with status 7.
 *
 * Machine-specific lines: none; every line is the same wherever the same
 * binary runs.  "pagesz" is 4096 on both of our machines.  "phnum" and
 * "load segments" depend on the linker and C library, so builds differ
 * from each other, but one binary prints the same on Linux and Pagoda.
 *
 * Under qemu-aarch64 (user-mode emulation, the arm64 reference run) the
 * environment arrives reversed: QEMU 7.2 rebuilds envp from a list it
 * fills at the head.  tests/abi/check.sh therefore passes "B=two A=1"
 * to it.
 */
#include <elf.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>

extern char **environ;

/* The bytes the kernel put at AT_RANDOM: 16 of them, not all zero. */
static int
random_bytes_ok(void)
{
	const unsigned char *bytes = (const unsigned char *)getauxval(AT_RANDOM);
	int nonzero = 0;

	if (bytes == NULL)
		return 0;
	for (int i = 0; i < 16; i++)
		nonzero |= bytes[i];
	return nonzero != 0;
}

/*
 * Walk the program headers the kernel pointed AT_PHDR at.  Count the
 * PT_LOAD segments and say whether AT_ENTRY lies inside an executable one:
 * a kernel that got AT_PHDR or AT_ENTRY wrong fails here.  Addresses in
 * the headers are link-time; PT_PHDR, when present, gives the load bias
 * (zero for the non-PIE static binaries we build, which may lack PT_PHDR).
 */
static void
print_program_headers(void)
{
	const ElfW(Phdr) *phdr = (const ElfW(Phdr) *)getauxval(AT_PHDR);
	unsigned long phnum = getauxval(AT_PHNUM);
	unsigned long entry = getauxval(AT_ENTRY);
	uintptr_t bias = 0;
	int loads = 0, entry_in_text = 0;

	for (unsigned long i = 0; i < phnum; i++)
		if (phdr[i].p_type == PT_PHDR)
			bias = (uintptr_t)phdr - phdr[i].p_vaddr;
	for (unsigned long i = 0; i < phnum; i++) {
		uintptr_t start = bias + phdr[i].p_vaddr;

		if (phdr[i].p_type != PT_LOAD)
			continue;
		loads++;
		if ((phdr[i].p_flags & PF_X) && entry >= start &&
		    entry < start + phdr[i].p_memsz)
			entry_in_text = 1;
	}
	printf("phent %lu\n", getauxval(AT_PHENT));
	printf("phnum %lu\n", phnum);
	printf("phdr nonzero %s\n", phdr != NULL ? "yes" : "no");
	printf("entry nonzero %s\n", entry != 0 ? "yes" : "no");
	printf("load segments %d\n", loads);
	printf("entry in an executable segment %s\n",
	    entry_in_text ? "yes" : "no");
}

/* Only the last path component: the harness may run us by any path. */
static void
print_execfn(void)
{
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	const char *slash;

	if (execfn == NULL) {
		printf("execfn (none)\n");
		return;
	}
	slash = strrchr(execfn, '/');
	printf("execfn basename %s\n", slash != NULL ? slash + 1 : execfn);
}

/*
 * Blocks from 16 bytes to 3 MiB: the small ones come from brk (glibc) or
 * from mmap'd groups (musl); the large ones from mmap of their own.  Every
 * byte is written and read back, so every page is faulted in.
 */
static unsigned long
malloc_sum(void)
{
	static const size_t sizes[] = { 16, 4000, 200000, 3 << 20 };
	unsigned long sum = 0;

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned char *block = malloc(sizes[i]);

		if (block == NULL) {
			printf("malloc %zu failed\n", sizes[i]);
			exit(2);
		}
		for (size_t j = 0; j < sizes[i]; j++)
			block[j] = (unsigned char)(i + j);
		for (size_t j = 0; j < sizes[i]; j++)
			sum += block[j];
		free(block);
	}
	return sum;
}

int
main(int argc, char **argv)
{
	printf("argc %d\n", argc);
	for (int i = 0; i < argc; i++) {
		/* argv[0] is whatever path the harness used: print its end. */
		const char *arg = argv[i];

		if (i == 0 && strrchr(arg, '/') != NULL)
			arg = strrchr(arg, '/') + 1;
		printf("argv[%d] '%s'\n", i, arg);
	}
	printf("argv[argc] %s\n", argv[argc] == NULL ? "NULL" : "not NULL");
	for (char **env = environ; *env != NULL; env++)
		printf("env '%s'\n", *env);
	printf("pagesz %lu\n", getauxval(AT_PAGESZ));
	print_program_headers();
	printf("random %s\n", random_bytes_ok() ? "yes" : "no");
	print_execfn();
	printf("malloc sum %lu\n", malloc_sum());
	return 7;
}
