/*
 * host_test.c: the runner of the host unit tests, and the few kernel
 * services the host-built kernel files call (KASSERT, panic, the console).
 *
 *   build/host/host_tests [PREFIX]
 *
 * runs every test whose name starts with PREFIX (all by default) and exits
 * with status 0 only if none failed.  PAGODA_SEED=N in the environment sets
 * the seed of the randomised tests; the seed is printed first, so that a
 * failing run can be repeated exactly.
 */
#include <sanitizer/common_interface_defs.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host_test.h"
#include "klibc.h"
#include "kernel/lock.h"
#include "kernel/cons.h"
#include "kernel/systm.h"	/* the shims below must match its prototypes */

#define DEFAULT_SEED	20250101
#define TEST_TIMEOUT	10	/* seconds: a hang is a failure, not a stall */

bool host_intr_on = true;		/* machine/cpufunc.h's shim */
uintptr_t host_dmap_base;		/* machine/vmparam.h's shim */

static struct host_test *tests_head, **tests_tail = &tests_head;
static const struct host_test *current_test;
static uint64_t run_seed, rng_state;
static int npassed, nfailed;

/* Where host_catch_kassert() waits for a KASSERT or panic, if anywhere. */
static jmp_buf *kassert_catcher;
static char kassert_msg[256];

static char console[4096];		/* what the kernel's printf() wrote */
static size_t console_len;

void
host_test_register(struct host_test *t)
{
	*tests_tail = t;
	tests_tail = &t->next;
}

void
host_fail(struct host_ctx *ht, const char *file, int line, const char *fmt,
    ...)
{
	va_list ap;

	if (ht->failed)
		return;		/* keep the first failure */
	ht->failed = true;
	ht->file = file;
	ht->line = line;
	va_start(ap, fmt);
	vsnprintf(ht->msg, sizeof(ht->msg), fmt, ap);
	va_end(ap);
}

/*
 * The end of a KASSERT or panic(): back to host_catch_kassert() if a test
 * expects one, else report it like the kernel would and abort.
 */
static void __attribute__((noreturn))
host_panic(const char *kind, const char *fmt, va_list ap)
{
	vsnprintf(kassert_msg, sizeof(kassert_msg), fmt, ap);
	if (kassert_catcher != NULL)
		longjmp(*kassert_catcher, 1);
	fprintf(stderr, "host %s: FAILED (%s: %s)\n",
	    current_test != NULL ? current_test->name : "?", kind, kassert_msg);
	abort();
}

void
kassert_panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	host_panic("KASSERT", fmt, ap);
}

void
panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	host_panic("panic", fmt, ap);
}

bool
host_catch_kassert(void (*fn)(void *), void *arg, char *msg, size_t size)
{
	jmp_buf catcher;

	if (setjmp(catcher) != 0) {
		kassert_catcher = NULL;
		host_intr_on = true;	/* the abandoned spin_lock took them */
		intr_forget();		/* and its nesting with them */
		snprintf(msg, size, "%s", kassert_msg);
		return true;
	}
	kassert_catcher = &catcher;
	fn(arg);
	kassert_catcher = NULL;
	return false;
}

/* kernel/cons.h, for kernel/printf.c: collect the output for the tests. */
void
cons_putc(int c)
{
	if (console_len + 1 < sizeof(console))
		console[console_len++] = (char)c;
	console[console_len] = '\0';
}

void
cons_lock(void)
{
}

void
cons_unlock(void)
{
}

const char *
host_console_output(void)
{
	return console;
}

void
host_console_clear(void)
{
	console_len = 0;
	console[0] = '\0';
}

/* xorshift64*: small, fast and good enough to shuffle test operations. */
uint64_t
host_random(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

uint64_t
host_random_below(uint64_t n)
{
	return n == 0 ? 0 : host_random() % n;
}

uint64_t
host_seed(void)
{
	return run_seed;
}

/* The run's seed mixed with the test's name (FNV-1a), never zero. */
static void
seed_for(const char *name)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ run_seed;

	for (; *name != '\0'; name++)
		h = (h ^ (unsigned char)*name) * 0x100000001b3ULL;
	rng_state = h != 0 ? h : 1;
}

static void
on_timeout(int sig)
{
	static const char msg[] = ": FAILED (timeout: the test hangs)\n";

	(void)sig;
	/* Only async-signal-safe calls here. */
	if (write(STDOUT_FILENO, "host ", 5) < 0 ||
	    write(STDOUT_FILENO, current_test->name,
	    strlen(current_test->name)) < 0 ||
	    write(STDOUT_FILENO, msg, sizeof(msg) - 1) < 0)
		_exit(2);
	_exit(1);
}

/* A sanitizer report ends the program: say which test it was in. */
static void
on_sanitizer_death(void)
{
	printf("host %s: FAILED (sanitizer report above)\n",
	    current_test != NULL ? current_test->name : "?");
	fflush(stdout);
}

static void
run_one(const struct host_test *t)
{
	struct host_ctx ht = { .failed = false };

	current_test = t;
	host_intr_on = true;
	host_console_clear();
	seed_for(t->name);
	alarm(TEST_TIMEOUT);
	t->fn(&ht);
	alarm(0);
	if (!ht.failed && !host_intr_on)
		host_fail(&ht, __FILE__, __LINE__,
		    "interrupts left disabled (a spin lock still held?)");
	if (ht.failed) {
		printf("host %s: FAILED (%s:%d: %s)\n", t->name, ht.file,
		    ht.line, ht.msg);
		nfailed++;
	} else {
		printf("host %s: ok\n", t->name);
		npassed++;
	}
	fflush(stdout);
	current_test = NULL;
}

int
main(int argc, char **argv)
{
	const char *prefix = argc > 1 ? argv[1] : "";
	const char *env = getenv("PAGODA_SEED");

	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGALRM, on_timeout);
	__sanitizer_set_death_callback(on_sanitizer_death);
	run_seed = env != NULL ? strtoull(env, NULL, 0) : DEFAULT_SEED;
	printf("host: seed %lu (rerun: PAGODA_SEED=%lu make -C tests/host "
	    "run%s%s)\n", (unsigned long)run_seed, (unsigned long)run_seed,
	    prefix[0] != '\0' ? " TESTS=" : "", prefix);
	for (const struct host_test *t = tests_head; t != NULL; t = t->next)
		if (strncmp(t->name, prefix, strlen(prefix)) == 0)
			run_one(t);
	printf("%d passed, %d failed\n", npassed, nfailed);
	return nfailed == 0 ? 0 : 1;
}
