/*
 * ktest.c: the in-kernel test runner (see ktest.h).
 *
 * The KTEST() macro puts a struct ktest into the .ktest_set section; the
 * linker script gathers them between ktest_set_start and ktest_set_end,
 * so the runner finds every test without a central list.
 */
#include "kernel/ktest.h"
#include "kernel/clock.h"
#include "vm/vm_audit.h"
#include "vm/vm_page.h"

extern const struct ktest ktest_set_start[], ktest_set_end[];

void
ktest_fail(struct ktest_ctx *kt, const char *file, int line,
    const char *fmt, ...)
{
	va_list ap;

	if (kt->failed)
		return;		/* keep the first failure */
	kt->failed = true;
	kt->file = file;
	kt->line = line;
	va_start(ap, fmt);
	vsnprintf(kt->msg, sizeof(kt->msg), fmt, ap);
	va_end(ap);
}

enum ktest_result { KTEST_PASSED, KTEST_FAILED, KTEST_SKIPPED };

/* Run one test and report it. */
static enum ktest_result
ktest_run_one(const struct ktest *t)
{
	struct ktest_ctx kt = { .failed = false };
	size_t free_before = vm_page_free_count();
	size_t free_after;

	t->fn(&kt);
	free_after = vm_page_free_count();
	if (!kt.failed && free_after != free_before) {
		snprintf(kt.msg, sizeof(kt.msg), "leaked %ld pages "
		    "(free before %zu, after %zu)",
		    (long)(free_before - free_after), free_before, free_after);
		kt.file = NULL;
		kt.failed = true;
	}
	if (!kt.failed && vm_audit(kt.msg, sizeof(kt.msg)) != 0) {
		kt.file = NULL;		/* the audit's report is the reason */
		kt.failed = true;
	}
	if (!kt.failed && kt.skipped) {
		printf("ktest %s: skipped (%s)\n", t->name, kt.msg);
		return KTEST_SKIPPED;
	}
	if (!kt.failed)
		printf("ktest %s: ok\n", t->name);
	else if (kt.file != NULL)
		printf("ktest %s: FAILED (%s:%d: %s)\n", t->name, kt.file,
		    kt.line, kt.msg);
	else
		printf("ktest %s: FAILED (%s)\n", t->name, kt.msg);
	return kt.failed ? KTEST_FAILED : KTEST_PASSED;
}

int
ktest_run(const char *prefix)
{
	int count[3] = { 0, 0, 0 };	/* by enum ktest_result */
	uint64_t start = ticks;

	printf("ktest: running %s\n", prefix[0] ? prefix : "all tests");
	for (const struct ktest *t = ktest_set_start; t < ktest_set_end; t++) {
		if (strncmp(t->name, prefix, strlen(prefix)) != 0)
			continue;
		count[ktest_run_one(t)]++;
	}
	printf("ktest: %lu ms\n", (ticks - start) * (1000 / HZ));
	printf("%d passed, %d failed", count[KTEST_PASSED],
	    count[KTEST_FAILED]);
	if (count[KTEST_SKIPPED] > 0)
		printf(", %d skipped", count[KTEST_SKIPPED]);
	printf("\n");
	return count[KTEST_FAILED];
}
