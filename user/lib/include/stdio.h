/*
 * stdio.h: buffered output and input on file descriptors (lib/stdio.c)
 * and formatted printing (lib/printf.c).
 *
 * There are only the three standard streams: stdout is line buffered
 * (written out at each '\n', when its buffer fills, on fflush() and at
 * exit()), stderr is unbuffered (written out at the end of every call),
 * stdin is read a buffer at a time.  _exit() and a fork() child that
 * never exits normally do not flush: fflush(stdout) before fork() if a
 * line is pending, or both processes will print it.
 *
 * printf knows the flags "-+ #0", a width and a precision (also as *),
 * the lengths hh h l ll z t j, and the conversions d i u o x X c s p f
 * F %; there is no %n, %e or %g.
 */
#ifndef _STDIO_H_
#define _STDIO_H_

#include <stdarg.h>
#include <stddef.h>

#define EOF	(-1)
#define BUFSIZ	1024

typedef struct stdio_file FILE;

extern FILE *const stdin;
extern FILE *const stdout;
extern FILE *const stderr;

#define __printflike(f, a)	__attribute__((format(printf, f, a)))

int	printf(const char *fmt, ...) __printflike(1, 2);
int	fprintf(FILE *f, const char *fmt, ...) __printflike(2, 3);
int	snprintf(char *buf, size_t size, const char *fmt, ...)
	    __printflike(3, 4);
int	vprintf(const char *fmt, va_list ap) __printflike(1, 0);
int	vfprintf(FILE *f, const char *fmt, va_list ap) __printflike(2, 0);
int	vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	    __printflike(3, 0);

int	putchar(int c);
int	fputc(int c, FILE *f);
int	putc(int c, FILE *f);
int	puts(const char *s);		/* s and a newline, to stdout */
int	fputs(const char *s, FILE *f);	/* s alone */
size_t	fwrite(const void *p, size_t size, size_t n, FILE *f);
int	fflush(FILE *f);		/* NULL: every stream */

int	getchar(void);
int	fgetc(FILE *f);
int	getc(FILE *f);
char	*fgets(char *s, int size, FILE *f);

int	ferror(FILE *f);
int	feof(FILE *f);
void	clearerr(FILE *f);

void	perror(const char *s);		/* "s: strerror(errno)" on stderr */

#endif /* !_STDIO_H_ */
