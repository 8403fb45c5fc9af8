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

static int
kvprintf(struct outbuf *ob, const char *fmt, va_list ap0)
{
	va_list ap;

	va_copy(ap, ap0);
	for (; *fmt != '\0'; fmt++) {
		if (*fmt != '%') {
			emit(ob, *fmt);
			continue;
		}
		struct numfmt nf = { .base = 10, .pad = ' ' };
		int prec = -1, lng = 0;
		bool neg;

		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				nf.left = true;
			else if (*fmt == '0')
				nf.pad = '0';
			else
				break;
		}
		if (*fmt == '*') {
			nf.width = va_arg(ap, int);
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			nf.width = nf.width * 10 + (*fmt++ - '0');
		if (*fmt == '.') {
			prec = 0;
			fmt++;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			}
			while (*fmt >= '0' && *fmt <= '9')
				prec = prec * 10 + (*fmt++ - '0');
		}
		for (; *fmt == 'l' || *fmt == 'z' || *fmt == 'j'; fmt++)
			lng++;
		if (nf.left)
			nf.pad = ' ';

		size_t before = ob->len;
		switch (*fmt) {
		case 'd':
		case 'i': {
			uint64_t v = fetch_arg(&ap, lng, true, &neg);
			emit_number(ob, v, neg, &nf);
			break;
		}
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			nf.base = *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16;
			nf.upper = *fmt == 'X';
			emit_number(ob, fetch_arg(&ap, lng, false, &neg), false,
			    &nf);
			break;
		case 'p': {
			/* "0x" then the digits; the width covers both. */
			char digits[24];
			int n = snprintf(digits, sizeof(digits), "0x%lx",
			    (unsigned long)(uintptr_t)va_arg(ap, void *));
			emit_padded(ob, digits, n, nf.width, nf.left, ' ');
			break;
		}
		case 'c': {
			char c = (char)va_arg(ap, int);
			emit_padded(ob, &c, 1, nf.width, nf.left, ' ');
			break;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (s == NULL)
				s = "(null)";
			size_t n = prec >= 0 ? strnlen(s, prec) : strlen(s);
			emit_padded(ob, s, n, nf.width, nf.left, ' ');
			break;
		}
		case '%':
			emit(ob, '%');
			break;
		case '\0':
			fmt--;
			break;
		default:
			emit(ob, '%');
			emit(ob, *fmt);
			break;
		}
		/* Left-justified numbers: pad on the right up to the width. */
		if (nf.left && strchr("diuxXo", *fmt) != NULL)
			for (int w = nf.width - (int)(ob->len - before); w > 0;
			    w--)
				emit(ob, ' ');
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
