/*
 * test_lib.c: host tests of the kernel's small library: kernel/printf.c
 * (as ksnprintf, see klibc.h), kernel/string.c (kmemcpy, ...),
 * kernel/cmdline.c and kernel/lock.c.
 *
 * printf is checked against literal expectations and, for the integer
 * conversions, against the host C library's snprintf on random values.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "host_test.h"
#include "klibc.h"
#include "kernel/cmdline.h"
#include "kernel/lock.h"
#include "machine/cpufunc.h"

/*
 * Format with the kernel's snprintf and compare with want, the return
 * value with want's length, and check that nothing past the terminator
 * was written.
 */
#define HT_FMT(want, ...) do {						\
	char fmt_buf_[128];						\
	int fmt_n_;							\
									\
	memset(fmt_buf_, '#', sizeof(fmt_buf_));			\
	fmt_n_ = ksnprintf(fmt_buf_, sizeof(fmt_buf_), __VA_ARGS__);	\
	if (strcmp(fmt_buf_, (want)) != 0 ||				\
	    fmt_n_ != (int)strlen(want))				\
		HT_FAIL("%s: \"%s\" (%d), want \"%s\"", #__VA_ARGS__,	\
		    fmt_buf_, fmt_n_, (want));				\
	if (fmt_n_ + 1 < (int)sizeof(fmt_buf_) &&			\
	    fmt_buf_[fmt_n_ + 1] != '#')				\
		HT_FAIL("%s: wrote past the NUL", #__VA_ARGS__);	\
} while (0)

HOST_TEST(printf_signed)
{
	HT_FMT("0", "%d", 0);
	HT_FMT("42", "%d", 42);
	HT_FMT("-42", "%d", -42);
	HT_FMT("-42", "%i", -42);
	HT_FMT("2147483647", "%d", INT_MAX);
	HT_FMT("-2147483648", "%d", INT_MIN);
	HT_FMT("-9223372036854775808", "%ld", LONG_MIN);
	HT_FMT("9223372036854775807", "%lld", LLONG_MAX);
	HT_FMT("-5", "%zd", (ssize_t)-5);
}

HOST_TEST(printf_unsigned)
{
	HT_FMT("4294967295", "%u", UINT_MAX);
	HT_FMT("4294967295", "%u", -1);		/* int -1, read unsigned */
	HT_FMT("18446744073709551615", "%lu", ULONG_MAX);
	HT_FMT("ff", "%x", 255);
	HT_FMT("FF", "%X", 255);
	HT_FMT("deadbeef", "%x", 0xdeadbeefU);
	HT_FMT("ffffffffffffffff", "%lx", ~0UL);
	HT_FMT("777", "%o", 0777);
	HT_FMT("1777777777777777777777", "%lo", ~0UL);
	HT_FMT("4096", "%zu", (size_t)4096);
}

HOST_TEST(printf_width)
{
	HT_FMT("   42", "%5d", 42);
	HT_FMT("00042", "%05d", 42);
	HT_FMT("-0042", "%05d", -42);
	HT_FMT("  -42", "%5d", -42);
	HT_FMT("42   |", "%-5d|", 42);
	HT_FMT("-42  |", "%-5d|", -42);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
	HT_FMT("42   |", "%-05d|", 42);		/* '-' wins over '0' */
#pragma GCC diagnostic pop
	HT_FMT("123456", "%3d", 123456);	/* a width never truncates */
	HT_FMT("0000000000001000", "%016lx", 0x1000UL);
	HT_FMT("ffff800000000000", "%016lx", 0xffff800000000000UL);
	HT_FMT("      beef", "%10x", 0xbeef);
	HT_FMT("beef      |", "%-10x|", 0xbeef);
	HT_FMT("   42", "%*d", 5, 42);
}

HOST_TEST(printf_string_char)
{
	const char *volatile null = NULL;

	HT_FMT("hello", "%s", "hello");
	HT_FMT("hel", "%.3s", "hello");
	HT_FMT("hello", "%.10s", "hello");
	HT_FMT("", "%.0s", "hello");
	HT_FMT("he", "%.*s", 2, "hello");
	HT_FMT("   hi", "%5s", "hi");
	HT_FMT("hi   |", "%-5s|", "hi");
	HT_FMT("ab   |", "%-5.2s|", "abcdef");
	HT_FMT("(null)", "%s", null);
	HT_FMT("x", "%c", 'x');
	HT_FMT("  x|x  |", "%3c|%-3c|", 'x', 'x');
	HT_FMT("100%", "%d%%", 100);
	HT_FMT("a%b", "a%%b");
	HT_FMT("[7 seven]", "[%d %s]", 7, "seven");
}

HOST_TEST(printf_pointer)
{
	HT_FMT("0xffff800000001000", "%p", (void *)0xffff800000001000UL);
	HT_FMT("0x1", "%p", (void *)1);
	HT_FMT("0x0", "%p", NULL);
}

/* Truncation: the return value is the whole length; always terminated. */
HOST_TEST(printf_truncate)
{
	char buf[8];

	memset(buf, '#', sizeof(buf));
	HT_EQ(ksnprintf(buf, 5, "%d", 1234567), 7);
	HT_ASSERT(strcmp(buf, "1234") == 0);
	HT_ASSERT(buf[5] == '#');		/* nothing past size */
	HT_EQ(ksnprintf(buf, 1, "abc"), 3);
	HT_EQ(buf[0], '\0');
	HT_EQ(ksnprintf(buf, 8, "%s", "abcdefgh"), 8);
	HT_ASSERT(strcmp(buf, "abcdefg") == 0);
	HT_EQ(ksnprintf(buf, 8, "%s", "abcdefg"), 7);	/* just fits */
	HT_ASSERT(strcmp(buf, "abcdefg") == 0);
	HT_EQ(ksnprintf(NULL, 0, "%d-%s", -10, "xyz"), 7);
}

/* printf() goes through cons_putc(), whole, in order. */
HOST_TEST(printf_console)
{
	host_console_clear();
	HT_EQ(kprintf("pid %d: %s\n", 3, "ok"), 10);
	HT_ASSERT(strcmp(host_console_output(), "pid 3: ok\n") == 0);
}

/* A value of every magnitude, signs and edges included. */
static uint64_t
random_value(void)
{
	static const uint64_t edge[] = { 0, 1, 9, 10, 15, 16, 255, 4096,
	    0x7fffffff, 0x80000000, 0xffffffff, 0x100000000,
	    0x7fffffffffffffff, 0x8000000000000000, ~0ULL, ~0ULL - 1 };

	if (host_random_below(4) == 0)
		return edge[host_random_below(sizeof(edge) / sizeof(edge[0]))];
	return host_random() >> host_random_below(64);
}

/* The integer conversions agree with the host's snprintf. */
HOST_TEST(printf_vs_libc)
{
	static const char *const int_fmts[] = { "%d", "%i", "%6d", "%-6d|",
	    "%06d", "%u", "%x", "%X", "%o", "%08x", "%-9X|", "%12u", "%1d" };
	static const char *const long_fmts[] = { "%ld", "%lu", "%lx", "%lX",
	    "%lo", "%016lx", "%-20ld|", "%025ld", "%lld", "%llu", "%zu",
	    "%zd", "%jd", "%jx", "%24lu" };
	char got[64], want[64];

	for (int i = 0; i < 4000; i++) {
		uint64_t v = random_value();
		const char *fmt;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		if (i % 2 == 0) {
			fmt = int_fmts[host_random_below(13)];
			ksnprintf(got, sizeof(got), fmt, (int)v);
			snprintf(want, sizeof(want), fmt, (int)v);
		} else {
			fmt = long_fmts[host_random_below(15)];
			ksnprintf(got, sizeof(got), fmt, (long)v);
			snprintf(want, sizeof(want), fmt, (long)v);
		}
#pragma GCC diagnostic pop
		if (strcmp(got, want) != 0)
			HT_FAIL("\"%s\" of %#lx: \"%s\", libc \"%s\" (seed "
			    "%lu)", fmt, (unsigned long)v, got, want,
			    (unsigned long)host_seed());
	}
}

/*
 * The command line: bare words, key=value, and names that only start
 * like the key, which must not match.
 */
static const char test_cmdline[] = "  testing=no tester quiet test=kmem_ "
    "root=a=b empty= mytest x=1 x=2 last";

static bool
get(const char *key, char *buf, size_t size)
{
	memset(buf, '#', size);
	return cmdline_get(key, buf, size);
}

HOST_TEST(cmdline_key_value)
{
	char buf[32];

	cmdline_init(test_cmdline);
	HT_ASSERT(strcmp(cmdline_string(), test_cmdline) == 0);
	HT_ASSERT(get("test", buf, sizeof(buf)));
	HT_ASSERT(strcmp(buf, "kmem_") == 0);
	HT_ASSERT(get("root", buf, sizeof(buf)));
	HT_ASSERT(strcmp(buf, "a=b") == 0);	/* up to the first '=' */
	HT_ASSERT(get("x", buf, sizeof(buf)));
	HT_ASSERT(strcmp(buf, "1") == 0);	/* the first one wins */
	HT_ASSERT(get("testing", buf, sizeof(buf)));
	HT_ASSERT(strcmp(buf, "no") == 0);
}

HOST_TEST(cmdline_bare_key)
{
	char buf[32];

	cmdline_init(test_cmdline);
	HT_ASSERT(get("quiet", buf, sizeof(buf)));
	HT_ASSERT(strcmp(buf, "") == 0);
	HT_ASSERT(get("last", buf, sizeof(buf)));	/* at the very end */
	HT_ASSERT(strcmp(buf, "") == 0);
	HT_ASSERT(get("empty", buf, sizeof(buf)));	/* "empty=" */
	HT_ASSERT(strcmp(buf, "") == 0);
	HT_ASSERT(get("tester", buf, sizeof(buf)));
}

HOST_TEST(cmdline_no_prefix_match)
{
	char buf[32];

	cmdline_init("testing tester=1 mytest");
	HT_ASSERT(!get("test", buf, sizeof(buf)));
	HT_ASSERT(buf[0] == '#');			/* buf untouched */
	HT_ASSERT(!get("tes", buf, sizeof(buf)));
	HT_ASSERT(!get("testing=", buf, sizeof(buf)));
	HT_ASSERT(!get("mytes", buf, sizeof(buf)));
	HT_ASSERT(!get("est", buf, sizeof(buf)));
	HT_ASSERT(!get("testingx", buf, sizeof(buf)));
	cmdline_init("");
	HT_ASSERT(!get("test", buf, sizeof(buf)));
	cmdline_init("   ");
	HT_ASSERT(!get("test", buf, sizeof(buf)));
}

HOST_TEST(cmdline_value_truncated)
{
	char buf[8];

	cmdline_init("key=abcdefghij other");
	memset(buf, '#', sizeof(buf));
	HT_ASSERT(cmdline_get("key", buf, 4));
	HT_ASSERT(strcmp(buf, "abc") == 0);
	HT_ASSERT(buf[4] == '#');
	memset(buf, '#', sizeof(buf));
	HT_ASSERT(cmdline_get("key", buf, 0));	/* no room: still found */
	HT_ASSERT(buf[0] == '#');
	HT_ASSERT(cmdline_get("other", buf, 1));
	HT_ASSERT(buf[0] == '\0' && buf[1] == '#');
}

/* The line is kept in a fixed buffer: a longer one is cut, not overrun. */
HOST_TEST(cmdline_long_line)
{
	char line[600], buf[8];

	memset(line, 'a', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	memcpy(line, "k=v ", 4);
	cmdline_init(line);
	HT_ASSERT(strlen(cmdline_string()) < sizeof(line) - 1);
	HT_ASSERT(strncmp(cmdline_string(), line,
	    strlen(cmdline_string())) == 0);
	HT_ASSERT(get("k", buf, sizeof(buf)));
	HT_ASSERT(strcmp(buf, "v") == 0);
}

/* kmemcpy and kmemmove against a reference, every alignment and length. */
HOST_TEST(string_memcpy)
{
	unsigned char src[80], dst[80], ref[80];

	for (size_t i = 0; i < sizeof(src); i++)
		src[i] = (unsigned char)(i * 7 + 1);
	for (size_t soff = 0; soff < 9; soff++)
		for (size_t doff = 0; doff < 9; doff++)
			for (size_t len = 0; len < 64; len++) {
				memset(dst, 0xee, sizeof(dst));
				memset(ref, 0xee, sizeof(ref));
				memcpy(ref + doff, src + soff, len);
				HT_ASSERT(kmemcpy(dst + doff, src + soff,
				    len) == dst + doff);
				if (memcmp(dst, ref, sizeof(dst)) != 0)
					HT_FAIL("kmemcpy(+%zu, +%zu, %zu)",
					    doff, soff, len);
			}
}

HOST_TEST(string_memmove)
{
	unsigned char buf[80], ref[80];

	for (size_t src = 0; src < 24; src++)
		for (size_t dst = 0; dst < 24; dst++)
			for (size_t len = 0; len < 48; len++) {
				for (size_t i = 0; i < sizeof(buf); i++)
					buf[i] = ref[i] = (unsigned char)i;
				memmove(ref + dst, ref + src, len);
				HT_ASSERT(kmemmove(buf + dst, buf + src,
				    len) == buf + dst);
				if (memcmp(buf, ref, sizeof(buf)) != 0)
					HT_FAIL("kmemmove(+%zu, +%zu, %zu)",
					    dst, src, len);
			}
}

HOST_TEST(string_memset_memcmp)
{
	unsigned char buf[40];

	memset(buf, 1, sizeof(buf));
	HT_ASSERT(kmemset(buf + 3, 0x1ab, 30) == buf + 3);	/* (uchar)c */
	for (size_t i = 0; i < sizeof(buf); i++)
		HT_EQ(buf[i], i >= 3 && i < 33 ? 0xab : 1);
	HT_ASSERT(kmemcmp("abc", "abc", 3) == 0);
	HT_ASSERT(kmemcmp("abc", "abd", 3) < 0);
	HT_ASSERT(kmemcmp("abd", "abc", 3) > 0);
	HT_ASSERT(kmemcmp("\x80", "\x01", 1) > 0);	/* unsigned bytes */
	HT_ASSERT(kmemcmp("abc", "xyz", 0) == 0);
}

HOST_TEST(string_str)
{
	const char *s = "hello";

	HT_EQ(kstrlen(""), 0);
	HT_EQ(kstrlen(s), 5);
	HT_EQ(kstrnlen(s, 3), 3);
	HT_EQ(kstrnlen(s, 10), 5);
	HT_ASSERT(kstrcmp("abc", "abc") == 0);
	HT_ASSERT(kstrcmp("abc", "abd") < 0);
	HT_ASSERT(kstrcmp("ab", "abc") < 0);
	HT_ASSERT(kstrcmp("abc", "ab") > 0);
	HT_ASSERT(kstrcmp("\xff", "a") > 0);		/* unsigned chars */
	HT_ASSERT(kstrncmp("abcx", "abcy", 3) == 0);
	HT_ASSERT(kstrncmp("abcx", "abcy", 4) < 0);
	HT_ASSERT(kstrncmp("ab", "ab", 10) == 0);
	HT_ASSERT(kstrchr(s, 'l') == s + 2);
	HT_ASSERT(kstrchr(s, 'z') == NULL);
	HT_ASSERT(kstrchr(s, '\0') == s + 5);
}

HOST_TEST(string_strlcpy)
{
	char buf[8];

	memset(buf, '#', sizeof(buf));
	HT_EQ(kstrlcpy(buf, "hello world", 6), 11);	/* strlen(source) */
	HT_ASSERT(strcmp(buf, "hello") == 0);
	HT_ASSERT(buf[6] == '#');
	HT_EQ(kstrlcpy(buf, "hi", sizeof(buf)), 2);
	HT_ASSERT(strcmp(buf, "hi") == 0);
	HT_EQ(kstrlcpy(buf, "xyz", 0), 3);		/* size 0: no write */
	HT_ASSERT(strcmp(buf, "hi") == 0);
	HT_EQ(kstrlcpy(buf, "", sizeof(buf)), 0);
	HT_EQ(buf[0], '\0');
}

HOST_TEST(string_strtoul)
{
	const char *s;
	char *end;

	HT_EQ(kstrtoul("1234", NULL, 10), 1234);
	HT_EQ(kstrtoul("0x1f", NULL, 0), 0x1f);
	HT_EQ(kstrtoul("0X1F", NULL, 16), 0x1f);
	HT_EQ(kstrtoul("1f", NULL, 16), 0x1f);
	HT_EQ(kstrtoul("017", NULL, 0), 017);
	HT_EQ(kstrtoul("0", NULL, 0), 0);
	HT_EQ(kstrtoul("  42", NULL, 10), 42);
	HT_EQ(kstrtoul("18446744073709551615", NULL, 10), ULONG_MAX);
	HT_EQ(kstrtoul("ffffffffffffffff", NULL, 16), ULONG_MAX);
	HT_EQ(kstrtoul("z", NULL, 36), 35);
	s = "128M rest";
	HT_EQ(kstrtoul(s, &end, 0), 128);
	HT_ASSERT(end == s + 3);
	s = "129";
	HT_EQ(kstrtoul(s, &end, 8), 012);		/* '9' is not octal */
	HT_ASSERT(end == s + 2);
	s = "xyz";
	HT_EQ(kstrtoul(s, &end, 10), 0);
	HT_ASSERT(end == s);
}

/* Spin locks disable interrupts while held and restore what they found. */
HOST_TEST(lock_interrupts)
{
	struct spinlock a, b;

	spin_init(&a, "a");
	spin_init(&b, "b");
	HT_ASSERT(!spin_held(&a));
	spin_lock(&a);
	HT_ASSERT(spin_held(&a) && !intr_enabled());
	spin_lock(&b);
	spin_unlock(&b);
	HT_ASSERT(!intr_enabled());		/* a still held */
	spin_unlock(&a);
	HT_ASSERT(!spin_held(&a) && intr_enabled());
	intr_disable();
	spin_lock(&a);
	spin_unlock(&a);
	HT_ASSERT(!intr_enabled());		/* off before, off after */
	intr_enable();
}

static void
lock_twice(void *arg)
{
	spin_lock(arg);
	spin_lock(arg);
}

static void
unlock_free(void *arg)
{
	spin_unlock(arg);
}

HOST_TEST(lock_misuse)
{
	struct spinlock l;
	char msg[256] = "";

	spin_init(&l, "ktest");
	if (!host_catch_kassert(lock_twice, &l, msg, sizeof(msg)) ||
	    strstr(msg, "recursion on ktest") == NULL)
		HT_FAIL("no KASSERT on recursion (\"%s\")", msg);
	spin_init(&l, "ktest");
	if (!host_catch_kassert(unlock_free, &l, msg, sizeof(msg)) ||
	    strstr(msg, "not held") == NULL)
		HT_FAIL("no KASSERT on unlocking a free lock (\"%s\")", msg);
}
