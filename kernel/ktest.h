/*
 * ktest.h: in-kernel tests.
 *
 * A test is a function declared with KTEST(name).  Booting with "test" on
 * the command line runs every test (or "test=PREFIX": those whose name
 * starts with PREFIX), prints one line per test
 *
 *     ktest buddy_split: ok
 *     ktest pmap_protect: FAILED (tests/ktest/pmap.c:88: pa == want)
 *
 * and closes with "N passed, N failed" (", N skipped" if any were).  A
 * test also fails if it leaves the free-page count different from what
 * it found (a leak).  A test that needs what this boot lacks (a disk,
 * say) says so with KT_SKIP("why"): it is reported as skipped, never as
 * passed.
 *
 * Inside a test, KT_ASSERT(cond) and KT_EQ(a, b) record the first failure
 * and return from the test function, so put clean-up that must run before
 * the assertion, or accept that a failed test may leak (it already failed).
 */
#ifndef _KERNEL_KTEST_H_
#define _KERNEL_KTEST_H_

#include "kernel/systm.h"

struct ktest_ctx {
	const char	*file;		/* where the first failure was */
	int		line;
	char		msg[160];
	bool		failed;
	bool		skipped;	/* KT_SKIP(): msg says why */
};

struct ktest {
	const char	*name;
	void		(*fn)(struct ktest_ctx *kt);
} __aligned(16);

#define KTEST(tname)							\
	static void ktest_fn_##tname(struct ktest_ctx *kt);		\
	static const struct ktest ktest_##tname				\
	    __section(".ktest_set") __used = { #tname, ktest_fn_##tname }; \
	static void ktest_fn_##tname(struct ktest_ctx *kt __unused)

void	ktest_fail(struct ktest_ctx *kt, const char *file, int line,
	    const char *fmt, ...) __printflike(4, 5);

#define KT_ASSERT(cond) do {						\
	if (!(cond)) {							\
		ktest_fail(kt, __FILE__, __LINE__, "%s", #cond);	\
		return;							\
	}								\
} while (0)

/* Compare two integers; the message shows both values. */
#define KT_EQ(a, b) do {						\
	uint64_t ktest_a_ = (uint64_t)(a), ktest_b_ = (uint64_t)(b);	\
	if (ktest_a_ != ktest_b_) {					\
		ktest_fail(kt, __FILE__, __LINE__,			\
		    "%s == %s: 0x%lx != 0x%lx", #a, #b, ktest_a_, ktest_b_); \
		return;							\
	}								\
} while (0)

/* Skip the test: this boot lacks what it needs (why: a string). */
#define KT_SKIP(why) do {						\
	kt->skipped = true;						\
	snprintf(kt->msg, sizeof(kt->msg), "%s", (why));		\
	return;								\
} while (0)

/* Run the tests selected by the command line; return the failure count. */
int	ktest_run(const char *prefix);

#endif /* !_KERNEL_KTEST_H_ */
