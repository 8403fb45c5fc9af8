/*
 * pagoda-demux.c: take a framed Pagoda console apart (a host program).
 *
 *   qemu ... -serial stdio | pagoda-demux [--log FILE] [--status FILE]
 *                                         [--verbose]
 *
 * A kernel booted with "console=framed" (tools/pagoda-run) sends three
 * channels down one serial line, framed as kernel/cons.h describes:
 *
 *   ESC '0' | ESC '1' | ESC '2'   switch to the kernel log, the programs'
 *                                 standard output, their standard error
 *   ESC ESC                       one ESC byte of data
 *   ESC 'x' digits '\n'           the run's exit status
 *
 * ESC is 0x10 (DLE).  This program copies channel 1 to its standard
 * output and channel 2 to its standard error, byte for byte, and the
 * kernel log to FILE (without the "\r" an unframed console adds before
 * the kernel reads its command line); --verbose copies the log to
 * standard error too.  The exit status goes to the status FILE, as
 * decimal digits and a newline; no whole status record (cut off before
 * its newline, say), no file.  The stream
 * starts on channel 0, as the kernel does.
 *
 * Exit status 0; 2 on a usage error or if a file cannot be written.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FRAME_ESC	0x10

struct demux {
	FILE	*out[3];	/* channel 0, 1, 2 (out[0] may be NULL) */
	bool	verbose;	/* channel 0 to stderr too */
	int	channel;	/* the channel data goes to now */
	bool	escaped;	/* the last byte was ESC */
	bool	in_status;	/* reading the status record's digits */
	int	digits;		/* its value so far */
	int	status;		/* the record's, once whole; -1: none */
};

static void
emit(struct demux *d, int c)
{
	if (d->channel == 0) {
		if (c == '\r')
			return;
		if (d->verbose)
			putc(c, stderr);
	}
	if (d->out[d->channel] != NULL)
		putc(c, d->out[d->channel]);
}

/* One byte of the stream through the framing. */
static void
feed(struct demux *d, int c)
{
	if (d->in_status) {
		if (c >= '0' && c <= '9' && d->digits < 1000)
			d->digits = d->digits * 10 + (c - '0');
		else {
			d->in_status = false;
			if (c == '\n')		/* only a whole record counts */
				d->status = d->digits;
		}
		return;
	}
	if (!d->escaped) {
		if (c == FRAME_ESC)
			d->escaped = true;
		else
			emit(d, c);
		return;
	}
	d->escaped = false;
	if (c >= '0' && c <= '2')
		d->channel = c - '0';
	else if (c == 'x') {
		d->in_status = true;
		d->digits = 0;
	} else if (c == FRAME_ESC)
		emit(d, c);
	/* Anything else is no frame of ours: dropped. */
}

static void
usage(void)
{
	fprintf(stderr, "usage: pagoda-demux [--log FILE] [--status FILE] "
	    "[--verbose]\n");
	exit(2);
}

static FILE *
open_or_die(const char *path)
{
	FILE *f = fopen(path, "w");

	if (f == NULL) {
		perror(path);
		exit(2);
	}
	return f;
}

int
main(int argc, char **argv)
{
	struct demux d = { .out = { NULL, stdout, stderr }, .status = -1 };
	const char *status_path = NULL;
	char buf[4096];
	size_t n;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--verbose") == 0)
			d.verbose = true;
		else if (strcmp(argv[i], "--log") == 0 && i + 1 < argc)
			d.out[0] = open_or_die(argv[++i]);
		else if (strcmp(argv[i], "--status") == 0 && i + 1 < argc)
			status_path = argv[++i];
		else
			usage();
	}
	while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0) {
		for (size_t i = 0; i < n; i++)
			feed(&d, (unsigned char)buf[i]);
		/* Flush at each piece, so output appears as it comes. */
		fflush(stdout);
		fflush(stderr);
	}
	if (ferror(stdout) || ferror(stderr) ||
	    (d.out[0] != NULL && fclose(d.out[0]) != 0))
		return 2;
	if (status_path != NULL && d.status >= 0) {
		FILE *f = open_or_die(status_path);

		fprintf(f, "%d\n", d.status);
		if (fclose(f) != 0)
			return 2;
	}
	return 0;
}
