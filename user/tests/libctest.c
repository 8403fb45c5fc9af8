/*
 * libctest: a self-test of user/lib, and a first test of the kernel
 * under it.
 *
 *	libctest [-s seed]
 *
 * Each test prints "test NAME: ok", "test NAME: FAILED" (after one line
 * per failed check) or "test NAME: skipped (why)", and the run ends with
 * "N passed, N failed" (", N skipped" when some were); the exit status
 * is 0 only if nothing failed.  The same binary runs on Linux, where it
 * checks the library, and on Pagoda, where it also checks the system
 * calls: every expectation here is Linux's behaviour.
 *
 * The malloc stress test is random; it prints its seed, and -s repeats a
 * run.  libctest also runs itself with execve ("--exec-child", below).
 *
 * Its harness is its own, and runs every test in this one process: the
 * harness of usertests and blktest (<utest.h>) forks a child per test
 * and passes skip reasons through a MAP_SHARED page, so it leans on the
 * fork, wait and mmap that libctest is here to test.
 */
#undef NDEBUG			/* the crash test needs a live assert() */
#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE		4096
#define EXEC_STATUS	42	/* what the exec'd child exits with */

static int npassed, nfailed, nskipped;
static bool test_failed;
static const char *skip_reason;
static unsigned long seed;
static const char *self_path;	/* this program, for exec and open */

/* check: record a failed expectation and say where it was. */
static bool
check(bool ok, const char *what, int line)
{
	if (!ok) {
		printf("  libctest.c:%d: %s\n", line, what);
		test_failed = true;
	}
	return ok;
}

#define CHECK(cond)	check((cond), #cond, __LINE__)

/* CHECK_ERRNO: expr is -1 (or MAP_FAILED, ...) with errno == err. */
#define CHECK_ERRNO(expr, fail, err) do {				\
	errno = 0;							\
	CHECK((expr) == (fail));					\
	check(errno == (err), #expr " sets errno to " #err, __LINE__);	\
} while (0)

static void
skip(const char *why)
{
	skip_reason = why;
}

static void
run(const char *name, void (*test)(void))
{
	test_failed = false;
	skip_reason = NULL;
	test();
	if (test_failed) {
		printf("test %s: FAILED\n", name);
		nfailed++;
	} else if (skip_reason != NULL) {
		printf("test %s: skipped (%s)\n", name, skip_reason);
		nskipped++;
	} else {
		printf("test %s: ok\n", name);
		npassed++;
	}
}

/* random: xorshift64, from the seed; the same seed, the same run. */
static unsigned long
random_next(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

/*
 * child_status: run fn in a child process, which exits 0 if fn returns;
 * the child's wait status, or -1 if fork or waitpid failed.
 */
static int
child_status(void (*fn)(void))
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		fn();
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static bool
killed_by(int status, int sig)
{
	return status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == sig;
}

/* ---- string.h ---- */

static void
test_memory_functions(void)
{
	unsigned char src[64], dst[64], want[64];
	const char *hello = "hello";
	size_t from, to, n;

	for (n = 0; n < sizeof(src); n++)
		src[n] = (unsigned char)(n * 7 + 1);
	/* Every alignment and length, against a byte-at-a-time copy. */
	for (from = 0; from < 8; from++)
		for (to = 0; to < 8; to++)
			for (n = 0; n + 8 < sizeof(src); n++) {
				memset(dst, 0xee, sizeof(dst));
				memcpy(want, dst, sizeof(dst));
				for (size_t i = 0; i < n; i++)
					want[to + i] = src[from + i];
				CHECK(memcpy(dst + to, src + from, n) ==
				    dst + to);
				if (!CHECK(memcmp(dst, want, sizeof(dst)) == 0))
					return;
			}
	memset(dst, 0, sizeof(dst));
	CHECK(memset(dst + 3, 0xab, 37) == dst + 3);
	CHECK(dst[2] == 0 && dst[3] == 0xab && dst[39] == 0xab &&
	    dst[40] == 0);

	memcpy(dst, "abcdefghij", 11);
	memmove(dst + 2, dst, 5);		/* overlapping, forward */
	CHECK(memcmp(dst, "ababcdehij", 10) == 0);
	memcpy(dst, "abcdefghij", 11);
	memmove(dst, dst + 3, 5);		/* overlapping, backward */
	CHECK(memcmp(dst, "defghfghij", 10) == 0);

	CHECK(memcmp("abc", "abd", 3) < 0);
	CHECK(memcmp("abd", "abc", 3) > 0);
	CHECK(memcmp("ab\x80", "ab\x01", 3) > 0);	/* unsigned bytes */
	CHECK(memcmp("abc", "abd", 2) == 0);
	CHECK(memchr(hello, 'l', 5) == hello + 2);
	CHECK(memchr(hello, 'o', 4) == NULL);
}

static void
test_string_functions(void)
{
	char buf[32], *copy, *state, *token;
	const char *s = "hello, world";

	CHECK(strlen("") == 0);
	CHECK(strlen(s) == 12);
	CHECK(strnlen(s, 5) == 5);
	CHECK(strnlen(s, 50) == 12);
	CHECK(strcmp("abc", "abc") == 0);
	CHECK(strcmp("abc", "abd") < 0);
	CHECK(strcmp("abc", "ab") > 0);
	CHECK(strcmp("a\xff", "a\x01") > 0);		/* unsigned chars */
	CHECK(strncmp("abcx", "abcy", 3) == 0);
	CHECK(strncmp("abcx", "abcy", 4) < 0);
	CHECK(strncmp("ab", "ab", 10) == 0);
	CHECK(strchr(s, 'o') == s + 4);
	CHECK(strchr(s, '\0') == s + 12);
	CHECK(strchr(s, 'z') == NULL);
	CHECK(strrchr(s, 'o') == s + 8);
	CHECK(strrchr(s, 'z') == NULL);
	CHECK(strstr(s, "world") == s + 7);
	CHECK(strstr(s, "") == s);
	CHECK(strstr(s, "worlds") == NULL);
	CHECK(strspn(s, "leh") == 4);
	CHECK(strspn(s, "") == 0);
	CHECK(strspn("aaa", "a") == 3);
	CHECK(strcspn(s, ", ") == 5);
	CHECK(strcspn(s, "") == 12);
	CHECK(strcspn("", "a") == 0);

	CHECK(strcpy(buf, "abc") == buf && strcmp(buf, "abc") == 0);
	CHECK(strcat(buf, "def") == buf && strcmp(buf, "abcdef") == 0);
	CHECK(strncat(buf, "ghijk", 2) == buf && strcmp(buf, "abcdefgh") == 0);
	memset(buf, 'x', sizeof(buf));
	strncpy(buf, "ab", 5);
	CHECK(memcmp(buf, "ab\0\0\0x", 6) == 0);	/* padded with NULs */
	strncpy(buf, "abcdef", 3);
	CHECK(memcmp(buf, "abc\0", 4) == 0);		/* not terminated */

	copy = strdup(s);
	CHECK(copy != NULL && copy != s && strcmp(copy, s) == 0);
	free(copy);

	strcpy(buf, "  one, two,,three ");
	CHECK((token = strtok_r(buf, " ,", &state)) && !strcmp(token, "one"));
	CHECK((token = strtok_r(NULL, " ,", &state)) && !strcmp(token, "two"));
	CHECK((token = strtok_r(NULL, " ,", &state)) &&
	    !strcmp(token, "three"));
	CHECK(strtok_r(NULL, " ,", &state) == NULL);
}

/* ---- stdlib.h ---- */

static void
test_strtol(void)
{
	const char *s;
	char *end;

	s = "  -123abc";
	CHECK(strtol(s, &end, 10) == -123 && end == s + 6);
	CHECK(strtol("0x1f", NULL, 0) == 31);
	CHECK(strtol("0X1F", NULL, 16) == 31);
	CHECK(strtol("1f", NULL, 16) == 31);
	CHECK(strtol("077", NULL, 0) == 63);
	CHECK(strtol("+42", NULL, 0) == 42);
	CHECK(strtol("z", NULL, 36) == 35);
	s = "09";
	CHECK(strtol(s, &end, 0) == 0 && end == s + 1);	/* 9 is not octal */
	s = "0x";
	CHECK(strtol(s, &end, 0) == 0 && end == s + 1);	/* just the 0 */
	s = "  +";
	CHECK(strtol(s, &end, 10) == 0 && end == s);	/* no digits */

	errno = 0;
	CHECK(strtol("9223372036854775807", NULL, 10) == LONG_MAX);
	CHECK(strtol("-9223372036854775808", NULL, 10) == LONG_MIN);
	CHECK(errno == 0);
	CHECK_ERRNO(strtol("9223372036854775808", NULL, 10), LONG_MAX, ERANGE);
	CHECK_ERRNO(strtol("-9223372036854775809", NULL, 10), LONG_MIN,
	    ERANGE);
	CHECK_ERRNO(strtol("99999999999999999999999", NULL, 10), LONG_MAX,
	    ERANGE);
	CHECK_ERRNO(strtol("10", NULL, 1), 0, EINVAL);

	errno = 0;
	CHECK(strtoul("18446744073709551615", NULL, 10) == ULONG_MAX);
	CHECK(strtoul("-1", NULL, 10) == ULONG_MAX);	/* negated unsigned */
	CHECK(errno == 0);
	CHECK_ERRNO(strtoul("18446744073709551616", NULL, 10), ULONG_MAX,
	    ERANGE);

	CHECK(atoi("  42xyz") == 42);
	CHECK(atoi("-7") == -7);
	CHECK(atol("123456789012") == 123456789012L);
	CHECK(abs(-5) == 5 && labs(-5L) == 5);
}

/* earlier_name: does an entry before envp[i] define the same name? */
static bool
earlier_name(char **envp, int i, const char *name, size_t len)
{
	for (int j = 0; j < i; j++)
		if (strncmp(envp[j], name, len) == 0 && envp[j][len] == '=')
			return true;
	return false;
}

static void
test_getenv(char **envp)
{
	char name[128];
	const char *eq, *value;
	size_t len;
	int i;

	CHECK(getenv("PAGODA_NO_SUCH_VARIABLE") == NULL);
	CHECK(getenv("") == NULL);
	for (i = 0; envp[i] != NULL; i++) {
		eq = strchr(envp[i], '=');
		if (eq == NULL || (len = (size_t)(eq - envp[i])) == 0 ||
		    len >= sizeof(name))
			continue;
		memcpy(name, envp[i], len);
		name[len] = '\0';
		value = getenv(name);
		/* With a name twice, the first one wins. */
		if (!CHECK(value == eq + 1 || (value != NULL &&
		    earlier_name(envp, i, name, len))))
			printf("  (%s)\n", name);
	}
	if (i == 0)
		skip("empty environment");
}

static char **saved_envp;

static void
test_environment(void)
{
	test_getenv(saved_envp);
}

/* ---- stdio.h ---- */

/* check_format: snprintf(fmt, ...) gives want and returns its length. */
static void __printflike(2, 4)
check_format(int line, const char *fmt, const char *want, ...)
{
	char got[256];
	va_list ap;
	int n;

	va_start(ap, want);
	n = vsnprintf(got, sizeof(got), fmt, ap);
	va_end(ap);
	if (strcmp(got, want) != 0 || n != (int)strlen(want)) {
		printf("  libctest.c:%d: format \"%s\": got \"%s\" (%d), "
		    "want \"%s\"\n", line, fmt, got, n, want);
		test_failed = true;
	}
}

#define FMT(want, fmt, ...)	check_format(__LINE__, fmt, want, __VA_ARGS__)

static void
test_printf_integers(void)
{
	const char *fmt;

	FMT("42", "%d", 42);
	FMT("-42", "%i", -42);
	FMT("-2147483648", "%d", INT_MIN);
	FMT("4294967295", "%u", UINT_MAX);
	FMT("-9223372036854775808", "%ld", LONG_MIN);
	FMT("18446744073709551615", "%lu", ULONG_MAX);
	FMT("18446744073709551615", "%llu", ULLONG_MAX);
	FMT("-1", "%hhd", 255);
	FMT("-1", "%hd", 65535);
	FMT("123456789012", "%zu", (size_t)123456789012UL);
	FMT("-5", "%zd", (ssize_t)-5);
	FMT("-7", "%td", (ptrdiff_t)-7);
	FMT("99", "%jd", (intmax_t)99);
	FMT("  42", "%4d", 42);
	FMT("42  |", "%-4d|", 42);
	FMT("0042", "%04d", 42);
	FMT("-042", "%04d", -42);
	FMT("+42", "%+d", 42);
	FMT(" 42", "% d", 42);
	FMT("00042", "%.5d", 42);
	FMT("  00042", "%7.5d", 42);
	fmt = "%05.3d";				/* precision beats '0' */
	FMT("  042", fmt, 42);			/* (GCC warns on a literal) */
	FMT("", "%.0d", 0);
	FMT("   42", "%*d", 5, 42);
	FMT("42   |", "%*d|", -5, 42);		/* negative width: '-' */
	FMT("004", "%.*d", 3, 4);
	FMT("ff", "%x", 255);
	FMT("FF", "%X", 255);
	FMT("0xff", "%#x", 255);
	FMT("0XFF", "%#X", 255);
	FMT("0", "%#x", 0);
	FMT("0x0000ff", "%#08x", 255);
	FMT("ffffffff", "%x", -1);
	FMT("777", "%o", 511);
	FMT("0777", "%#o", 511);
	FMT("0", "%#o", 0);
	FMT("0x1234", "%p", (void *)0x1234);
}

static void
test_printf_others(void)
{
	const char *volatile null_string = NULL;
	const char *fmt;
	char buf[8];

	FMT("a", "%c", 'a');
	FMT("  a|a  |", "%3c|%-3c|", 'a', 'a');
	FMT("hello", "%s", "hello");
	FMT("hel", "%.3s", "hello");
	FMT("   hi|hi   |", "%5s|%-5s|", "hi", "hi");
	FMT("(null)", "%s", null_string);
	FMT("100%", "%d%%", 100);
	FMT("3.141593", "%f", 3.14159265);
	FMT("3.14", "%.2f", 3.14159);
	FMT("-2.500", "%.3f", -2.5);
	FMT("3", "%.0f", 3.14);
	FMT("0.000001", "%f", 1e-6);
	FMT("1.000000", "%f", 0.9999999);
	FMT("10000000000.0", "%.1f", 1e10);
	FMT("100000000000000000000", "%.0f", 1e20);
	FMT("  1.50|001.50|+1.0", "%6.2f|%06.2f|%+.1f", 1.5, 1.5, 1.0);
	FMT("-0.0", "%.1f", -0.0);
	FMT("inf -INF nan", "%f %F %f", __builtin_inf(), -__builtin_inf(),
	    __builtin_nan(""));
	FMT("a 1 b 2.50 c", "a %d b %.2f c", 1, 2.5);

	fmt = "%y%d";				/* unknown: printed as is */
	FMT("%y7", fmt, 7);

	/* snprintf returns the full length and always terminates. */
	CHECK(snprintf(buf, sizeof(buf), "%s", "abcdefghijk") == 11);
	CHECK(strcmp(buf, "abcdefg") == 0);
	CHECK(snprintf(buf, 1, "%d", 5) == 1 && buf[0] == '\0');
	CHECK(snprintf(NULL, 0, "%d", 12345) == 5);
	CHECK(snprintf(buf, sizeof(buf), "%300d", 1) == 300);
}

static void
test_stdio(void)
{
	CHECK(printf("%s", "") == 0);
	CHECK(fputc('x', stdin) == EOF);		/* stdin is read-only */
	clearerr(stdin);
	errno = 0;
	CHECK(fgetc(stdout) == EOF && errno == EBADF);	/* write-only */
	clearerr(stdout);
	CHECK(fflush(stdout) == 0);
	CHECK(fflush(NULL) == 0);
	CHECK(strcmp(strerror(ENOENT), "No such file or directory") == 0);
	CHECK(strcmp(strerror(EFAULT), "Bad address") == 0);
	CHECK(strcmp(strerror(12345), "Unknown error 12345") == 0);
}

/* ---- malloc ---- */

static void
test_malloc_basic(void)
{
	void *a, *b, *p, *q;
	size_t sizes[] = { 0, 1, 15, 16, 17, 100, 4000, 65519, 65520,
	    100000, 3 << 20 };
	unsigned char *z;
	size_t i;

	a = malloc(0);
	b = malloc(0);
	CHECK(a != NULL && b != NULL && a != b);
	free(a);
	free(b);
	free(NULL);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		p = malloc(sizes[i]);
		CHECK(p != NULL && ((uintptr_t)p & 15) == 0);
		memset(p, 0x5a, sizes[i]);
		free(p);
	}

	/* A freed block is the next one of its size class handed out. */
	p = malloc(100);
	free(p);
	q = malloc(90);
	CHECK(p == q);
	free(q);

	z = calloc(1000, 3);
	CHECK(z != NULL);
	for (i = 0; z != NULL && i < 3000; i++)
		if (z[i] != 0)
			break;
	CHECK(i == 3000);
	free(z);
	CHECK_ERRNO(calloc(SIZE_MAX / 2, 3), NULL, ENOMEM);
	CHECK_ERRNO(malloc(SIZE_MAX - 10), NULL, ENOMEM);

	p = malloc(10);
	memcpy(p, "0123456789", 10);
	p = realloc(p, 100000);			/* small to large */
	CHECK(p != NULL && memcmp(p, "0123456789", 10) == 0);
	p = realloc(p, 20);			/* stays where it is */
	CHECK(p != NULL && memcmp(p, "0123456789", 10) == 0);
	CHECK(realloc(p, 0) == NULL);		/* frees */
	p = realloc(NULL, 50);			/* mallocs */
	CHECK(p != NULL);
	free(p);
}

struct slot {
	unsigned char	*p;
	size_t		size;
	unsigned char	tag;
};

static size_t
random_size(void)
{
	unsigned long r = random_next();

	switch (r % 20) {
	case 0:
		return 8193 + (r >> 8) % 300000;	/* large: mmap */
	case 1:
	case 2:
	case 3:
		return 257 + (r >> 8) % 8000;
	default:
		return (r >> 8) % 257;
	}
}

static void
slot_fill(struct slot *s)
{
	for (size_t i = 0; i < s->size; i++)
		s->p[i] = (unsigned char)(s->tag + i * 131);
}

/* slot_intact: are the first n bytes still what slot_fill wrote? */
static bool
slot_intact(const struct slot *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s->p[i] != (unsigned char)(s->tag + i * 131))
			return false;
	return true;
}

/*
 * One step of the stress test on slot s: allocate it if empty, else
 * check its pattern, then free it or move it with realloc.
 */
static bool
stress_step(struct slot *s)
{
	size_t size = random_size();
	unsigned char *p;

	if (s->p == NULL) {
		s->p = malloc(size);
		if (s->p == NULL || ((uintptr_t)s->p & 15) != 0)
			return false;
		s->size = size;
		s->tag = (unsigned char)random_next();
		slot_fill(s);
		return true;
	}
	if (!slot_intact(s, s->size))
		return false;
	if (random_next() % 2 == 0) {
		free(s->p);
		s->p = NULL;
		return true;
	}
	p = realloc(s->p, size);
	if (p == NULL && size != 0)
		return false;
	s->p = p;
	if (p != NULL && !slot_intact(s, size < s->size ? size : s->size))
		return false;
	s->size = size;
	if (p != NULL)
		slot_fill(s);
	return true;
}

static void
test_malloc_stress(void)
{
	static struct slot slots[512];
	int i, bad = 0;

	printf("  malloc_stress: seed %lu (rerun: libctest -s %lu)\n", seed,
	    seed);
	for (i = 0; i < 30000 && bad == 0; i++)
		if (!stress_step(&slots[random_next() % 512]))
			bad = i + 1;
	check(bad == 0, "every block keeps its pattern", __LINE__);
	if (bad != 0)
		printf("  (step %d)\n", bad - 1);
	for (i = 0; i < 512; i++) {
		if (slots[i].p != NULL)
			CHECK(slot_intact(&slots[i], slots[i].size));
		free(slots[i].p);
		slots[i].p = NULL;
	}
}

/* ---- memory mappings ---- */

static unsigned char *
map_pages(size_t npages, int prot)
{
	void *p = mmap(NULL, npages * PAGE, prot, MAP_PRIVATE | MAP_ANONYMOUS,
	    -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static bool
all_bytes(const unsigned char *p, size_t n, unsigned char value)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != value)
			return false;
	return true;
}

static void
test_mmap(void)
{
	unsigned char *p, *q;
	size_t n = 2048;			/* 8 MiB */

	p = map_pages(n, PROT_READ | PROT_WRITE);
	if (!CHECK(p != NULL && ((uintptr_t)p & (PAGE - 1)) == 0))
		return;
	CHECK(all_bytes(p, n * PAGE, 0));	/* anonymous memory is zero */
	for (size_t i = 0; i < n * PAGE; i += PAGE)
		p[i] = (unsigned char)(i / PAGE);
	for (size_t i = 0; i < n * PAGE; i += PAGE)
		if (!CHECK(p[i] == (unsigned char)(i / PAGE)))
			break;
	CHECK(munmap(p, n * PAGE) == 0);

	/* MAP_FIXED replaces the middle of a PROT_NONE reservation. */
	p = map_pages(3, PROT_NONE);
	CHECK(p != NULL);
	q = mmap(p + PAGE, PAGE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(q == p + PAGE);
	if (q == p + PAGE) {
		memset(q, 0x77, PAGE);
		CHECK(all_bytes(q, PAGE, 0x77));
	}
	CHECK(munmap(p, 3 * PAGE) == 0);
}

static unsigned char *fault_target;

static void
touch_fault_target(void)
{
	*(volatile unsigned char *)fault_target = 1;
}

static void
read_fault_target(void)
{
	(void)*(volatile unsigned char *)fault_target;
}

static void
test_munmap_partial(void)
{
	unsigned char *p = map_pages(4, PROT_READ | PROT_WRITE);

	if (!CHECK(p != NULL))
		return;
	memset(p, 0x11, 4 * PAGE);
	CHECK(munmap(p + PAGE, 2 * PAGE) == 0);
	CHECK(p[0] == 0x11 && p[3 * PAGE] == 0x11);	/* the ends stay */
	fault_target = p + PAGE;
	CHECK(killed_by(child_status(touch_fault_target), SIGSEGV));
	fault_target = p + 2 * PAGE + 100;
	CHECK(killed_by(child_status(read_fault_target), SIGSEGV));
	CHECK(munmap(p, 4 * PAGE) == 0);		/* holes are fine */
}

static void
test_mprotect(void)
{
	unsigned char *p = map_pages(2, PROT_READ | PROT_WRITE);

	if (!CHECK(p != NULL))
		return;
	memset(p, 0x42, 2 * PAGE);
	CHECK(mprotect(p, PAGE, PROT_READ) == 0);
	CHECK(p[0] == 0x42);				/* still readable */
	fault_target = p;
	CHECK(killed_by(child_status(touch_fault_target), SIGSEGV));
	fault_target = p + PAGE;
	CHECK(child_status(touch_fault_target) == 0);	/* second page RW */
	CHECK(mprotect(p, 2 * PAGE, PROT_NONE) == 0);
	fault_target = p + PAGE + 5;
	CHECK(killed_by(child_status(read_fault_target), SIGSEGV));
	CHECK(mprotect(p, 2 * PAGE, PROT_READ | PROT_WRITE) == 0);
	CHECK(all_bytes(p, 2 * PAGE, 0x42));		/* contents kept */
	CHECK(munmap(p, 2 * PAGE) == 0);
}

static void
test_madvise(void)
{
	unsigned char *p = map_pages(16, PROT_READ | PROT_WRITE);

	if (!CHECK(p != NULL))
		return;
	memset(p, 0x33, 16 * PAGE);
	CHECK(madvise(p + 4 * PAGE, 8 * PAGE, MADV_DONTNEED) == 0);
	CHECK(all_bytes(p, 4 * PAGE, 0x33));
	CHECK(all_bytes(p + 4 * PAGE, 8 * PAGE, 0));	/* zero fill again */
	CHECK(all_bytes(p + 12 * PAGE, 4 * PAGE, 0x33));
	CHECK_ERRNO(madvise(p + 1, PAGE, MADV_DONTNEED), -1, EINVAL);
	CHECK(munmap(p, 16 * PAGE) == 0);
}

static void
test_brk(void)
{
	char *start = sbrk(0), *old;

	if (!CHECK(start != (char *)-1))
		return;
	old = sbrk(3 * PAGE);
	CHECK(old == start);
	if (old != start)
		return;
	memset(start, 0x99, 3 * PAGE);
	CHECK(sbrk(0) == start + 3 * PAGE);
	CHECK(sbrk(-3 * PAGE) == start + 3 * PAGE);	/* the old break */
	CHECK(sbrk(0) == start);
	CHECK(brk(start + PAGE) == 0 && sbrk(0) == start + PAGE);
	CHECK(brk(start) == 0);
	/* The break cannot go below where the heap began. */
	CHECK_ERRNO(brk((void *)PAGE), -1, ENOMEM);
	CHECK(sbrk(0) == start);
}

/* ---- processes ---- */

static void
test_pids(void)
{
	CHECK(getpid() > 0);
	CHECK(gettid() == getpid());		/* one thread */
	CHECK(getppid() >= 0);
	CHECK(getppid() != getpid());
	CHECK(sched_yield() == 0);
}

static void
test_fork_wait(void)
{
	int codes[] = { 0, 1, 7, 255, 256 + 3 };
	pid_t parent = getpid(), pid;
	int status;

	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			if (getppid() != parent || getpid() == parent)
				_exit(99);
			exit(codes[i]);
		}
		CHECK(pid > 0);
		CHECK(waitpid(pid, &status, 0) == pid);
		CHECK(WIFEXITED(status) && !WIFSIGNALED(status));
		CHECK(WEXITSTATUS(status) == (codes[i] & 0xff));
	}
	CHECK_ERRNO(waitpid(-1, &status, 0), -1, ECHILD);
	CHECK_ERRNO(wait(&status), -1, ECHILD);
}

static void
test_fork_many(void)
{
	pid_t pids[24];
	int i, status, seen = 0;
	pid_t pid;

	fflush(stdout);
	for (i = 0; i < 24; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			_exit(i + 1);
		CHECK(pids[i] > 0);
	}
	while ((pid = wait(&status)) > 0) {
		for (i = 0; i < 24 && pids[i] != pid; i++)
			continue;
		CHECK(i < 24 && WIFEXITED(status) &&
		    WEXITSTATUS(status) == i + 1);
		seen++;
	}
	CHECK(seen == 24 && errno == ECHILD);
}

static int cow_global = 1;

/*
 * After fork, parent and child each see their own copy of every page:
 * a global, the stack, a small and a large heap block, and an mmap
 * region whose pages were touched (present) or not (zero).
 */
static void
test_fork_cow(void)
{
	size_t small = 3000, large = 1 << 20, region = 64 * PAGE;
	unsigned char *heap_small = malloc(small), *heap_large = malloc(large);
	unsigned char *mapped = map_pages(64, PROT_READ | PROT_WRITE);
	int on_stack = 5, status;
	pid_t pid;

	if (!CHECK(heap_small && heap_large && mapped))
		return;
	memset(heap_small, 0xaa, small);
	memset(heap_large, 0xbb, large);
	memset(mapped, 0xcc, region / 2);	/* the rest never touched */
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		bool ok = cow_global == 1 && on_stack == 5 &&
		    all_bytes(heap_small, small, 0xaa) &&
		    all_bytes(heap_large, large, 0xbb) &&
		    all_bytes(mapped, region / 2, 0xcc) &&
		    all_bytes(mapped + region / 2, region / 2, 0);
		cow_global = 2;
		on_stack = 6;
		memset(heap_small, 0x11, small);
		memset(heap_large, 0x22, large);
		memset(mapped, 0x33, region);
		ok = ok && all_bytes(heap_large, large, 0x22) &&
		    all_bytes(mapped, region, 0x33);
		_exit(ok ? 0 : 1);
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(cow_global == 1 && *(volatile int *)&on_stack == 5);
	CHECK(all_bytes(heap_small, small, 0xaa));
	CHECK(all_bytes(heap_large, large, 0xbb));
	CHECK(all_bytes(mapped, region / 2, 0xcc));
	CHECK(all_bytes(mapped + region / 2, region / 2, 0));
	free(heap_small);
	free(heap_large);
	munmap(mapped, region);
}

static void
spin_forever(void)
{
	for (;;)
		sched_yield();
}

static void
test_kill(void)
{
	int status;
	pid_t pid;

	CHECK(kill(getpid(), 0) == 0);		/* signal 0: just check */
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		spin_forever();
	CHECK(pid > 0);
	CHECK(waitpid(pid, &status, WNOHANG) == 0);	/* still running */
	CHECK(kill(pid, SIGKILL) == 0);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(killed_by(status, SIGKILL));
	CHECK_ERRNO(kill(pid, SIGKILL), -1, ESRCH);	/* reaped: gone */
}

static void
write_null(void)
{
	*(volatile int *)(uintptr_t)0 = 1;
}

static void
call_abort(void)
{
	abort();
}

static void
fail_assertion(void)
{
	int two = 2;

	fflush(stdout);
	printf("  (an assertion message on stderr is expected:)\n");
	fflush(stdout);
	assert(two == 3);
}

/* abort() is SIGABRT where signals work, else exit status 134. */
static bool
aborted(int status)
{
	return killed_by(status, SIGABRT) ||
	    (WIFEXITED(status) && WEXITSTATUS(status) == 128 + SIGABRT);
}

static void
test_crashes(void)
{
	CHECK(killed_by(child_status(write_null), SIGSEGV));
	CHECK(aborted(child_status(call_abort)));
	CHECK(aborted(child_status(fail_assertion)));
}

/*
 * The exec'd libctest: argv and envp must be exactly what the parent
 * passed; exit with the status the parent named.
 */
static int
exec_child(int argc, char **argv, char **envp)
{
	const char *value = getenv("PAGODA_EXEC_TEST");

	if (argc != 3 || envp[0] == NULL || envp[1] != NULL || value == NULL ||
	    strcmp(value, "yes") != 0)
		return 1;
	return atoi(argv[2]);
}

static void
test_exec(void)
{
	char status_arg[8];
	char *argv[] = { (char *)self_path, "--exec-child", status_arg, NULL };
	char *envp[] = { "PAGODA_EXEC_TEST=yes", NULL };
	int status;
	pid_t pid;

	CHECK_ERRNO(execve("/no/such/program", argv, envp), -1, ENOENT);
	if (self_path == NULL) {
		skip("no path to this program");
		return;
	}
	snprintf(status_arg, sizeof(status_arg), "%d", EXEC_STATUS);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execve(self_path, argv, envp);
		_exit(100 + errno);
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 100 + ENOEXEC) {
		skip("ENOEXEC: emulated, with no binfmt_misc handler?");
		return;
	}
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == EXEC_STATUS);
}

/* ---- files ---- */

static void
test_files(void)
{
	struct stat st, st2;
	unsigned char magic[4];
	int fd;

	if (self_path == NULL) {
		skip("no path to this program");
		return;
	}
	fd = open(self_path, O_RDONLY);
	if (!CHECK(fd >= 0))
		return;
	CHECK(fstat(fd, &st) == 0);
	CHECK(S_ISREG(st.st_mode) && st.st_size > 4);
	CHECK(read(fd, magic, 4) == 4 && memcmp(magic, "\177ELF", 4) == 0);
	CHECK(lseek(fd, 0, SEEK_CUR) == 4);
	CHECK(lseek(fd, 0, SEEK_END) == st.st_size);
	CHECK(read(fd, magic, 4) == 0);			/* end of file */
	CHECK(lseek(fd, 1, SEEK_SET) == 1);
	CHECK(read(fd, magic, 3) == 3 && memcmp(magic, "ELF", 3) == 0);
	CHECK_ERRNO(lseek(fd, -1, SEEK_SET), -1, EINVAL);
	CHECK(stat(self_path, &st2) == 0);
	CHECK(st2.st_ino == st.st_ino && st2.st_size == st.st_size);
	CHECK(close(fd) == 0);
	CHECK_ERRNO(close(fd), -1, EBADF);
	CHECK_ERRNO(open("/no/such/file", O_RDONLY), -1, ENOENT);
	CHECK_ERRNO(open(self_path, O_RDONLY | O_DIRECTORY), -1, ENOTDIR);
}

static void
test_directories(void)
{
	struct dirent *entry;
	struct stat st;
	DIR *dir;
	int n = 0;

	CHECK(stat("/", &st) == 0 && S_ISDIR(st.st_mode));
	dir = opendir("/");
	if (!CHECK(dir != NULL))
		return;
	errno = 0;
	while ((entry = readdir(dir)) != NULL) {
		CHECK(entry->d_reclen >= 20 && entry->d_reclen % 8 == 0);
		CHECK(entry->d_name[0] != '\0');
		n++;
	}
	CHECK(errno == 0);
	CHECK(n > 0);
	CHECK(closedir(dir) == 0);
	CHECK(opendir("/no/such/directory") == NULL && errno == ENOENT);
}

/* ---- errors ---- */

/*
 * Bad pointers make a call fail with EFAULT, whether the kernel reads
 * through them (copyin: a string, an array of pointers) or writes
 * (copyout: a struct): an unmapped user address, an address in the
 * kernel's half, and one just past the lower half (on amd64 not even
 * canonical).  The pointers are volatile so that GCC does not warn.
 */
static void
test_bad_pointers(void)
{
	void *volatile low = (void *)1;
	void *volatile kernel = (void *)0xfffffffffffff000UL;
	void *volatile hole = (void *)(1UL << 47);
	char *bad_strings[] = { low, NULL };

	CHECK_ERRNO(open(low, O_RDONLY), -1, EFAULT);
	CHECK_ERRNO(open(kernel, O_RDONLY), -1, EFAULT);
	CHECK_ERRNO(clock_gettime(CLOCK_MONOTONIC, low), -1, EFAULT);
	CHECK_ERRNO(clock_gettime(CLOCK_MONOTONIC, kernel), -1, EFAULT);
	CHECK_ERRNO(uname(hole), -1, EFAULT);
	if (self_path == NULL)
		return;
	/* These fail before the exec, so the test goes on. */
	CHECK_ERRNO(execve(self_path, low, NULL), -1, EFAULT);
	CHECK_ERRNO(execve(self_path, kernel, NULL), -1, EFAULT);
	CHECK_ERRNO(execve(self_path, bad_strings, NULL), -1, EFAULT);
}

static void
test_errno(void)
{
	char buf[16];
	int fd;

	CHECK_ERRNO(close(-1), -1, EBADF);
	CHECK_ERRNO(read(-1, buf, 1), -1, EBADF);
	CHECK_ERRNO(write(12345, buf, 1), -1, EBADF);
	CHECK_ERRNO(munmap((void *)(PAGE + 1), PAGE), -1, EINVAL);
	CHECK_ERRNO(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1,
	    0), MAP_FAILED, EINVAL);
	CHECK_ERRNO(mprotect((void *)(PAGE + 1), PAGE, PROT_READ), -1, EINVAL);
	CHECK_ERRNO(kill(INT_MAX, 0), -1, ESRCH);
	CHECK_ERRNO(syscall(5000), -1, ENOSYS);
	CHECK_ERRNO(clock_gettime(12345, (struct timespec *)(void *)buf), -1,
	    EINVAL);
	test_bad_pointers();
	if (self_path != NULL && (fd = open(self_path, O_RDONLY)) >= 0) {
		CHECK_ERRNO(read(fd, (void *)1, 10), -1, EFAULT);
		CHECK_ERRNO(write(fd, buf, 1), -1, EBADF);	/* read-only */
		close(fd);
	}
	errno = 1234;				/* success leaves errno alone */
	CHECK(getpid() > 0 && sched_yield() == 0 && errno == 1234);
}

/* ---- time and the system ---- */

static long long
ns_between(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) * 1000000000LL +
	    (b->tv_nsec - a->tv_nsec);
}

static void
test_clock(void)
{
	struct timespec before, after, now, nap = { 0, 20000000 };
	long long elapsed;

	CHECK(clock_gettime(CLOCK_MONOTONIC, &before) == 0);
	CHECK(before.tv_nsec >= 0 && before.tv_nsec < 1000000000);
	for (int i = 0; i < 1000; i++) {
		CHECK(clock_gettime(CLOCK_MONOTONIC, &now) == 0);
		if (!CHECK(ns_between(&before, &now) >= 0))
			break;
	}
	CHECK(clock_gettime(CLOCK_MONOTONIC, &before) == 0);
	CHECK(nanosleep(&nap, NULL) == 0);
	CHECK(clock_gettime(CLOCK_MONOTONIC, &after) == 0);
	elapsed = ns_between(&before, &after);
	CHECK(elapsed >= 20000000 && elapsed < 5000000000LL);
	CHECK(usleep(1000) == 0);
	CHECK(clock_gettime(CLOCK_REALTIME, &now) == 0);
	nap.tv_nsec = 1000000000;		/* out of range */
	CHECK_ERRNO(nanosleep(&nap, NULL), -1, EINVAL);
}

static void
test_uname(void)
{
	struct utsname name;

	memset(&name, 0xff, sizeof(name));
	CHECK(uname(&name) == 0);
	CHECK(name.sysname[0] != '\0' &&
	    strnlen(name.sysname, sizeof(name.sysname)) < sizeof(name.sysname));
#if defined(__x86_64__)
	CHECK(strcmp(name.machine, "x86_64") == 0);
#elif defined(__aarch64__)
	CHECK(strcmp(name.machine, "aarch64") == 0);
#endif
}

/* The ELF program header, as the kernel's AT_PHDR points at it. */
struct elf_phdr {
	uint32_t	p_type;
	uint32_t	p_flags;
	uint64_t	p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

#define PT_LOAD		1

extern void _start(void);

static void
test_auxv(void)
{
	const struct elf_phdr *phdr = (void *)getauxval(AT_PHDR);
	unsigned long entry = getauxval(AT_ENTRY), phnum = getauxval(AT_PHNUM);
	const unsigned char *random = (void *)getauxval(AT_RANDOM);
	bool entry_loaded = false;

	CHECK(getauxval(AT_PAGESZ) == PAGE && getpagesize() == PAGE);
	CHECK(entry == (unsigned long)_start);
	CHECK(getauxval(AT_PHENT) == sizeof(struct elf_phdr));
	CHECK(phdr != NULL && phnum >= 2 && phnum < 64);
	for (unsigned long i = 0; phdr != NULL && i < phnum; i++)
		if (phdr[i].p_type == PT_LOAD && entry >= phdr[i].p_vaddr &&
		    entry < phdr[i].p_vaddr + phdr[i].p_memsz)
			entry_loaded = true;
	CHECK(entry_loaded);
	CHECK(random != NULL && !all_bytes(random, 16, 0));
	CHECK_ERRNO(getauxval(12345), 0, ENOENT);
}

/* ---- main ---- */

/* parse_args: -s SEED; false on a bad command line. */
static bool
parse_args(int argc, char **argv)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	seed = (unsigned long)now.tv_nsec * 2654435761UL + now.tv_sec + 1;
	if (argc == 3 && strcmp(argv[1], "-s") == 0) {
		seed = strtoul(argv[2], NULL, 0);
		return seed != 0;
	}
	return argc <= 1;
}

int
main(int argc, char **argv, char **envp)
{
	const char *execfn = (const char *)getauxval(AT_EXECFN);

	if (argc == 3 && strcmp(argv[1], "--exec-child") == 0)
		return exec_child(argc, argv, envp);
	if (!parse_args(argc, argv)) {
		fprintf(stderr, "usage: libctest [-s seed]\n");
		return 2;
	}
	saved_envp = envp;
	if (execfn != NULL && strchr(execfn, '/') != NULL)
		self_path = execfn;
	else if (argc > 0 && strchr(argv[0], '/') != NULL)
		self_path = argv[0];

	run("memory_functions", test_memory_functions);
	run("string_functions", test_string_functions);
	run("strtol", test_strtol);
	run("getenv", test_environment);
	run("printf_integers", test_printf_integers);
	run("printf_others", test_printf_others);
	run("stdio", test_stdio);
	run("malloc_basic", test_malloc_basic);
	run("malloc_stress", test_malloc_stress);
	run("mmap", test_mmap);
	run("munmap_partial", test_munmap_partial);
	run("mprotect", test_mprotect);
	run("madvise", test_madvise);
	run("brk", test_brk);
	run("pids", test_pids);
	run("fork_wait", test_fork_wait);
	run("fork_many", test_fork_many);
	run("fork_cow", test_fork_cow);
	run("kill", test_kill);
	run("crashes", test_crashes);
	run("exec", test_exec);
	run("files", test_files);
	run("directories", test_directories);
	run("errno", test_errno);
	run("clock", test_clock);
	run("uname", test_uname);
	run("auxv", test_auxv);

	printf("%d passed, %d failed", npassed, nfailed);
	if (nskipped > 0)
		printf(", %d skipped", nskipped);
	printf("\n");
	return nfailed == 0 ? 0 : 1;
}
