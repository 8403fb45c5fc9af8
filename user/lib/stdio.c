/*
 * stdio.c: the three standard streams, their buffers, and the character
 * and string functions on them.  printf lives in printf.c and writes
 * through __stdio_putc() and __stdio_done() below.
 *
 * A stream writes into its buffer and hands the buffer to write(2) when
 * it is full, and also:
 *	stdout (STREAM_LINE)	at every '\n';
 *	stderr (STREAM_UNBUF)	at the end of every call (__stdio_done), so
 *				one fprintf is one write, not one per byte.
 * stdin (STREAM_READ) reads up to BUFSIZ bytes at a time, and first
 * flushes stdout, so that a prompt without '\n' shows before we block.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "libc.h"

enum stream_mode { STREAM_READ, STREAM_LINE, STREAM_UNBUF };

struct stdio_file {
	int		fd;
	enum stream_mode mode;
	int		error;		/* a read or write failed */
	int		eof;		/* read returned 0 */
	size_t		len;		/* bytes in buf */
	size_t		pos;		/* reading: the next byte of buf */
	char		buf[BUFSIZ];
};

static FILE streams[3] = {
	{ .fd = STDIN_FILENO, .mode = STREAM_READ },
	{ .fd = STDOUT_FILENO, .mode = STREAM_LINE },
	{ .fd = STDERR_FILENO, .mode = STREAM_UNBUF },
};

FILE *const stdin = &streams[0];
FILE *const stdout = &streams[1];
FILE *const stderr = &streams[2];

/*
 * stream_flush: write out f's buffer, all of it (write may take only
 * part); 0, or EOF with f->error set.  The buffer is emptied either way.
 */
static int
stream_flush(FILE *f)
{
	size_t done = 0;
	ssize_t n;

	while (done < f->len) {
		n = write(f->fd, f->buf + done, f->len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			f->error = 1;
			f->len = 0;
			return EOF;
		}
		done += (size_t)n;
	}
	f->len = 0;
	return 0;
}

void
__stdio_putc(FILE *f, char c)
{
	if (f->mode == STREAM_READ) {
		f->error = 1;
		return;
	}
	f->buf[f->len++] = c;
	if (f->len == BUFSIZ || (c == '\n' && f->mode == STREAM_LINE))
		stream_flush(f);
}

void
__stdio_done(FILE *f)
{
	if (f->mode == STREAM_UNBUF && f->len > 0)
		stream_flush(f);
}

static void
stream_put(FILE *f, const char *s, size_t n)
{
	while (n-- > 0)
		__stdio_putc(f, *s++);
}

int
fflush(FILE *f)
{
	int ret = 0;

	if (f == NULL) {
		ret |= fflush(stdout);
		ret |= fflush(stderr);
		return ret ? EOF : 0;
	}
	if (f->mode == STREAM_READ || f->len == 0)
		return 0;
	return stream_flush(f);
}

int
fputc(int c, FILE *f)
{
	__stdio_putc(f, (char)c);
	__stdio_done(f);
	return f->error ? EOF : (unsigned char)c;
}

int
putc(int c, FILE *f)
{
	return fputc(c, f);
}

int
putchar(int c)
{
	return fputc(c, stdout);
}

int
fputs(const char *s, FILE *f)
{
	stream_put(f, s, strlen(s));
	__stdio_done(f);
	return f->error ? EOF : 0;
}

int
puts(const char *s)
{
	stream_put(stdout, s, strlen(s));
	__stdio_putc(stdout, '\n');
	__stdio_done(stdout);
	return stdout->error ? EOF : 0;
}

/* fwrite: n items of size bytes; returns n, or 0 after a write error. */
size_t
fwrite(const void *p, size_t size, size_t n, FILE *f)
{
	stream_put(f, p, size * n);
	__stdio_done(f);
	return f->error ? 0 : n;
}

/* stream_fill: read more into f's buffer; false at end of file or error. */
static int
stream_fill(FILE *f)
{
	ssize_t n;

	fflush(stdout);
	do {
		n = read(f->fd, f->buf, BUFSIZ);
	} while (n < 0 && errno == EINTR);
	if (n <= 0) {
		if (n == 0)
			f->eof = 1;
		else
			f->error = 1;
		return 0;
	}
	f->len = (size_t)n;
	f->pos = 0;
	return 1;
}

int
fgetc(FILE *f)
{
	if (f->mode != STREAM_READ) {
		errno = EBADF;
		f->error = 1;
		return EOF;
	}
	if (f->pos == f->len && !stream_fill(f))
		return EOF;
	return (unsigned char)f->buf[f->pos++];
}

int
getc(FILE *f)
{
	return fgetc(f);
}

int
getchar(void)
{
	return fgetc(stdin);
}

/*
 * fgets: a line into s, newline included, at most size - 1 bytes and
 * always terminated; NULL if end of file or an error came before any
 * byte.
 */
char *
fgets(char *s, int size, FILE *f)
{
	int i = 0, c;

	if (size <= 0)
		return NULL;
	while (i < size - 1 && (c = fgetc(f)) != EOF) {
		s[i++] = (char)c;
		if (c == '\n')
			break;
	}
	s[i] = '\0';
	return i == 0 && size > 1 ? NULL : s;
}

int
ferror(FILE *f)
{
	return f->error;
}

int
feof(FILE *f)
{
	return f->eof;
}

void
clearerr(FILE *f)
{
	f->error = f->eof = 0;
}

void
perror(const char *s)
{
	if (s != NULL && *s != '\0')
		fprintf(stderr, "%s: %s\n", s, strerror(errno));
	else
		fprintf(stderr, "%s\n", strerror(errno));
}
