/*
 * string.c: memory and string functions.
 *
 * Plain loops, written to be read.  memcpy and memset move a word at a
 * time once both pointers are word aligned, since programs use them on
 * large buffers; the rest go a byte at a time.  The library is compiled
 * with -fno-tree-loop-distribute-patterns, or GCC would turn the loops
 * in memset and memcpy into calls to memset and memcpy.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A word that may alias any other type, so word copies are well defined. */
typedef uintptr_t __attribute__((may_alias)) word_t;

#define WORD		sizeof(word_t)
#define ALIGNED(p)	(((uintptr_t)(p) & (WORD - 1)) == 0)

void *
memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (ALIGNED(d) && ALIGNED(s)) {
		for (; n >= WORD; n -= WORD, d += WORD, s += WORD)
			*(word_t *)d = *(const word_t *)s;
	}
	while (n-- > 0)
		*d++ = *s++;
	return dst;
}

/* memmove: like memcpy, but the areas may overlap. */
void *
memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d == s || n == 0)
		return dst;
	if (d < s || d >= s + n)
		return memcpy(dst, src, n);	/* copying forward is safe */
	while (n-- > 0)				/* d inside s: go backward */
		d[n] = s[n];
	return dst;
}

void *
memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	word_t pattern;

	while (n > 0 && !ALIGNED(d)) {
		*d++ = (unsigned char)c;
		n--;
	}
	pattern = (unsigned char)c * (UINTPTR_MAX / 0xff);  /* c in each byte */
	for (; n >= WORD; n -= WORD, d += WORD)
		*(word_t *)d = pattern;
	while (n-- > 0)
		*d++ = (unsigned char)c;
	return dst;
}

int
memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n > 0; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

void *
memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n > 0; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

size_t
strlen(const char *s)
{
	const char *p = s;

	while (*p != '\0')
		p++;
	return p - s;
}

size_t
strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n] != '\0')
		n++;
	return n;
}

/* Comparisons are of unsigned chars, as the standard says. */
int
strcmp(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int
strncmp(const char *a, const char *b, size_t n)
{
	for (; n > 0; n--, a++, b++)
		if (*a != *b || *a == '\0')
			return (unsigned char)*a - (unsigned char)*b;
	return 0;
}

/* strchr: the first c in s; c may be '\0', which finds the end. */
char *
strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (*s == '\0')
			return NULL;
	}
}

char *
strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (*s == '\0')
			return (char *)last;
	}
}

char *
strstr(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	for (; *haystack != '\0' || n == 0; haystack++)
		if (strncmp(haystack, needle, n) == 0)
			return (char *)haystack;
	return NULL;
}

/* strspn: the length of s's first stretch of bytes that are in accept. */
size_t
strspn(const char *s, const char *accept)
{
	size_t n = 0;

	while (s[n] != '\0' && strchr(accept, s[n]) != NULL)
		n++;
	return n;
}

/* strcspn: the length of s's first stretch of bytes not in reject. */
size_t
strcspn(const char *s, const char *reject)
{
	size_t n = 0;

	while (s[n] != '\0' && strchr(reject, s[n]) == NULL)
		n++;
	return n;
}

char *
strcpy(char *dst, const char *src)
{
	char *d = dst;

	while ((*d++ = *src++) != '\0')
		continue;
	return dst;
}

/*
 * strncpy: exactly n bytes: src, then NULs to fill.  If src is n bytes
 * or longer, dst is NOT terminated.
 */
char *
strncpy(char *dst, const char *src, size_t n)
{
	size_t i;

	for (i = 0; i < n && src[i] != '\0'; i++)
		dst[i] = src[i];
	for (; i < n; i++)
		dst[i] = '\0';
	return dst;
}

char *
strcat(char *dst, const char *src)
{
	strcpy(dst + strlen(dst), src);
	return dst;
}

/* strncat: at most n bytes of src, always terminated. */
char *
strncat(char *dst, const char *src, size_t n)
{
	char *d = dst + strlen(dst);

	while (n-- > 0 && *src != '\0')
		*d++ = *src++;
	*d = '\0';
	return dst;
}

char *
strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *copy = malloc(n);

	if (copy != NULL)
		memcpy(copy, s, n);
	return copy;
}

/*
 * strtok_r: the next token of s (or, with s NULL, of the string saved in
 * *state), delimited by any byte of delim; NULL when none is left.  The
 * delimiter after the token is overwritten with '\0'.
 */
char *
strtok_r(char *s, const char *delim, char **state)
{
	char *token;

	if (s == NULL)
		s = *state;
	while (*s != '\0' && strchr(delim, *s) != NULL)
		s++;
	if (*s == '\0') {
		*state = s;
		return NULL;
	}
	token = s;
	while (*s != '\0' && strchr(delim, *s) == NULL)
		s++;
	if (*s != '\0')
		*s++ = '\0';
	*state = s;
	return token;
}
