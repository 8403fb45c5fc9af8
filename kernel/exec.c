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
 * The initial stack (System V ABI), from the stack pointer upwards
 * (docs/running.md draws it whole):
 *
 *   sp -> argc
 *         argv[0] ... argv[argc - 1], NULL
 *         envp[0] ... NULL
 *         auxv: (AT_PHDR, ...) (AT_PHENT, ...) ... (AT_NULL, 0)
 *         padding, 16 random bytes (AT_RANDOM), the argv and envp
 *         strings, the path exec was given (AT_EXECFN)
 *   top of the stack
 */
#include "kernel/exec.h"
#include "kernel/copy.h"
#include "kernel/elf.h"
#include "kernel/errno.h"
#include "kernel/file.h"
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

/* ---- the arguments and the environment ------------------------------ */

struct exec_args *
exec_args_create(void)
{
	return kmalloc(sizeof(struct exec_args), KM_ZERO);
}

void
exec_args_destroy(struct exec_args *args)
{
	if (args == NULL)
		return;
	for (size_t i = 0; i < EXEC_ARGS_PAGES && args->pages[i] != NULL; i++)
		vm_page_free(args->pages[i]);
	kfree(args);
}

/*
 * Where byte off of the strings lives, and how many bytes of its page
 * follow it there; the page is allocated if the strings end right there.
 * NULL if out of memory.
 */
static char *
args_at(struct exec_args *args, size_t off, size_t *room)
{
	struct vm_page **m = &args->pages[off / PAGE_SIZE];

	KASSERT(off < EXEC_ARGS_MAX, ("args_at: offset %zu", off));
	*room = PAGE_SIZE - off % PAGE_SIZE;
	if (*m == NULL && (*m = vm_page_alloc(0, 0)) == NULL)
		return NULL;
	return (char *)PHYS_TO_DMAP(VM_PAGE_TO_PHYS(*m)) + off % PAGE_SIZE;
}

/*
 * The most bytes one more string may take, its NUL included: its own
 * limit, and what is left of the whole once its pointer is counted.
 */
static size_t
args_room(const struct exec_args *args)
{
	size_t used = args->len + (size_t)(args->argc + args->envc + 1) * 8;
	size_t left = used < EXEC_ARGS_MAX ? EXEC_ARGS_MAX - used : 0;

	return MIN(left, EXEC_ARG_STRLEN);
}

/* A string of len bytes (and its NUL) is in: count it. */
static void
args_count(struct exec_args *args, size_t len, bool env)
{
	KASSERT(env || args->envc == 0, ("exec_args: argv after envp"));
	args->len += len + 1;
	if (env)
		args->envc++;
	else
		args->argc++;
}

int
exec_args_add(struct exec_args *args, const char *str, bool env)
{
	size_t len = strlen(str), done = 0, room, n;
	char *to;

	if (len + 1 > args_room(args))
		return -E2BIG;
	while (done < len + 1) {
		if ((to = args_at(args, args->len + done, &room)) == NULL)
			return -ENOMEM;
		n = MIN(room, len + 1 - done);
		memcpy(to, str + done, n);
		done += n;
	}
	args_count(args, len, env);
	return 0;
}

/*
 * Append the user string ustr, a page of the strings at a time:
 * copyinstr() stops at the end of each piece (-ENAMETOOLONG), and the
 * copy goes on in the next, until the NUL or the limit.
 */
static int
args_copyin_string(struct exec_args *args, const char *ustr, bool env)
{
	size_t limit = args_room(args), done = 0, room, len;
	char *to;
	int error;

	for (;;) {
		if (done == limit)
			return -E2BIG;
		if ((to = args_at(args, args->len + done, &room)) == NULL)
			return -ENOMEM;
		room = MIN(room, limit - done);
		error = copyinstr(ustr + done, to, room, &len);
		if (error == 0) {
			args_count(args, done + len, env);
			return 0;
		}
		if (error != -ENAMETOOLONG)
			return error;
		done += room;
	}
}

int
exec_args_copyin(struct exec_args *args, char *const *uarray, bool env)
{
	for (size_t i = 0; uarray != NULL; i++) {
		char *ustr;
		int error;

		if ((error = copyin(&uarray[i], &ustr, sizeof(ustr))) != 0)
			return error;
		if (ustr == NULL)
			break;
		if ((error = args_copyin_string(args, ustr, env)) != 0)
			return error;
	}
	return 0;
}

/* ---- the initial stack --------------------------------------------- */

#define AUXV_PAIRS	12		/* push_auxv()'s table */

/*
 * The words of the initial stack go to user memory through a small
 * buffer, in order from the stack pointer up: there may be 200,000 of
 * them (EXEC_ARGS_MAX), too many for one allocation.
 */
struct word_writer {
	struct vm_map	*map;
	vm_offset_t	va;		/* where buf[0] goes */
	uint64_t	buf[64];
	int		n;		/* words in buf */
	int		error;		/* the first map_write() error */
};

static void
words_flush(struct word_writer *ww)
{
	if (ww->n > 0 && ww->error == 0)
		ww->error = map_write(ww->map, ww->va, ww->buf, ww->n * 8);
	ww->va += ww->n * 8;
	ww->n = 0;
}

static void
push_word(struct word_writer *ww, uint64_t word)
{
	ww->buf[ww->n++] = word;
	if (ww->n == (int)nitems(ww->buf))
		words_flush(ww);
}

/* The auxiliary vector: what the C library learns from the kernel. */
static void
push_auxv(struct word_writer *ww, const struct elf_info *info,
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

	CTASSERT(nitems(auxv) == AUXV_PAIRS);
	for (size_t i = 0; i < nitems(auxv); i++) {
		push_word(ww, auxv[i][0]);
		push_word(ww, auxv[i][1]);
	}
}

/*
 * Push the user addresses of n strings, the first at offset *off of the
 * strings, which start at user address strings; then NULL.  *off moves
 * past them.
 */
static void
push_pointers(struct word_writer *ww, struct exec_args *args, size_t *off,
    int n, vm_offset_t strings)
{
	size_t room, len;
	const char *p;

	for (int i = 0; i < n; i++) {
		push_word(ww, strings + *off);
		do {			/* find its NUL, maybe pages on */
			p = args_at(args, *off, &room);
			room = MIN(room, args->len - *off);
			len = strnlen(p, room);
			*off += len < room ? len + 1 : room;
		} while (len == room);
	}
	push_word(ww, 0);
}

/* Copy the strings to user address strings of map, a page at a time. */
static int
write_strings(struct vm_map *map, struct exec_args *args, vm_offset_t strings)
{
	size_t room;
	int error;

	for (size_t off = 0; off < args->len; off += room) {
		const char *p = args_at(args, off, &room);

		room = MIN(room, args->len - off);
		if ((error = map_write(map, strings + off, p, room)) != 0)
			return error;
	}
	return 0;
}

/*
 * Write the initial stack (docs/running.md draws it) into map; the stack
 * pointer in *sp.  From the top down: the argument and environment
 * strings, the path (AT_EXECFN), the 16 AT_RANDOM bytes, then the words
 * from argc to AT_NULL, 16-aligned as the ABI wants at the entry point.
 */
static int
setup_stack(struct vm_map *map, const struct elf_info *info,
    const char *path, struct exec_args *args, vm_offset_t *sp)
{
	size_t pathlen = strlen(path) + 1, off = 0;
	size_t nwords = 1 + (size_t)(args->argc + 1 + args->envc + 1) +
	    2 * AUXV_PAIRS;
	vm_offset_t strings = rounddown2(USER_STACK_TOP - args->len - pathlen,
	    16);
	vm_offset_t execfn = strings + args->len, random_at = strings - 16;
	uint64_t random[2] = { random_u64(), random_u64() };
	struct word_writer ww = { .map = map };
	int error;

	*sp = ww.va = rounddown2(random_at - nwords * 8, 16);
	push_word(&ww, (uint64_t)args->argc);
	push_pointers(&ww, args, &off, args->argc, strings);
	push_pointers(&ww, args, &off, args->envc, strings);
	push_auxv(&ww, info, random_at, execfn);
	words_flush(&ww);
	if ((error = ww.error) == 0 &&
	    (error = write_strings(map, args, strings)) == 0 &&
	    (error = map_write(map, execfn, path, pathlen)) == 0)
		error = map_write(map, random_at, random, 16);
	return error;
}

/*
 * Find path (from dir, if relative) and hand out its bytes: a regular
 * file of the archive with an execute bit, held open in *fpp for the
 * caller to drop.  -EACCES otherwise (a directory, a device, /proc).
 */
static int
open_executable(struct file *dir, const char *path, struct file **fpp,
    const void **data, size_t *size)
{
	int error;

	if ((error = file_open(dir, path, O_RDONLY, fpp)) != 0)
		return error;
	if ((error = file_image(*fpp, data, size)) == 0 &&
	    ((*fpp)->f_node.mode & 0111) == 0)
		error = -EACCES;
	if (error != 0)
		file_drop(*fpp);
	return error;
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

/* Where a new image goes: its map, the entry point and the stack pointer. */
struct exec_image {
	struct vm_map	*map;
	vm_offset_t	entry;
	vm_offset_t	sp;
};

/* Load the checked executable (image) and its stack into a new map. */
static int
exec_load(const void *image, const struct elf_info *info, const char *path,
    struct exec_args *args, struct exec_image *out)
{
	struct pmap *pmap;
	struct vm_map *map;
	int error;

	if ((pmap = pmap_create()) == NULL)
		return -ENOMEM;
	if ((map = vm_map_create(pmap, VM_MIN_USER_ADDRESS,
	    VM_MAX_USER_ADDRESS)) == NULL) {
		pmap_destroy(pmap);
		return -ENOMEM;
	}
	if ((error = load_image(map, info, image, path)) != 0 ||
	    (error = map_stack(map)) != 0 ||
	    (error = setup_stack(map, info, path, args, &out->sp)) != 0) {
		vm_map_destroy(map);
		pmap_destroy(pmap);
		return error;
	}
	out->map = map;
	out->entry = info->entry;
	return 0;
}

/*
 * Build the address space of a new image of path (from dir if relative):
 * its map and pmap, the entry point and the initial stack pointer.
 * Nothing of the caller's changes; on error nothing is left over.
 */
static int
exec_build(struct file *dir, const char *path, struct exec_args *args,
    struct exec_image *out)
{
	struct elf_info info;
	struct file *fp;
	const void *image;
	size_t size;
	int error;

	if ((error = open_executable(dir, path, &fp, &image, &size)) != 0)
		return error;
	error = elf_parse(image, size, machine_elf_type, USER_PIE_BASE,
	    USER_STACK_TOP - USER_STACK_SIZE - USER_STACK_GUARD, &info);
	if (error == 0)
		error = exec_load(image, &info, path, args, out);
	file_drop(fp);
	return error;
}

/* The kernel's argv and envp as exec_args: 0, -E2BIG, -ENOMEM. */
static int
args_from_kernel(struct exec_args *args, const char *const argv[],
    const char *const envp[])
{
	int error = 0;

	for (int i = 0; argv != NULL && argv[i] != NULL && error == 0; i++)
		error = exec_args_add(args, argv[i], false);
	for (int i = 0; envp != NULL && envp[i] != NULL && error == 0; i++)
		error = exec_args_add(args, envp[i], true);
	return error;
}

int
exec_spawn(const char *path, const char *const argv[],
    const char *const envp[], struct proc **out)
{
	struct exec_args *args = exec_args_create();
	struct exec_image image;
	struct pmap *pmap;
	int error = -ENOMEM;

	if (args != NULL && (error = args_from_kernel(args, argv, envp)) == 0)
		error = exec_build(NULL, path, args, &image);
	exec_args_destroy(args);
	if (error != 0)
		return error;
	pmap = image.map->pmap;
	if ((*out = uproc_create(basename(path), pmap, image.map, image.entry,
	    image.sp)) == NULL) {
		vm_map_destroy(image.map);
		pmap_destroy(pmap);
		return -EAGAIN;
	}
	return 0;
}

int
exec_replace(struct file *dir, const char *path, struct exec_args *args)
{
	struct proc *p = curproc;
	struct vm_map *old_map = p->p_map;
	struct pmap *old_pmap = p->p_pmap;
	struct exec_image image;
	int error;

	if ((error = exec_build(dir, path, args, &image)) != 0)
		return error;
	/* The point of no return: the old image goes. */
	p->p_map = image.map;
	p->p_pmap = image.map->pmap;
	pmap_activate(p->p_pmap);
	vm_map_destroy(old_map);
	pmap_destroy(old_pmap);
	strlcpy(p->p_name, basename(path), sizeof(p->p_name));
	p->p_frame = cpu_user_frame(proc_kstack_top(p), image.entry,
	    image.sp);
	cpu_tls_reset(&p->p_pcb);
	p->p_clear_tid = NULL;		/* it pointed into the old image */
	if (p->p_fd != NULL)
		fd_table_exec(p->p_fd);		/* close O_CLOEXEC files */
	return 0;
}
