/*
 * host_test.h: the host unit-test framework, shaped like kernel/ktest.h.
 *
 * A test is a function declared with HOST_TEST(name); the runner
 * (host_test.c) runs every test, or those whose name starts with the
 * program's first argument, prints one line per test
 *
 *     host buddy_split: ok
 *     host buddy_coalesce: FAILED (test_buddy.c:120: nfree == 8)
 *
 * and closes with "N passed, N failed".  Inside a test, HT_ASSERT(cond) and
 * HT_EQ(a, b) record the first failure and return from the test function.
 *
 * The kernel files under test are the real ones, built for the host with
 * AddressSanitizer and UBSan; a sanitizer report aborts the whole program,
 * which then exits with a failing status.
 */
#ifndef _TESTS_HOST_HOST_TEST_H_
#define _TESTS_HOST_HOST_TEST_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct host_ctx {
	const char	*file;		/* where the first failure was */
	int		line;
	char		msg[256];
	bool		failed;
};

struct host_test {
	const char	*name;
	void		(*fn)(struct host_ctx *ht);
	struct host_test *next;		/* registration order */
};

void	host_test_register(struct host_test *t);

/*
 * HOST_TEST(name) { ... }: define a test.  A constructor registers it
 * before main() runs, so no central list is needed (like KTEST's section).
 */
#define HOST_TEST(tname)						\
	static void host_fn_##tname(struct host_ctx *ht);		\
	static struct host_test host_test_##tname =			\
	    { #tname, host_fn_##tname, NULL };				\
	__attribute__((constructor)) static void			\
	host_register_##tname(void)					\
	{								\
		host_test_register(&host_test_##tname);			\
	}								\
	static void host_fn_##tname(struct host_ctx *ht)

void	host_fail(struct host_ctx *ht, const char *file, int line,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#define HT_ASSERT(cond) do {						\
	if (!(cond)) {							\
		host_fail(ht, __FILE__, __LINE__, "%s", #cond);		\
		return;							\
	}								\
} while (0)

/* Compare two integers; the message shows both values. */
#define HT_EQ(a, b) do {						\
	uint64_t host_a_ = (uint64_t)(a), host_b_ = (uint64_t)(b);	\
	if (host_a_ != host_b_) {					\
		host_fail(ht, __FILE__, __LINE__,			\
		    "%s == %s: %#lx != %#lx", #a, #b, host_a_, host_b_); \
		return;							\
	}								\
} while (0)

/* Fail with a message of one's own (then return from the test). */
#define HT_FAIL(...) do {						\
	host_fail(ht, __FILE__, __LINE__, __VA_ARGS__);			\
	return;								\
} while (0)

/*
 * host_catch_kassert: call fn(arg) and report whether it ended in a
 * KASSERT or panic(); if so, the message is copied into msg.  The failed
 * kernel function is abandoned where it stood (longjmp), so any lock it
 * held stays held: re-initialise the module before using it again.
 */
bool	host_catch_kassert(void (*fn)(void *), void *arg, char *msg,
	    size_t size);

/*
 * Pseudo-random numbers for randomised tests.  Each test starts from the
 * run's seed (PAGODA_SEED, or a fixed default) mixed with its own name, so
 * running one test alone reproduces the same sequence.
 */
uint64_t host_random(void);
/* A random number in [0, n). */
uint64_t host_random_below(uint64_t n);
uint64_t host_seed(void);

/*
 * host_machine_setup (host_machine.c): a fresh fake machine of npages
 * free frames (vm_page_array, the buddy allocator) and a fresh kmem, the
 * old one thrown away; its memory holds junk, not zeros.  The address
 * of frame 0's bytes.
 */
void	*host_machine_setup(size_t npages);

#endif /* !_TESTS_HOST_HOST_TEST_H_ */
