/*
 * mallocstress.c: a deterministic storm of malloc, calloc, realloc and free
 * against the C library's allocator, which in turn drives the kernel's brk,
 * mmap, munmap and mremap (glibc) and the page-fault path.  Each live block
 * holds a pattern made from its slot and generation; the pattern is checked
 * before every realloc and free, and realloc must keep the old prefix.  A
 * kernel that loses, shares or misplaces a page shows up as a corrupt block.
 *
 * The random numbers come from our own LCG with a fixed seed, so the run is
 * the same everywhere; `./mallocstress SEED` replays another seed.  Prints
 * counts and a checksum, exits 0; or names the first corrupt block, exits 1.
 *
 * Machine-specific lines: none.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS		256
#define OPERATIONS	4000
#define DEFAULT_SEED	20240601u

struct block {
	unsigned char	*data;		/* NULL when the slot is empty */
	size_t		 size;
	unsigned	 generation;	/* which allocation filled it */
};

static struct block blocks[SLOTS];
static uint64_t lcg_state;
static unsigned long operation;		/* for the failure message */

struct counts {
	unsigned long	mallocs, callocs, reallocs, frees;
	unsigned long	bytes, largest;
	uint64_t	checksum;
};

/* Knuth's MMIX constants; the high bits are the good ones. */
static uint32_t
lcg_next(void)
{
	lcg_state = lcg_state * 6364136223846793005u + 1442695040888963407u;
	return (uint32_t)(lcg_state >> 33);
}

/*
 * Mostly small blocks, some medium, a few large: 70% 1..256 bytes, 29%
 * up to 64 KiB, 1% up to 1 MiB.  The large ones cross the C libraries'
 * mmap thresholds; few of them, so the run stays quick under emulation.
 */
static size_t
random_size(void)
{
	uint32_t kind = lcg_next() % 100;

	if (kind < 70)
		return 1 + lcg_next() % 256;
	if (kind < 99)
		return 1 + lcg_next() % (64 << 10);
	return 1 + lcg_next() % (1 << 20);
}

/* Byte i of a block: no period shorter than 64 KiB, so a page that ends
 * up in the wrong place or in two blocks at once is noticed. */
static unsigned char
pattern(int slot, unsigned generation, size_t i)
{
	return (unsigned char)(slot * 131 + generation * 7 + i + (i >> 8));
}

static void
fill(int slot)
{
	struct block *b = &blocks[slot];

	for (size_t i = 0; i < b->size; i++)
		b->data[i] = pattern(slot, b->generation, i);
}

/* Check the first `length` bytes of a slot; on a mismatch say which block
 * and stop at once: later damage is usually a consequence of the first. */
static void
verify(int slot, size_t length, struct counts *counts)
{
	struct block *b = &blocks[slot];

	for (size_t i = 0; i < length; i++) {
		if (b->data[i] != pattern(slot, b->generation, i)) {
			printf("mallocstress: FAIL slot %d generation %u size %zu "
			    "corrupt at byte %zu (operation %lu): "
			    "%#x, expected %#x\n", slot, b->generation, b->size,
			    i, operation, b->data[i],
			    pattern(slot, b->generation, i));
			exit(1);
		}
		counts->checksum += b->data[i];
	}
}

/* Fill an empty slot; one allocation in four is a calloc, whose memory
 * must arrive zeroed (fresh pages from the kernel, or cleared by libc). */
static void
allocate(int slot, unsigned generation, struct counts *counts)
{
	struct block *b = &blocks[slot];

	b->size = random_size();
	b->generation = generation;
	if (lcg_next() % 4 == 0) {
		b->data = calloc(b->size, 1);
		counts->callocs++;
		for (size_t i = 0; b->data != NULL && i < b->size; i++) {
			if (b->data[i] != 0) {
				printf("mallocstress: FAIL calloc slot %d size "
				    "%zu byte %zu not zero\n", slot, b->size, i);
				exit(1);
			}
		}
	} else {
		b->data = malloc(b->size);
		counts->mallocs++;
	}
	if (b->data == NULL) {
		printf("mallocstress: FAIL out of memory, %zu bytes\n", b->size);
		exit(1);
	}
	counts->bytes += b->size;
	if (b->size > counts->largest)
		counts->largest = b->size;
	fill(slot);
}

/* Grow or shrink a live block; what survives must be the old pattern. */
static void
reallocate(int slot, unsigned generation, struct counts *counts)
{
	struct block *b = &blocks[slot];
	size_t new_size = random_size();
	size_t kept = new_size < b->size ? new_size : b->size;
	unsigned char *data;

	verify(slot, b->size, counts);
	data = realloc(b->data, new_size);
	if (data == NULL) {
		printf("mallocstress: FAIL realloc to %zu bytes\n", new_size);
		exit(1);
	}
	b->data = data;
	b->size = new_size;
	verify(slot, kept, counts);
	b->generation = generation;
	counts->reallocs++;
	counts->bytes += new_size;
	fill(slot);
}

static void
release(int slot, struct counts *counts)
{
	struct block *b = &blocks[slot];

	verify(slot, b->size, counts);
	free(b->data);
	b->data = NULL;
	counts->frees++;
}

int
main(int argc, char **argv)
{
	unsigned long seed = argc > 1 ? strtoul(argv[1], NULL, 0) : DEFAULT_SEED;
	struct counts counts = { 0 };

	lcg_state = seed;
	printf("mallocstress: seed %lu, %d operations on %d slots\n",
	    seed, OPERATIONS, SLOTS);
	for (operation = 1; operation <= OPERATIONS; operation++) {
		int slot = lcg_next() % SLOTS;

		if (blocks[slot].data == NULL)
			allocate(slot, operation, &counts);
		else if (lcg_next() % 2 == 0)
			release(slot, &counts);
		else
			reallocate(slot, operation, &counts);
	}
	for (int slot = 0; slot < SLOTS; slot++)
		if (blocks[slot].data != NULL)
			release(slot, &counts);
	printf("mallocs %lu callocs %lu reallocs %lu frees %lu\n",
	    counts.mallocs, counts.callocs, counts.reallocs, counts.frees);
	printf("bytes allocated %lu, largest block %lu\n",
	    counts.bytes, counts.largest);
	printf("checksum %#llx\n", (unsigned long long)counts.checksum);
	printf("mallocstress: ok\n");
	return 0;
}
