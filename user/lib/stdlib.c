/*
 * stdlib.c: number conversion, the environment, and ending the process.
 */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libc.h"

_Static_assert(sizeof(long) == sizeof(long long), "LP64 only");

/* digit_value: c's value as a digit in bases up to 36, or 99. */
static int
digit_value(int c)
{
	if (isdigit(c))
		return c - '0';
	if (islower(c))
		return c - 'a' + 10;
	if (isupper(c))
		return c - 'A' + 10;
	return 99;
}

/*
 * parse_number: what strtoull and strtoll share.  Skips white space,
 * reads a sign into *negative, picks the base from a 0 or 0x prefix when
 * base is 0, and reads digits while they fit in unsigned long long
 * (*overflow says they did not).  *end gets the first byte not used, or
 * s itself if there were no digits.
 */
static unsigned long long
parse_number(const char *s, char **end, int base, bool *negative,
    bool *overflow)
{
	const char *p = s, *digits;
	unsigned long long value = 0;
	int d;

	*negative = *overflow = false;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-')
		*negative = *p++ == '-';
	if ((base == 0 || base == 16) && p[0] == '0' &&
	    (p[1] == 'x' || p[1] == 'X') && isxdigit((unsigned char)p[2])) {
		p += 2;
		base = 16;
	} else if (base == 0)
		base = *p == '0' ? 8 : 10;
	for (digits = p; (d = digit_value((unsigned char)*p)) < base; p++) {
		if (value > (ULLONG_MAX - d) / base)
			*overflow = true;
		else
			value = value * base + d;
	}
	if (end != NULL)
		*end = (char *)(p == digits ? s : p);
	return value;
}

static bool
base_valid(int base)
{
	if (base == 0 || (base >= 2 && base <= 36))
		return true;
	errno = EINVAL;
	return false;
}

/*
 * strtoull: the number at the start of s.  As the standard says, a minus
 * sign negates the unsigned result ("-1" is ULLONG_MAX); out of range is
 * ULLONG_MAX with ERANGE.
 */
unsigned long long
strtoull(const char *s, char **end, int base)
{
	unsigned long long value;
	bool negative, overflow;

	if (!base_valid(base))
		return 0;
	value = parse_number(s, end, base, &negative, &overflow);
	if (overflow) {
		errno = ERANGE;
		return ULLONG_MAX;
	}
	return negative ? -value : value;
}

/* strtoll: out of range is LLONG_MAX or LLONG_MIN, with ERANGE. */
long long
strtoll(const char *s, char **end, int base)
{
	unsigned long long value, limit;
	bool negative, overflow;

	if (!base_valid(base))
		return 0;
	value = parse_number(s, end, base, &negative, &overflow);
	limit = negative ? (unsigned long long)LLONG_MAX + 1 : LLONG_MAX;
	if (overflow || value > limit) {
		errno = ERANGE;
		return negative ? LLONG_MIN : LLONG_MAX;
	}
	if (negative)
		return value == limit ? LLONG_MIN : -(long long)value;
	return (long long)value;
}

unsigned long
strtoul(const char *s, char **end, int base)
{
	return strtoull(s, end, base);
}

long
strtol(const char *s, char **end, int base)
{
	return strtoll(s, end, base);
}

int
atoi(const char *s)
{
	return (int)strtol(s, NULL, 10);
}

long
atol(const char *s)
{
	return strtol(s, NULL, 10);
}

int
abs(int x)
{
	return x < 0 ? -x : x;
}

long
labs(long x)
{
	return x < 0 ? -x : x;
}

/* getenv: the value of NAME in environ ("NAME=value"), or NULL. */
char *
getenv(const char *name)
{
	size_t len = strlen(name);
	char **p;

	if (environ == NULL || len == 0 || strchr(name, '=') != NULL)
		return NULL;
	for (p = environ; *p != NULL; p++)
		if (strncmp(*p, name, len) == 0 && (*p)[len] == '=')
			return *p + len + 1;
	return NULL;
}

void
exit(int status)
{
	fflush(NULL);
	_exit(status);
}

/*
 * abort: die by SIGABRT, as a debugger and the parent expect; if the
 * signal does not kill us (no signals yet, or it is blocked), exit with
 * the status a shell would show for it.
 */
void
abort(void)
{
	raise(SIGABRT);
	_exit(128 + SIGABRT);
}

void
__assert_fail(const char *expr, const char *file, int line, const char *func)
{
	fprintf(stderr, "%s: %s:%d: %s: assertion \"%s\" failed\n",
	    __progname, file, line, func, expr);
	abort();
}
