/*
 * lib.c: in-kernel tests of the kernel's small library: snprintf()
 * (kernel/printf.c), the string functions (kernel/string.c) and the
 * command line (kernel/cmdline.c), as the kernel itself is built.
 *
 * The host tests (tests/host/test_lib.c) cover the same functions in more
 * depth, with the sanitizers and against the host's C library; these make
 * sure the freestanding kernel build behaves the same.
 */
#include "kernel/cmdline.h"
#include "kernel/ktest.h"

/* Fail unless the strings are equal; the message shows both. */
#define KT_STR(got, want) do {						\
	const char *kt_got_ = (got), *kt_want_ = (want);		\
	if (strcmp(kt_got_, kt_want_) != 0) {				\
		ktest_fail(kt, __FILE__, __LINE__, "\"%s\" != \"%s\"",	\
		    kt_got_, kt_want_);					\
		return;							\
	}								\
} while (0)

/* snprintf() must give want and return its length. */
#define KT_FMT(want, ...) do {						\
	char kt_buf_[96];						\
	int kt_n_ = snprintf(kt_buf_, sizeof(kt_buf_), __VA_ARGS__);	\
	KT_STR(kt_buf_, want);						\
	KT_EQ(kt_n_, strlen(want));					\
} while (0)

KTEST(printf_decimal)
{
	KT_FMT("0", "%d", 0);
	KT_FMT("42", "%d", 42);
	KT_FMT("-42", "%d", -42);
	KT_FMT("-2147483648", "%d", (int)0x80000000);
	KT_FMT("-9223372036854775808", "%ld", (long)0x8000000000000000UL);
	KT_FMT("4294967295", "%u", 0xffffffffU);
	KT_FMT("18446744073709551615", "%lu", ~0UL);
	KT_FMT("4096", "%zu", (size_t)4096);
	KT_FMT("-7", "%zd", (ssize_t)-7);
}

KTEST(printf_hex)
{
	KT_FMT("ff", "%x", 255);
	KT_FMT("FF", "%X", 255);
	KT_FMT("0", "%x", 0);
	KT_FMT("ffffffff", "%x", -1);
	KT_FMT("ffffffffffffffff", "%lx", ~0UL);
	KT_FMT("0000000000200000", "%016lx", 0x200000UL);
	KT_FMT("    1000", "%8lx", 0x1000UL);
	KT_FMT("00abc", "%05x", 0xabc);
	KT_FMT("755", "%o", 0755);
}

KTEST(printf_width)
{
	KT_FMT("   42", "%5d", 42);
	KT_FMT("00042", "%05d", 42);
	KT_FMT("-0042", "%05d", -42);
	KT_FMT("  -42", "%5d", -42);
	KT_FMT("42   |", "%-5d|", 42);
	KT_FMT("-42  |", "%-5d|", -42);
	KT_FMT("123456", "%3d", 123456);
	KT_FMT("   42", "%*d", 5, 42);
}

KTEST(printf_string_char)
{
	KT_FMT("pagoda", "%s", "pagoda");
	KT_FMT("pag", "%.3s", "pagoda");
	KT_FMT("pa", "%.*s", 2, "pagoda");
	KT_FMT("  vm", "%4s", "vm");
	KT_FMT("vm  |", "%-4s|", "vm");
	KT_FMT("x", "%c", 'x');
	KT_FMT("[z]", "[%c]", 'z');
	KT_FMT("100%", "%d%%", 100);
	KT_FMT("a 1 b 2", "a %d %s %u", 1, "b", 2U);
}

KTEST(printf_pointer)
{
	KT_FMT("0xffff800000001000", "%p", (void *)0xffff800000001000UL);
	KT_FMT("0x10", "%p", (void *)0x10);
}

/* Truncation: the whole length is returned, the buffer is terminated. */
KTEST(printf_truncate)
{
	char buf[8];

	memset(buf, '#', sizeof(buf));
	KT_EQ(snprintf(buf, 5, "%d", 1234567), 7);
	KT_STR(buf, "1234");
	KT_EQ(buf[5], '#');			/* nothing past size */
	KT_EQ(snprintf(buf, 1, "%s", "abc"), 3);
	KT_EQ(buf[0], '\0');
	KT_EQ(snprintf(buf, sizeof(buf), "%s", "abcdefgh"), 8);
	KT_STR(buf, "abcdefg");
	KT_EQ(snprintf(NULL, 0, "%d", -100), 4);
}

KTEST(string_memcpy)
{
	unsigned char src[48], dst[48];

	for (size_t i = 0; i < sizeof(src); i++)
		src[i] = (unsigned char)(i + 1);
	for (size_t off = 0; off < 9; off++) {
		memset(dst, 0, sizeof(dst));
		KT_ASSERT(memcpy(dst + off, src + 1, 33) == dst + off);
		for (size_t i = 0; i < sizeof(dst); i++)
			KT_EQ(dst[i], i >= off && i < off + 33 ?
			    src[i - off + 1] : 0);
	}
	memset(dst, 7, sizeof(dst));
	memcpy(dst, src, 0);
	KT_EQ(dst[0], 7);
}

/* memmove copies as if through a temporary buffer, both directions. */
KTEST(string_memmove)
{
	char buf[16];

	strlcpy(buf, "abcdefghij", sizeof(buf));
	KT_ASSERT(memmove(buf + 2, buf, 6) == buf + 2);	/* forwards */
	KT_STR(buf, "ababcdefij");
	strlcpy(buf, "abcdefghij", sizeof(buf));
	memmove(buf, buf + 3, 6);			/* backwards */
	KT_STR(buf, "defghighij");
	strlcpy(buf, "abcdefghij", sizeof(buf));
	memmove(buf + 1, buf, 9);			/* all but 1 overlap */
	KT_STR(buf, "aabcdefghi");
}

KTEST(string_memset_memcmp)
{
	unsigned char buf[32];

	memset(buf, 1, sizeof(buf));
	KT_ASSERT(memset(buf + 4, 0x2cc, 20) == buf + 4);	/* (uchar)c */
	for (size_t i = 0; i < sizeof(buf); i++)
		KT_EQ(buf[i], i >= 4 && i < 24 ? 0xcc : 1);
	KT_ASSERT(memcmp("abc", "abc", 3) == 0);
	KT_ASSERT(memcmp("abc", "abd", 3) < 0);
	KT_ASSERT(memcmp("abd", "abc", 3) > 0);
	KT_ASSERT(memcmp("\x90", "\x10", 1) > 0);	/* unsigned bytes */
	KT_ASSERT(memcmp("a", "b", 0) == 0);
}

KTEST(string_strlcpy)
{
	char buf[8];

	memset(buf, '#', sizeof(buf));
	KT_EQ(strlcpy(buf, "virtual memory", 6), 14);
	KT_STR(buf, "virtu");
	KT_EQ(buf[6], '#');
	KT_EQ(strlcpy(buf, "vm", sizeof(buf)), 2);
	KT_STR(buf, "vm");
	KT_EQ(strlcpy(buf, "xyz", 0), 3);
	KT_STR(buf, "vm");
}

KTEST(string_str)
{
	const char *s = "pagoda";

	KT_EQ(strlen(s), 6);
	KT_EQ(strlen(""), 0);
	KT_EQ(strnlen(s, 3), 3);
	KT_EQ(strnlen(s, 99), 6);
	KT_ASSERT(strcmp("abc", "abc") == 0);
	KT_ASSERT(strcmp("abc", "abd") < 0);
	KT_ASSERT(strcmp("abcd", "abc") > 0);
	KT_ASSERT(strncmp("test=x", "test", 4) == 0);
	KT_ASSERT(strncmp("tesa", "test", 4) < 0);
	KT_ASSERT(strchr(s, 'g') == s + 2);
	KT_ASSERT(strchr(s, 'q') == NULL);
	KT_ASSERT(strchr(s, '\0') == s + 6);
}

KTEST(string_strtoul)
{
	const char *s = "0x1fz";
	char *end;

	KT_EQ(strtoul("12345", NULL, 10), 12345);
	KT_EQ(strtoul(s, &end, 0), 0x1f);
	KT_ASSERT(end == s + 4);
	KT_EQ(strtoul("ff", NULL, 16), 255);
	KT_EQ(strtoul("0777", NULL, 0), 0777);
	KT_EQ(strtoul("42", NULL, 0), 42);
	KT_EQ(strtoul("18446744073709551615", NULL, 10), ~0UL);
	s = "abc";
	KT_EQ(strtoul(s, &end, 10), 0);
	KT_ASSERT(end == s);
}

/*
 * The cmdline tests swap in a line of their own.  The real one (which
 * chose these very tests) is saved first and always put back.
 */
static char saved_cmdline[256];

static void
cmdline_swap_in(const char *line)
{
	strlcpy(saved_cmdline, cmdline_string(), sizeof(saved_cmdline));
	cmdline_init(line);
}

static void
cmdline_restore(void)
{
	cmdline_init(saved_cmdline);
}

/* Look key up: 1 with a value, 0 without, and the value in buf. */
static int
lookup(const char *key, char *buf, size_t size)
{
	memset(buf, '#', size);
	return cmdline_get(key, buf, size) ? 1 : 0;
}

KTEST(cmdline_get)
{
	char buf[16];
	bool bare_empty, value_ok, equals_ok, first_ok;
	int found;

	cmdline_swap_in("quiet testing=no test=kmem_ root=a=b x=1 x=2 last");
	found = lookup("quiet", buf, sizeof(buf));
	bare_empty = buf[0] == '\0';
	found += lookup("test", buf, sizeof(buf));
	value_ok = strcmp(buf, "kmem_") == 0;
	found += lookup("root", buf, sizeof(buf));
	equals_ok = strcmp(buf, "a=b") == 0;	/* up to the first '=' */
	found += lookup("x", buf, sizeof(buf));
	first_ok = strcmp(buf, "1") == 0;	/* the first one wins */
	found += lookup("last", buf, sizeof(buf));
	found += 10 * lookup("nothere", buf, sizeof(buf));
	cmdline_restore();
	KT_EQ(found, 5);
	KT_ASSERT(bare_empty);
	KT_ASSERT(value_ok);
	KT_ASSERT(equals_ok);
	KT_ASSERT(first_ok);
}

/* A word that only starts like the key is not the key. */
KTEST(cmdline_no_prefix_match)
{
	char buf[16];
	bool untouched;
	int found, tester;

	cmdline_swap_in("testing tester=1 mytest");
	found = lookup("test", buf, sizeof(buf));
	found += lookup("tes", buf, sizeof(buf));
	found += lookup("mytes", buf, sizeof(buf));
	found += lookup("testingx", buf, sizeof(buf));
	untouched = buf[0] == '#';
	tester = lookup("tester", buf, sizeof(buf));
	cmdline_restore();
	KT_EQ(found, 0);
	KT_ASSERT(untouched);
	KT_EQ(tester, 1);
}

/* The saved line really is back: what chose these tests still says so. */
KTEST(cmdline_restored)
{
	char before[256], buf[64];

	strlcpy(before, cmdline_string(), sizeof(before));
	cmdline_swap_in("other words");
	cmdline_restore();
	KT_STR(cmdline_string(), before);
	KT_ASSERT(cmdline_get("test", buf, sizeof(buf)));
}
