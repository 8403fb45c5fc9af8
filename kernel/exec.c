/*
 * exec.c: build a new address space from an executable and start it.
 *
 * The steps, for a static ELF executable from the initramfs:
 *   1. elf_parse() checks it and lists its PT_LOAD segments;
 *   2. a new pmap and vm_map; every segment becomes a region with the
 *      segment's rights, and its pages are filled now, from the file (the
 *      initramfs is already in memory: there is nothing to page in later);
 *      past the file bytes, up to the segment's end, memory is zero (bss);
 *   3. the heap starts right after the last segment (brk);
 *   4. the stack is a region of USER_STACK_SIZE under the top of user
 *      space, with a guard gap below it; its top pages get the initial
 *      stack the C library expects (below);
 *   5. a process starts at the entry point.
 *
 * The initial stack (System V ABI), from the stack pointer upwards:
 *
 *   sp -> argc
 *         argv[0] ... argv[argc - 1], NULL
 *         envp[0] ... NULL
 *         auxv: (AT_PHDR, ...) (AT_PHENT, ...) ... (AT_NULL, 0)
 *         padding, 16 random bytes (AT_RANDOM), the strings
 *   top of the stack
 */
#include "kernel/exec.h"
#include "kernel/copy.h"
#include "kernel/elf.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/initramfs.h"
#include "kernel/machdep.h"
#include "kernel/proc.h"
#include "kernel/random.h"
#include "kernel/systm.h"
#include "vm/kmem.h"
#include "vm/pmap.h"
#include "vm/vm_fault.h"
#include "vm/vm_map.h"
#include "vm/vm_page.h"

#define USER_STACK_TOP	(VM_MAX_USER_ADDRESS - PAGE_SIZE)
#define EXEC_ARG_MAX	32		/* argv or envp strings at most */

/* Auxiliary vector types (Linux's). */
#define AT_NULL		0
#define AT_PHDR		3
#define AT_PHENT	4
#define AT_PHNUM	5
#define AT_PAGESZ	6
#define AT_ENTRY	9
#define AT_UID		11
#define AT_EUID		12
#define AT_GID		13
#define AT_EGID		14
#define AT_RANDOM	25
#define AT_EXECFN	31

static vm_prot_t
segment_prot(uint32_t flags)
{
	vm_prot_t prot = VM_PROT_NONE;

	if (flags & PF_R)
		prot |= VM_PROT_READ;
	if (flags & PF_W)
		prot |= VM_PROT_WRITE;
	if (flags & PF_X)
		prot |= VM_PROT_EXECUTE;
	return prot;
}

/*
 * Copy len bytes to user address va of map (not the current address
 * space): fault each page in, then write through the direct map.
 */
static int
map_write(struct vm_map *map, vm_offset_t va, const void *src, size_t len)
{
	const char *from = src;

	while (len > 0) {
		size_t n = MIN(len, PAGE_SIZE - (va & PAGE_MASK));
		vm_paddr_t pa;
		int error;

		if ((error = vm_fault_map(map, va, VM_PROT_READ)) != 0)
			return error;
		if (!pmap_extract(map->pmap, va, &pa))
			return -EFAULT;
		memcpy((void *)PHYS_TO_DMAP(pa), from, n);
		va += n;
		from += n;
		len -= n;
	}
	return 0;
}

/* Map one segment as a region and fill it from the file. */
static int
load_segment(struct vm_map *map, const struct elf_segment *seg,
    const char *image, const char *name)
{
	vm_offset_t start = rounddown2(seg->vaddr, PAGE_SIZE);
	vm_offset_t end = roundup2(seg->vaddr + seg->memsz, PAGE_SIZE);
	int error;

	error = vm_map_insert(map, start, end, segment_prot(seg->flags),
	    VM_ENTRY_ANON, name);
	if (error != 0)
		return error;
	/* Fault every page in now: the file bytes, and the bss zeroed. */
	for (vm_offset_t va = start; va < end; va += PAGE_SIZE)
		if ((error = vm_fault_map(map, va, VM_PROT_READ)) != 0)
			return error;
	return map_write(map, seg->vaddr, image + seg->offset, seg->filesz);
}

static int
load_image(struct vm_map *map, const struct elf_info *info, const char *image,
    const char *name)
{
	vm_offset_t end = 0;
	int error;

	for (int i = 0; i < info->nsegments; i++) {
		const struct elf_segment *seg = &info->segments[i];

		if ((error = load_segment(map, seg, image, name)) != 0)
			return error;
		end = MAX(end, roundup2(seg->vaddr + seg->memsz, PAGE_SIZE));
	}
	map->brk_base = map->brk = end;
	return 0;
}

/* The stack region and the guard gap below it. */
static int
map_stack(struct vm_map *map)
{
	vm_offset_t bottom = USER_STACK_TOP - USER_STACK_SIZE;
	int error;

	error = vm_map_insert(map, bottom, USER_STACK_TOP, VM_PROT_RW,
	    VM_ENTRY_ANON | VM_ENTRY_STACK, "[stack]");
	if (error != 0)
		return error;
	return vm_map_insert(map, bottom - USER_STACK_GUARD, bottom,
	    VM_PROT_NONE, VM_ENTRY_GUARD | VM_ENTRY_STACK, "");
}

/* What goes on the initial stack, gathered before it is written. */
struct stack_image {
	uint64_t	words[2 * EXEC_ARG_MAX + 40];	/* argc .. AT_NULL */
	int		nwords;
	char		strings[2048];			/* argv, envp strings */
	size_t		nstrings;
};

static void
push_word(struct stack_image *si, uint64_t w)
{
	KASSERT(si->nwords < (int)nitems(si->words),
	    ("push_word: initial stack too big"));
	si->words[si->nwords++] = w;
}

/* Put one string in the strings block; its user address in *uaddr. */
static int
push_string(struct stack_image *si, const char *str, vm_offset_t strings_top,
    vm_offset_t *uaddr)
{
	size_t len = strlen(str) + 1;

	if (si->nstrings + len > sizeof(si->strings))
		return -E2BIG;
	memcpy(si->strings + si->nstrings, str, len);
	*uaddr = strings_top - sizeof(si->strings) + si->nstrings;
	si->nstrings += len;
	return 0;
}

/*
 * Lay a string list (argv or envp) out: the strings go at the top of the
 * stack, strings_top - (offset in si->strings), their addresses in words.
 * -E2BIG if they do not fit.
 */
static int
push_strings(struct stack_image *si, const char *const list[],
    vm_offset_t strings_top)
{
	for (int i = 0; list != NULL && list[i] != NULL; i++) {
		vm_offset_t uaddr;
		int error;

		if (i == EXEC_ARG_MAX)
			return -E2BIG;
		if ((error = push_string(si, list[i], strings_top, &uaddr)) != 0)
			return error;
		push_word(si, uaddr);
	}
	push_word(si, 0);
	return 0;
}

static int
count_strings(const char *const list[])
{
	int n = 0;

	while (list != NULL && list[n] != NULL)
		n++;
	return n;
}

/* The auxiliary vector: what the C library learns from the kernel. */
static void
push_auxv(struct stack_image *si, const struct elf_info *info,
    vm_offset_t random_at, vm_offset_t execfn)
{
	const uint64_t auxv[][2] = {
		{ AT_PHDR, info->phdr_vaddr },
		{ AT_PHENT, info->phentsize },
		{ AT_PHNUM, info->phnum },
		{ AT_PAGESZ, PAGE_SIZE },
		{ AT_ENTRY, info->entry },
		{ AT_UID, 0 }, { AT_EUID, 0 }, { AT_GID, 0 }, { AT_EGID, 0 },
		{ AT_RANDOM, random_at },
		{ AT_EXECFN, execfn },		/* the path exec was given */
		{ AT_NULL, 0 },
	};

	for (size_t i = 0; i < nitems(auxv); i++) {
		push_word(si, auxv[i][0]);
		push_word(si, auxv[i][1]);
	}
}

/*
 * Build and write the initial stack; the stack pointer in *sp.  The
 * strings area is a fixed 2 KiB block at the top; below it the 16
 * AT_RANDOM bytes; below them, 16-aligned, the words.
 */
static int
setup_stack(struct vm_map *map, const struct elf_info *info,
    const char *path, const char *const argv[], const char *const envp[],
    vm_offset_t *sp)
{
	vm_offset_t execfn;
	struct stack_image *si = kmalloc(sizeof(*si), KM_ZERO);
	vm_offset_t strings_top = USER_STACK_TOP;
	vm_offset_t random_at = strings_top - sizeof(si->strings) - 16;
	uint64_t random[2] = { random_u64(), random_u64() };
	int error;

	if (si == NULL)
		return -ENOMEM;
	push_word(si, count_strings(argv));
	if ((error = push_strings(si, argv, strings_top)) != 0 ||
	    (error = push_strings(si, envp, strings_top)) != 0 ||
	    (error = push_string(si, path, strings_top, &execfn)) != 0)
		goto out;
	push_auxv(si, info, random_at, execfn);
	*sp = rounddown2(random_at - si->nwords * 8, 16);
	if ((error = map_write(map, strings_top - sizeof(si->strings),
	    si->strings, sizeof(si->strings))) != 0 ||
	    (error = map_write(map, random_at, random, 16)) != 0)
		goto out;
	error = map_write(map, *sp, si->words, si->nwords * 8);
out:
	kfree(si);
	return error;
}

/* Find path in the initramfs: a regular file. */
static int
find_executable(const char *path, struct initramfs_node *node)
{
	int error = initramfs_lookup(&initramfs_boot, path, node);

	if (error != 0)
		return error;
	if ((node->mode & S_IFMT) != S_IFREG)
		return -EACCES;
	return 0;
}

/* The last component of path, for the process name. */
static const char *
basename(const char *path)
{
	const char *slash = path;

	for (const char *p = path; *p != '\0'; p++)
		if (*p == '/')
			slash = p + 1;
	return slash;
}

/*
 * Build the address space of a new image of path: its map and pmap, the
 * entry point and the initial stack pointer.  Nothing of the caller's
 * changes; on error nothing is left over.
 */
static int
exec_build(const char *path, const char *const argv[],
    const char *const envp[], struct vm_map **mapp, vm_offset_t *entry,
    vm_offset_t *sp)
{
	struct initramfs_node node;
	struct elf_info info;
	struct pmap *pmap = NULL;
	struct vm_map *map = NULL;
	int error;

	if ((error = find_executable(path, &node)) != 0)
		return error;
	if ((error = elf_parse(node.data, node.size, machine_elf_type,
	    USER_PIE_BASE, USER_STACK_TOP - USER_STACK_SIZE - USER_STACK_GUARD,
	    &info)) != 0)
		return error;
	error = -ENOMEM;
	if ((pmap = pmap_create()) == NULL || (map = vm_map_create(pmap,
	    VM_MIN_USER_ADDRESS, VM_MAX_USER_ADDRESS)) == NULL)
		goto fail;
	if ((error = load_image(map, &info, node.data, path)) != 0 ||
	    (error = map_stack(map)) != 0 ||
	    (error = setup_stack(map, &info, path, argv, envp, sp)) != 0)
		goto fail;
	*mapp = map;
	*entry = info.entry;
	return 0;
fail:
	if (map != NULL)
		vm_map_destroy(map);
	if (pmap != NULL)
		pmap_destroy(pmap);
	return error;
}

int
exec_spawn(const char *path, const char *const argv[],
    const char *const envp[], struct proc **out)
{
	struct vm_map *map;
	struct pmap *pmap;
	vm_offset_t entry, sp;
	int error;

	if ((error = exec_build(path, argv, envp, &map, &entry, &sp)) != 0)
		return error;
	pmap = map->pmap;
	if ((*out = uproc_create(basename(path), pmap, map, entry, sp)) ==
	    NULL) {
		vm_map_destroy(map);
		pmap_destroy(pmap);
		return -EAGAIN;
	}
	return 0;
}

int
exec_replace(const char *path, const char *const argv[],
    const char *const envp[])
{
	struct proc *p = curproc;
	struct vm_map *map, *old_map = p->p_map;
	struct pmap *old_pmap = p->p_pmap;
	vm_offset_t entry, sp;
	int error;

	if ((error = exec_build(path, argv, envp, &map, &entry, &sp)) != 0)
		return error;
	/* The point of no return: the old image goes. */
	p->p_map = map;
	p->p_pmap = map->pmap;
	pmap_activate(p->p_pmap);
	vm_map_destroy(old_map);
	pmap_destroy(old_pmap);
	strlcpy(p->p_name, basename(path), sizeof(p->p_name));
	p->p_frame = cpu_user_frame(proc_kstack_top(p), entry, sp);
	cpu_tls_reset(&p->p_pcb);
	if (p->p_fd != NULL)
		fd_table_exec(p->p_fd);		/* close O_CLOEXEC files */
	return 0;
}
