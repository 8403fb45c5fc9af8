/*
 * exechint.c: exec_hint(), a shell's one-line explanation of ENOEXEC.
 *
 * execve says only "Exec format error".  A user who ran a program built
 * without -static, or for the other architecture, deserves to hear which:
 * this reads the ELF header and the program headers the way the kernel's
 * elf_parse() does (kernel/elf.c), and names the first thing wrong.
 */
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <exechint.h>

/* ELF64 offsets and values used here (the ELF specification's). */
#define EI_CLASS	4
#define ELFCLASS64	2
#define E_TYPE		16
#define E_MACHINE	18
#define E_PHOFF		32
#define E_PHENTSIZE	54
#define E_PHNUM		56
#define EHDR_SIZE	64
#define ET_EXEC		2
#define ET_DYN		3
#define PT_INTERP	3
#define EM_X86_64	62
#define EM_AARCH64	183

#if defined(__x86_64__)
#define EM_HERE		EM_X86_64
#else
#define EM_HERE		EM_AARCH64
#endif

static uint64_t
get(const unsigned char *p, int bytes)
{
	uint64_t v = 0;

	while (bytes-- > 0)
		v = (v << 8) | p[bytes];
	return v;
}

/* Does the file on fd, with ELF header eh, have a PT_INTERP header? */
static int
has_interp(int fd, const unsigned char *eh)
{
	uint64_t phoff = get(eh + E_PHOFF, 8);
	unsigned phentsize = (unsigned)get(eh + E_PHENTSIZE, 2);
	unsigned phnum = (unsigned)get(eh + E_PHNUM, 2);
	unsigned char ph[4];

	for (unsigned i = 0; i < phnum && phentsize >= 4; i++) {
		if (lseek(fd, (off_t)(phoff + (uint64_t)i * phentsize),
		    SEEK_SET) < 0 || read(fd, ph, 4) != 4)
			return 0;
		if (get(ph, 4) == PT_INTERP)
			return 1;
	}
	return 0;
}

static const char *
machine_name(unsigned machine)
{
	switch (machine) {
	case EM_X86_64:
		return "built for x86-64 (amd64), not this machine";
	case EM_AARCH64:
		return "built for aarch64 (arm64), not this machine";
	default:
		return "built for another kind of machine";
	}
}

/* The hint for the header eh of the file open on fd. */
static const char *
hint_for(int fd, const unsigned char *eh, ssize_t n)
{
	unsigned type;

	if (n >= 2 && eh[0] == '#' && eh[1] == '!')
		return "a script: run it with sh";
	if (n < 4 || memcmp(eh, "\177ELF", 4) != 0)
		return "not an ELF executable";
	if (n < EHDR_SIZE)
		return "a truncated ELF file";
	if (eh[EI_CLASS] != ELFCLASS64)
		return "a 32-bit program; Pagoda runs 64-bit ones";
	if (get(eh + E_MACHINE, 2) != EM_HERE)
		return machine_name((unsigned)get(eh + E_MACHINE, 2));
	type = (unsigned)get(eh + E_TYPE, 2);
	if (type != ET_EXEC && type != ET_DYN)
		return "not an executable (an object file?)";
	if (has_interp(fd, eh))
		return "dynamically linked, and Pagoda has no dynamic loader: "
		    "build it with -static";
	return "a malformed ELF executable (truncated, or a segment "
	    "out of place)";
}

const char *
exec_hint(const char *path)
{
	unsigned char eh[EHDR_SIZE];
	const char *hint;
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return "cannot be read";
	n = read(fd, eh, sizeof(eh));
	hint = hint_for(fd, eh, n);
	close(fd);
	return hint;
}
