/*
 * assert.h: assert(e) prints the file, line and expression on stderr and
 * aborts if e is false; with NDEBUG defined it does nothing.
 */
#ifndef _ASSERT_H_
#define _ASSERT_H_

void	__assert_fail(const char *expr, const char *file, int line,
	    const char *func) __attribute__((noreturn));

#endif /* !_ASSERT_H_ */

/* Outside the guard: a file may include assert.h again with NDEBUG changed. */
#undef assert
#ifdef NDEBUG
#define assert(e)	((void)0)
#else
#define assert(e)	((e) ? (void)0 : \
	__assert_fail(#e, __FILE__, __LINE__, __func__))
#endif
