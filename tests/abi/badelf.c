/*
 * badelf.c: make broken executables from a good one, for exec's tests.
 *
 *	badelf GOOD OUTDIR
 *
 * GOOD is a static ELF64 little-endian executable (gcc -static on the
 * host, amd64 or arm64: the format is the same).  Into OUTDIR go copies
 * of it, each with one thing wrong and named for it:
 *
 *   truncated        cut in the middle of the first PT_LOAD's file bytes
 *   segment-outside  the last PT_LOAD moved to kernel space
 *                    (0xffff800000000000 plus its page offset)
 *   entry-outside    e_entry 1 MiB past the end of the highest PT_LOAD
 *   interp           the last PT_NOTE made a PT_INTERP naming a loader
 *                    that does not exist, as a dynamically linked program
 *                    would have (the last: the first is often the GNU
 *                    property note, which PT_GNU_PROPERTY shares)
 *   not-elf          a line of text
 *   wrong-machine    e_machine swapped, EM_X86_64 <-> EM_AARCH64
 *
 * Pagoda's exec must refuse each with ENOEXEC (kernel/elf.c).  The files
 * are mode 0755, so that only the contents are wrong.  A host program:
 * the C library and <elf.h> only; it reads the headers with memcpy, so the
 * image needs no alignment, and as the host's integers, so the host must
 * be little-endian, as amd64 and arm64 are.
 */
#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define KERNEL_SPACE	0xffff800000000000ULL
#define INTERP_PATH	"/lib/ld-pagoda-none.so.1"
#define NOT_ELF_TEXT	"this is not a program\n"

/* The good executable, read once; each variant starts from a copy. */
struct image {
	unsigned char	*bytes;
	size_t		size;
};

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "badelf: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static Elf64_Ehdr
get_ehdr(const struct image *im)
{
	Elf64_Ehdr eh;

	memcpy(&eh, im->bytes, sizeof(eh));
	return eh;
}

static void
put_ehdr(struct image *im, const Elf64_Ehdr *eh)
{
	memcpy(im->bytes, eh, sizeof(*eh));
}

static Elf64_Phdr
get_phdr(const struct image *im, int i)
{
	Elf64_Phdr ph;

	memcpy(&ph, im->bytes + get_ehdr(im).e_phoff + i * sizeof(ph),
	    sizeof(ph));
	return ph;
}

static void
put_phdr(struct image *im, int i, const Elf64_Phdr *ph)
{
	memcpy(im->bytes + get_ehdr(im).e_phoff + i * sizeof(*ph), ph,
	    sizeof(*ph));
}

/*
 * The index of the first (or, if last, the last) program header of type
 * whose p_filesz is at least minsize; -1 if there is none.
 */
static int
find_phdr(const struct image *im, uint32_t type, uint64_t minsize, int last)
{
	int found = -1;

	for (int i = 0; i < get_ehdr(im).e_phnum; i++) {
		Elf64_Phdr ph = get_phdr(im, i);

		if (ph.p_type == type && ph.p_filesz >= minsize) {
			found = i;
			if (!last)
				break;
		}
	}
	return found;
}

/* ---- the variants: each changes im and returns the size to write ------- */

static size_t
make_truncated(struct image *im)
{
	int i = find_phdr(im, PT_LOAD, 2, 0);
	Elf64_Phdr ph;

	if (i < 0)
		die("no PT_LOAD with file bytes");
	ph = get_phdr(im, i);
	return ph.p_offset + ph.p_filesz / 2;
}

/* Kernel space, with the page offset kept: only the range is wrong. */
static size_t
make_segment_outside(struct image *im)
{
	int i = find_phdr(im, PT_LOAD, 0, 1);
	Elf64_Phdr ph = get_phdr(im, i);

	ph.p_vaddr = ph.p_paddr = KERNEL_SPACE | (ph.p_vaddr & 0xfff);
	put_phdr(im, i, &ph);
	return im->size;
}

/* Past the end of every segment, past where the heap would start too. */
static size_t
make_entry_outside(struct image *im)
{
	Elf64_Ehdr eh = get_ehdr(im);
	uint64_t end = 0;

	for (int i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph = get_phdr(im, i);

		if (ph.p_type == PT_LOAD && ph.p_vaddr + ph.p_memsz > end)
			end = ph.p_vaddr + ph.p_memsz;
	}
	eh.e_entry = ((end + 0xfff) & ~0xfffULL) + 0x100000;
	put_ehdr(im, &eh);
	return im->size;
}

/*
 * A PT_INTERP is a NUL-terminated path in the file: write one over the
 * note's bytes (notes do not matter to running a static program).
 */
static size_t
make_interp(struct image *im)
{
	int i = find_phdr(im, PT_NOTE, sizeof(INTERP_PATH), 1);
	Elf64_Phdr ph;

	if (i < 0)
		die("no PT_NOTE of %zu bytes to make a PT_INTERP of",
		    sizeof(INTERP_PATH));
	ph = get_phdr(im, i);
	memcpy(im->bytes + ph.p_offset, INTERP_PATH, sizeof(INTERP_PATH));
	ph.p_type = PT_INTERP;
	ph.p_flags = PF_R;
	ph.p_filesz = ph.p_memsz = sizeof(INTERP_PATH);
	ph.p_align = 1;
	put_phdr(im, i, &ph);
	return im->size;
}

static size_t
make_not_elf(struct image *im)
{
	memcpy(im->bytes, NOT_ELF_TEXT, strlen(NOT_ELF_TEXT));
	return strlen(NOT_ELF_TEXT);
}

static size_t
make_wrong_machine(struct image *im)
{
	Elf64_Ehdr eh = get_ehdr(im);

	eh.e_machine = eh.e_machine == EM_X86_64 ? EM_AARCH64 : EM_X86_64;
	put_ehdr(im, &eh);
	return im->size;
}

static const struct variant {
	const char	*name;
	size_t		(*make)(struct image *im);
} variants[] = {
	{ "truncated",		make_truncated },
	{ "segment-outside",	make_segment_outside },
	{ "entry-outside",	make_entry_outside },
	{ "interp",		make_interp },
	{ "not-elf",		make_not_elf },
	{ "wrong-machine",	make_wrong_machine },
};

/* ---- reading and writing ------------------------------------------------ */

/* Read all of path; the block is malloc'd. */
static struct image
read_file(const char *path)
{
	struct image im = { NULL, 0 };
	size_t cap = 0, n;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL)
		die("%s: %s", path, strerror(errno));
	do {
		if (im.size == cap) {
			cap = cap * 2 + 65536;
			if ((im.bytes = realloc(im.bytes, cap)) == NULL)
				die("out of memory");
		}
		n = fread(im.bytes + im.size, 1, cap - im.size, fp);
		im.size += n;
	} while (n > 0);
	if (ferror(fp))
		die("%s: read error", path);
	fclose(fp);
	return im;
}

/*
 * Is im an executable the variants can be made from: ELF64, little-endian,
 * for amd64 or arm64, its program headers in the file, a PT_LOAD?
 */
static void
check_good(const struct image *im, const char *path)
{
	Elf64_Ehdr eh;

	if (im->size < sizeof(eh))
		die("%s: too short for an ELF header", path);
	eh = get_ehdr(im);
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB)
		die("%s: not an ELF64 little-endian file", path);
	if (eh.e_machine != EM_X86_64 && eh.e_machine != EM_AARCH64)
		die("%s: machine %u, not amd64 or arm64", path, eh.e_machine);
	if (eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phoff > im->size ||
	    (uint64_t)eh.e_phnum * sizeof(Elf64_Phdr) > im->size - eh.e_phoff)
		die("%s: program headers out of the file", path);
	if (find_phdr(im, PT_LOAD, 0, 0) < 0)
		die("%s: no PT_LOAD", path);
}

static void
write_file(const char *dir, const char *name, const void *bytes, size_t size)
{
	char path[4096];
	FILE *fp;

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    (int)sizeof(path))
		die("%s/%s: path too long", dir, name);
	if ((fp = fopen(path, "wb")) == NULL)
		die("%s: %s", path, strerror(errno));
	if (fwrite(bytes, 1, size, fp) != size || fclose(fp) != 0)
		die("%s: write error", path);
	/* Whatever the umask: only the contents may be wrong. */
	if (chmod(path, 0755) != 0)
		die("%s: %s", path, strerror(errno));
}

int
main(int argc, char **argv)
{
	struct image good, copy;

	if (argc != 3) {
		fprintf(stderr, "usage: badelf GOOD OUTDIR\n");
		return 2;
	}
	good = read_file(argv[1]);
	check_good(&good, argv[1]);
	if (mkdir(argv[2], 0755) != 0 && errno != EEXIST)
		die("%s: %s", argv[2], strerror(errno));
	if ((copy.bytes = malloc(good.size)) == NULL)
		die("out of memory");
	for (size_t i = 0; i < sizeof(variants) / sizeof(variants[0]); i++) {
		memcpy(copy.bytes, good.bytes, good.size);
		copy.size = good.size;
		write_file(argv[2], variants[i].name, copy.bytes,
		    variants[i].make(&copy));
	}
	free(copy.bytes);
	free(good.bytes);
	return 0;
}
