/*
 * systm.h: what almost every kernel file needs: printf, panic, KASSERT and
 * the small string functions of kernel/string.c.
 */
#ifndef _KERNEL_SYSTM_H_
#define _KERNEL_SYSTM_H_

#include "kernel/types.h"

/* Debug builds (the default) check every KASSERT; `make NDEBUG=1` drops them. */
#ifndef NDEBUG
#define INVARIANTS 1
#endif

int	printf(const char *fmt, ...) __printflike(1, 2);
int	vprintf(const char *fmt, va_list ap);
int	snprintf(char *buf, size_t size, const char *fmt, ...) __printflike(3, 4);
int	vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

void	panic(const char *fmt, ...) __printflike(1, 2) __noreturn;

/*
 * KASSERT(cond, ("fmt", args)): in debug builds, panic with the message when
 * cond is false.  The doubled parentheses pass a whole printf argument list.
 */
#ifdef INVARIANTS
#define KASSERT(cond, msg) do {						\
	if (__predict_false(!(cond)))					\
		kassert_panic msg;					\
} while (0)
#else
#define KASSERT(cond, msg) do { } while (0)
#endif
void	kassert_panic(const char *fmt, ...) __printflike(1, 2) __noreturn;

#define CTASSERT(x)	_Static_assert(x, #x)

void	*memset(void *dst, int c, size_t len);
void	*memcpy(void *dst, const void *src, size_t len);
void	*memmove(void *dst, const void *src, size_t len);
int	memcmp(const void *a, const void *b, size_t len);
size_t	strlen(const char *s);
size_t	strnlen(const char *s, size_t max);
int	strcmp(const char *a, const char *b);
int	strncmp(const char *a, const char *b, size_t len);
char	*strchr(const char *s, int c);
size_t	strlcpy(char *dst, const char *src, size_t size);
unsigned long strtoul(const char *s, char **end, int base);

#endif /* !_KERNEL_SYSTM_H_ */
