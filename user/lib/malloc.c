/*
 * malloc.c: the memory allocator.
 *
 * Two kinds of block, told apart by a 16-byte header in front of the
 * memory handed out (16 bytes keeps every pointer 16-byte aligned, as
 * the ABIs require of malloc):
 *
 * - Small blocks have power-of-two sizes, header included, from 32 bytes
 *   to 64 KiB: twelve size classes.  Each class has a free list, a stack
 *   of blocks linked through their first payload word.  When a list is
 *   empty, refill() takes a 64 KiB chunk from the heap (sbrk, or mmap if
 *   the break cannot grow) and cuts it into blocks of that class.  Small
 *   blocks are never given back to the kernel and never change class.
 *
 * - Large requests get a private anonymous mmap of their own, rounded up
 *   to whole pages, and free() unmaps it.  So a program's big arrays are
 *   separate regions the kernel can see (and back with huge pages, or
 *   swap out) independently.
 *
 *	 header (16 bytes)         payload
 *	+-------------+-----------+--------------------------------+
 *	| size        | magic     | user data (free: next pointer) |
 *	+-------------+-----------+--------------------------------+
 *	^ block                   ^ what malloc returns
 *
 * size is the whole block (a class size, or the mapping's length); magic
 * says what the block is, so that free() can catch a pointer malloc never
 * returned, or a double free.  Rounding to powers of two wastes up to
 * half of a small block: the price of O(1) malloc and free with no
 * searching, splitting or merging.  Without NDEBUG, freed small blocks
 * are filled with 0xdf so that a use after free reads junk, not data.
 * Single-threaded: there is no lock.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "libc.h"

#define HEADER_SIZE	16
#define MIN_SHIFT	5			/* the smallest block: 32 B */
#define NCLASSES	12			/* 32 B, 64 B, ..., 64 KiB */
#define MAX_SMALL	((size_t)1 << (MIN_SHIFT + NCLASSES - 1))
#define CHUNK_SIZE	MAX_SMALL		/* what refill() takes */
#define JUNK		0xdf

#define MAGIC_SMALL	0x6d616c6c6f63736dUL	/* in use, from a class */
#define MAGIC_LARGE	0x6d616c6c6f636c67UL	/* in use, its own mmap */
#define MAGIC_FREE	0x6672656566726565UL	/* on a free list */

struct block {
	size_t		size;		/* whole block, header included */
	unsigned long	magic;
	struct block	*next_free;	/* payload; only while free */
};

_Static_assert(offsetof(struct block, next_free) == HEADER_SIZE,
    "the payload starts right after the header");

static struct block *free_lists[NCLASSES];

static void __attribute__((noreturn))
malloc_panic(const char *why)
{
	fprintf(stderr, "%s: malloc: %s\n", __progname, why);
	abort();
}

static void *
payload(struct block *b)
{
	return (char *)b + HEADER_SIZE;
}

/* block_of: the header of p, which must be a block in use. */
static struct block *
block_of(void *p)
{
	struct block *b = (struct block *)((char *)p - HEADER_SIZE);

	if (b->magic == MAGIC_FREE)
		malloc_panic("block used after free (double free?)");
	if (b->magic != MAGIC_SMALL && b->magic != MAGIC_LARGE)
		malloc_panic("not a pointer from malloc");
	return b;
}

/* size_class: the smallest class whose blocks hold n bytes of payload. */
static int
size_class(size_t n)
{
	int class = 0;

	while (((size_t)1 << (MIN_SHIFT + class)) < n + HEADER_SIZE)
		class++;
	return class;
}

/*
 * heap_grow: CHUNK_SIZE new bytes, 16-byte aligned, from the break; from
 * mmap if the break cannot grow (no brk, or it ran into a mapping).
 * NULL if both fail.
 */
static void *
heap_grow(void)
{
	uintptr_t top = (uintptr_t)sbrk(0);
	void *p;

	if (top != (uintptr_t)-1 && (top & (HEADER_SIZE - 1)) != 0)
		sbrk(HEADER_SIZE - (top & (HEADER_SIZE - 1)));
	p = sbrk(CHUNK_SIZE);
	if (p != (void *)-1)
		return p;
	p = mmap(NULL, CHUNK_SIZE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

/* refill: cut a new chunk into free blocks of class; false if no memory. */
static bool
refill(int class)
{
	size_t size = (size_t)1 << (MIN_SHIFT + class);
	char *chunk = heap_grow();
	size_t offset;
	struct block *b;

	if (chunk == NULL)
		return false;
	/* Push from the top, so the list hands out ascending addresses. */
	for (offset = CHUNK_SIZE; offset >= size; offset -= size) {
		b = (struct block *)(chunk + offset - size);
		b->size = size;
		b->magic = MAGIC_FREE;
		b->next_free = free_lists[class];
		free_lists[class] = b;
	}
	return true;
}

static void *
small_alloc(size_t n)
{
	int class = size_class(n);
	struct block *b;

	if (free_lists[class] == NULL && !refill(class)) {
		errno = ENOMEM;
		return NULL;
	}
	b = free_lists[class];
	if (b->magic != MAGIC_FREE)
		malloc_panic("free list corrupted (write after free?)");
	free_lists[class] = b->next_free;
	b->magic = MAGIC_SMALL;
	return payload(b);
}

static void *
large_alloc(size_t n)
{
	size_t page = (size_t)getpagesize();
	size_t len;
	struct block *b;

	if (n > SIZE_MAX - HEADER_SIZE - page) {
		errno = ENOMEM;
		return NULL;
	}
	len = (n + HEADER_SIZE + page - 1) & ~(page - 1);
	b = mmap(NULL, len, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (b == MAP_FAILED)
		return NULL;
	b->size = len;
	b->magic = MAGIC_LARGE;
	return payload(b);
}

/* malloc: n bytes, 16-byte aligned; NULL and ENOMEM.  malloc(0) is unique. */
void *
malloc(size_t n)
{
	if (n <= MAX_SMALL - HEADER_SIZE)
		return small_alloc(n);
	return large_alloc(n);
}

/* free: p back to its class's free list, or its mapping to the kernel. */
void
free(void *p)
{
	struct block *b;
	int class;

	if (p == NULL)
		return;
	b = block_of(p);
	if (b->magic == MAGIC_LARGE) {
		if (munmap(b, b->size) != 0)
			malloc_panic("free: munmap failed");
		return;
	}
	class = size_class(b->size - HEADER_SIZE);
#ifndef NDEBUG
	memset(p, JUNK, b->size - HEADER_SIZE);
#endif
	b->magic = MAGIC_FREE;
	b->next_free = free_lists[class];
	free_lists[class] = b;
}

void *
calloc(size_t count, size_t size)
{
	size_t n;
	void *p;

	if (__builtin_mul_overflow(count, size, &n)) {
		errno = ENOMEM;
		return NULL;
	}
	p = malloc(n);
	if (p != NULL)
		memset(p, 0, n);
	return p;
}

/*
 * realloc: p's contents in a block of n bytes.  The block stays where it
 * is if it already holds n bytes (it never shrinks); otherwise a new one
 * is allocated and p freed.  realloc(NULL, n) is malloc(n); realloc(p, 0)
 * frees p and returns NULL.  On failure p is untouched.
 */
void *
realloc(void *p, size_t n)
{
	size_t have;
	void *q;

	if (p == NULL)
		return malloc(n);
	if (n == 0) {
		free(p);
		return NULL;
	}
	have = block_of(p)->size - HEADER_SIZE;
	if (n <= have)
		return p;
	q = malloc(n);
	if (q == NULL)
		return NULL;
	memcpy(q, p, have);
	free(p);
	return q;
}
