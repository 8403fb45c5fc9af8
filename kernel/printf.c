/*
 * printf.c: the kernel's formatted output.
 *
 * One formatting engine, kvprintf(), writes characters through a callback;
 * printf() sends them to the console, snprintf() into a buffer.  It knows
 * the conversions the kernel uses: %d %i %u %x %X %o %p %s %c %%, the length
 * modifiers l, ll, z and j, a width, the flags '-' and '0', and a precision
 * for strings.
 */
#include "kernel/systm.h"
#include "kernel/cons.h"

struct outbuf {
	void	(*put)(struct outbuf *ob, char c);
	char	*buf;		/* snprintf: where to write */
	size_t	size;		/* snprintf: room, including the final NUL */
	size_t	len;		/* characters produced so far */
};

/* One numeric conversion's settings. */
struct numfmt {
	int	base;
	bool	upper;
	bool	left;
	char	pad;
	int	width;
};

static void
emit(struct outbuf *ob, char c)
{
	ob->put(ob, c);
	ob->len++;
}

static void
emit_padded(struct outbuf *ob, const char *s, size_t n, int width, bool left,
    char pad)
{
	int fill = width > (int)n ? width - (int)n : 0;

	if (!left)
		while (fill-- > 0)
			emit(ob, pad);
	while (n-- > 0)
		emit(ob, *s++);
	if (left)
		while (fill-- > 0)
			emit(ob, ' ');
}

/*
 * Format v in nf's base, right-justified to nf's width (left-justified
 * numbers are padded by the caller); a '-' first if neg.
 */
static void
emit_number(struct outbuf *ob, uint64_t v, bool neg, const struct numfmt *nf)
{
	const char *digits = nf->upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = digits[v % nf->base];
		v /= nf->base;
	} while (v != 0);
	if (neg && nf->pad == '0') {
		emit(ob, '-');
		neg = false;
		int w = nf->width - 1;
		while (w-- > n)
			emit(ob, '0');
	} else {
		if (neg)
			tmp[n++] = '-';
		int fill = nf->width - n;
		if (!nf->left)
			while (fill-- > 0)
				emit(ob, nf->pad);
	}
	while (n > 0)
		emit(ob, tmp[--n]);
}

/* Fetch an integer argument of the given size (0=int, 1=long, 2=long long). */
static uint64_t
fetch_arg(va_list *ap, int lng, bool is_signed, bool *neg)
{
	int64_t s;

	*neg = false;
	if (!is_signed) {
		if (lng >= 1)
			return va_arg(*ap, unsigned long);
		return va_arg(*ap, unsigned int);
	}
	s = lng >= 1 ? va_arg(*ap, long) : va_arg(*ap, int);
	if (s < 0) {
		*neg = true;
		return (uint64_t)0 - (uint64_t)s;
	}
	return (uint64_t)s;
}

/* One conversion: "%-08.3lx" is flags, width, precision, length, 'x'. */
struct spec {
	struct numfmt	nf;
	int		prec;		/* -1: none */
	int		lng;		/* count of l, z, j modifiers */
	char		conv;		/* the conversion character */
};

/* Parse the conversion after a '%'; return where the format goes on. */
static const char *
parse_spec(const char *fmt, va_list *ap, struct spec *sp)
{
	*sp = (struct spec){ .nf = { .base = 10, .pad = ' ' }, .prec = -1 };
	for (;; fmt++) {
		if (*fmt == '-')
			sp->nf.left = true;
		else if (*fmt == '0')
			sp->nf.pad = '0';
		else
			break;
	}
	if (*fmt == '*') {
		sp->nf.width = va_arg(*ap, int);
		fmt++;
	}
	while (*fmt >= '0' && *fmt <= '9')
		sp->nf.width = sp->nf.width * 10 + (*fmt++ - '0');
	if (*fmt == '.') {
		sp->prec = 0;
		if (*++fmt == '*') {
			sp->prec = va_arg(*ap, int);
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			sp->prec = sp->prec * 10 + (*fmt++ - '0');
	}
	for (; *fmt == 'l' || *fmt == 'z' || *fmt == 'j'; fmt++)
		sp->lng++;
	if (sp->nf.left)
		sp->nf.pad = ' ';
	sp->conv = *fmt;
	return *fmt == '\0' ? fmt : fmt + 1;
}

/* Format a string conversion: %s, %c, %p. */
static void
format_text(struct outbuf *ob, struct spec *sp, va_list *ap)
{
	char tmp[24];
	const char *str = tmp;
	size_t n = 1;

	if (sp->conv == 'c') {
		tmp[0] = (char)va_arg(*ap, int);
	} else if (sp->conv == 'p') {
		/* "0x" then the digits; the width covers both. */
		n = snprintf(tmp, sizeof(tmp), "0x%lx",
		    (unsigned long)(uintptr_t)va_arg(*ap, void *));
	} else {
		str = va_arg(*ap, const char *);
		if (str == NULL)
			str = "(null)";
		n = sp->prec >= 0 ? strnlen(str, sp->prec) : strlen(str);
	}
	emit_padded(ob, str, n, sp->nf.width, sp->nf.left, ' ');
}

/* Format one conversion. */
static void
format_one(struct outbuf *ob, struct spec *sp, va_list *ap)
{
	size_t before = ob->len;
	bool neg;
	uint64_t v;

	switch (sp->conv) {
	case 'd':
	case 'i':
		v = fetch_arg(ap, sp->lng, true, &neg);
		emit_number(ob, v, neg, &sp->nf);
		break;
	case 'u':
	case 'x':
	case 'X':
	case 'o':
		sp->nf.base = sp->conv == 'u' ? 10 : sp->conv == 'o' ? 8 : 16;
		sp->nf.upper = sp->conv == 'X';
		emit_number(ob, fetch_arg(ap, sp->lng, false, &neg), false,
		    &sp->nf);
		break;
	case 'c':
	case 'p':
	case 's':
		format_text(ob, sp, ap);
		return;
	case '%':
		emit(ob, '%');
		return;
	case '\0':
		return;
	default:
		emit(ob, '%');
		emit(ob, sp->conv);
		return;
	}
	/* Left-justified numbers: pad on the right up to the width. */
	if (sp->nf.left)
		for (int w = sp->nf.width - (int)(ob->len - before); w > 0; w--)
			emit(ob, ' ');
}

static int
kvprintf(struct outbuf *ob, const char *fmt, va_list ap0)
{
	struct spec sp;
	va_list ap;

	va_copy(ap, ap0);
	while (*fmt != '\0') {
		if (*fmt != '%') {
			emit(ob, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &ap, &sp);
		format_one(ob, &sp, &ap);
	}
	va_end(ap);
	return (int)ob->len;
}

static void
put_console(struct outbuf *ob, char c)
{
	cons_putc(c);
}

static void
put_buffer(struct outbuf *ob, char c)
{
	if (ob->len + 1 < ob->size)
		ob->buf[ob->len] = c;
}

int
vprintf(const char *fmt, va_list ap)
{
	struct outbuf ob = { .put = put_console };
	int n;

	cons_lock();
	n = kvprintf(&ob, fmt, ap);
	cons_unlock();
	return n;
}

int
printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

/*
 * vsnprintf: format into buf, writing at most size bytes including the final
 * NUL; return the length the whole output would have had.
 */
int
vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct outbuf ob = { .put = put_buffer, .buf = buf, .size = size };
	int n;

	n = kvprintf(&ob, fmt, ap);
	if (size > 0)
		buf[MIN(ob.len, size - 1)] = '\0';
	return n;
}

int
snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
