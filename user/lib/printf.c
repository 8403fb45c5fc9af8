/*
 * printf.c: formatted output.
 *
 * One engine, format(), turns a format and its arguments into characters
 * and hands them to a sink: a stream (printf, fprintf) or a buffer
 * (snprintf).  A conversion is read into a struct spec:
 *
 *	%  [flags -+ #0]  [width or *]  [.precision or .*]  [length]  conv
 *
 * and printed by print_int(), print_string() or print_double(), which
 * all end in emit(): padding, then a prefix (sign or 0x), then zeros,
 * then the body, then padding for a left-justified field.  Unknown
 * conversions are copied out as they were written.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "libc.h"

struct sink {
	FILE	*file;		/* a stream, or NULL: into buf */
	char	*buf;
	size_t	size;		/* of buf, the terminating NUL included */
	size_t	count;		/* characters produced, stored or not */
};

enum length { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE,
	LEN_PTRDIFF, LEN_INTMAX };

struct spec {
	bool	left;		/* '-': pad on the right */
	bool	plus;		/* '+': a sign even when positive */
	bool	space;		/* ' ': a space where the '-' would be */
	bool	alt;		/* '#': 0x for %x, a leading 0 for %o */
	bool	zero;		/* '0': pad with zeros after the sign */
	int	width;		/* minimum field width; 0 if none */
	int	prec;		/* precision; -1 if none */
	enum length length;
	char	conv;		/* the conversion letter */
};

static void
put(struct sink *s, char c)
{
	if (s->file != NULL)
		__stdio_putc(s->file, c);
	else if (s->count + 1 < s->size)
		s->buf[s->count] = c;
	s->count++;
}

static void
put_many(struct sink *s, char c, int n)
{
	while (n-- > 0)
		put(s, c);
}

static void
put_string(struct sink *s, const char *str, size_t len)
{
	while (len-- > 0)
		put(s, *str++);
}

/*
 * emit: one field of at least spec->width characters: prefix, then
 * `zeros` zeros, then body (len bytes); the '0' flag turns the padding
 * into more zeros after the prefix.
 */
static void
emit(struct sink *s, const struct spec *spec, const char *prefix,
    int zeros, const char *body, size_t len, bool zero_pad)
{
	int plen = (int)strlen(prefix);
	int pad = spec->width - plen - zeros - (int)len;

	if (pad < 0)
		pad = 0;
	if (zero_pad && !spec->left) {
		zeros += pad;
		pad = 0;
	}
	if (!spec->left)
		put_many(s, ' ', pad);
	put_string(s, prefix, plen);
	put_many(s, '0', zeros);
	put_string(s, body, len);
	if (spec->left)
		put_many(s, ' ', pad);
}

/* sign_prefix: "-", "+", " " or "", by the value's sign and the flags. */
static const char *
sign_prefix(const struct spec *spec, bool negative)
{
	if (negative)
		return "-";
	if (spec->plus)
		return "+";
	if (spec->space)
		return " ";
	return "";
}

/* print_int: %d %i %u %o %x %X %p, with the magnitude and sign given. */
static void
print_int(struct sink *s, const struct spec *spec, unsigned long long value,
    bool negative)
{
	const char *digit_chars = spec->conv == 'X' ?
	    "0123456789ABCDEF" : "0123456789abcdef";
	unsigned base = 10;
	char digits[24];		/* 64 bits in octal is 22 digits */
	int n = 0, zeros;
	const char *prefix = "";

	if (spec->conv == 'o')
		base = 8;
	else if (spec->conv == 'x' || spec->conv == 'X' || spec->conv == 'p')
		base = 16;
	if (spec->conv == 'd' || spec->conv == 'i')
		prefix = sign_prefix(spec, negative);
	else if (spec->conv == 'p' || (spec->alt && base == 16 && value != 0))
		prefix = spec->conv == 'X' ? "0X" : "0x";

	/* Precision 0 prints no digits for 0. */
	for (; value != 0 || (n == 0 && spec->prec != 0); value /= base)
		digits[n++] = digit_chars[value % base];
	zeros = spec->prec > n ? spec->prec - n : 0;
	if (spec->alt && base == 8 && zeros == 0 && (n == 0 ||
	    digits[n - 1] != '0'))
		zeros = 1;		/* %#o always starts with a 0 */

	/* The digits came out backwards. */
	for (int i = 0; i < n / 2; i++) {
		char t = digits[i];
		digits[i] = digits[n - 1 - i];
		digits[n - 1 - i] = t;
	}
	emit(s, spec, prefix, zeros, digits, n, spec->zero && spec->prec < 0);
}

/*
 * print_double: %f and %F.  The value is rounded (half up) at the
 * precision, then printed as integer and fraction digits.  Digits past
 * the 17th significant one are not exact: a double holds no more.
 */
static void
print_double(struct sink *s, const struct spec *spec, double value)
{
	char body[400];		/* DBL_MAX has 309 integer digits */
	int n = 0, prec = spec->prec < 0 ? 6 : spec->prec, tens = 0;
	bool negative = __builtin_signbit(value);
	bool upper = spec->conv == 'F';
	unsigned long long whole;
	double rounding = 0.5;

	if (negative)
		value = -value;
	if (value != value || value > __DBL_MAX__) {
		emit(s, spec, sign_prefix(spec, negative), 0,
		    value != value ? (upper ? "NAN" : "nan") :
		    (upper ? "INF" : "inf"), 3, false);
		return;
	}
	if (prec > 40)
		prec = 40;
	for (int i = 0; i < prec; i++)
		rounding /= 10;
	value += rounding;
	for (; value >= 1e18; tens++)	/* too big for whole: scale down */
		value /= 10;
	whole = (unsigned long long)value;
	value -= (double)whole;

	n = snprintf(body, sizeof(body), "%llu", whole);
	for (; tens > 0; tens--)
		body[n++] = '0';
	if (prec > 0 || spec->alt)
		body[n++] = '.';
	for (int i = 0; i < prec; i++) {
		int d;

		value *= 10;
		d = (int)value;
		body[n++] = (char)('0' + d);
		value -= d;
	}
	emit(s, spec, sign_prefix(spec, negative), 0, body, n, spec->zero);
}

/* print_string: %s and %c; the precision cuts a string short. */
static void
print_string(struct sink *s, const struct spec *spec, const char *str,
    size_t len)
{
	if (spec->prec >= 0 && (size_t)spec->prec < len)
		len = (size_t)spec->prec;
	emit(s, spec, "", 0, str, len, false);
}

/* parse_int: the decimal number at *fmt, advancing past it. */
static int
parse_int(const char **fmt)
{
	int n = 0;

	while (**fmt >= '0' && **fmt <= '9')
		n = n * 10 + *(*fmt)++ - '0';
	return n;
}

/* parse_length: the length modifier at fmt (hh h l ll z t j), if any. */
static const char *
parse_length(const char *fmt, struct spec *spec)
{
	spec->length = LEN_INT;
	if (fmt[0] == 'h' && fmt[1] == 'h') {
		spec->length = LEN_CHAR;
		return fmt + 2;
	}
	if (fmt[0] == 'l' && fmt[1] == 'l') {
		spec->length = LEN_LLONG;
		return fmt + 2;
	}
	switch (*fmt) {
	case 'h':
		spec->length = LEN_SHORT;
		break;
	case 'l':
		spec->length = LEN_LONG;
		break;
	case 'z':
		spec->length = LEN_SIZE;
		break;
	case 't':
		spec->length = LEN_PTRDIFF;
		break;
	case 'j':
		spec->length = LEN_INTMAX;
		break;
	case 'L':			/* long double: read as double */
		break;
	default:
		return fmt;
	}
	return fmt + 1;
}

/*
 * parse_spec: read one conversion, fmt just past its '%', into spec;
 * '*' widths and precisions are taken from ap.  Returns where the
 * conversion ends.
 */
static const char *
parse_spec(const char *fmt, struct spec *spec, va_list *ap)
{
	memset(spec, 0, sizeof(*spec));
	spec->prec = -1;
	for (;; fmt++) {
		if (*fmt == '-')
			spec->left = true;
		else if (*fmt == '+')
			spec->plus = true;
		else if (*fmt == ' ')
			spec->space = true;
		else if (*fmt == '#')
			spec->alt = true;
		else if (*fmt == '0')
			spec->zero = true;
		else
			break;
	}
	if (*fmt == '*') {
		fmt++;
		spec->width = va_arg(*ap, int);
		if (spec->width < 0) {		/* a negative width means '-' */
			spec->left = true;
			spec->width = -spec->width;
		}
	} else
		spec->width = parse_int(&fmt);
	if (*fmt == '.') {
		fmt++;
		if (*fmt == '*') {
			fmt++;
			spec->prec = va_arg(*ap, int);
			if (spec->prec < 0)	/* as if none were given */
				spec->prec = -1;
		} else
			spec->prec = parse_int(&fmt);
	}
	return parse_length(fmt, spec);
}

/* signed_arg: the next argument as a signed integer of spec's length. */
static long long
signed_arg(const struct spec *spec, va_list *ap)
{
	switch (spec->length) {
	case LEN_CHAR:
		return (signed char)va_arg(*ap, int);
	case LEN_SHORT:
		return (short)va_arg(*ap, int);
	case LEN_LONG:
		return va_arg(*ap, long);
	case LEN_LLONG:
		return va_arg(*ap, long long);
	case LEN_SIZE:
		return va_arg(*ap, ssize_t);
	case LEN_PTRDIFF:
		return va_arg(*ap, ptrdiff_t);
	case LEN_INTMAX:
		return va_arg(*ap, intmax_t);
	default:
		return va_arg(*ap, int);
	}
}

/* unsigned_arg: the next argument as an unsigned integer of spec's length. */
static unsigned long long
unsigned_arg(const struct spec *spec, va_list *ap)
{
	switch (spec->length) {
	case LEN_CHAR:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_SHORT:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_LONG:
		return va_arg(*ap, unsigned long);
	case LEN_LLONG:
		return va_arg(*ap, unsigned long long);
	case LEN_SIZE:
		return va_arg(*ap, size_t);
	case LEN_PTRDIFF:
		return (unsigned long long)va_arg(*ap, ptrdiff_t);
	case LEN_INTMAX:
		return va_arg(*ap, uintmax_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

/*
 * convert: print one parsed conversion, taking its argument from ap;
 * false if spec->conv is not a conversion we know.
 */
static bool
convert(struct sink *s, const struct spec *spec, va_list *ap)
{
	long long v;
	const char *str;
	char c;

	switch (spec->conv) {
	case 'd':
	case 'i':
		v = signed_arg(spec, ap);
		print_int(s, spec, v < 0 ? -(unsigned long long)v :
		    (unsigned long long)v, v < 0);
		return true;
	case 'u':
	case 'o':
	case 'x':
	case 'X':
		print_int(s, spec, unsigned_arg(spec, ap), false);
		return true;
	case 'p':
		print_int(s, spec, (uintptr_t)va_arg(*ap, void *), false);
		return true;
	case 'c':
		c = (char)va_arg(*ap, int);
		print_string(s, spec, &c, 1);
		return true;
	case 's':
		str = va_arg(*ap, const char *);
		if (str == NULL)
			str = "(null)";
		print_string(s, spec, str, spec->prec >= 0 ?
		    strnlen(str, (size_t)spec->prec) : strlen(str));
		return true;
	case 'f':
	case 'F':
		print_double(s, spec, va_arg(*ap, double));
		return true;
	case '%':
		put(s, '%');
		return true;
	default:
		return false;
	}
}

/*
 * format: the engine under every printf.  Copies fmt to the sink,
 * replacing each conversion with its argument printed.
 */
static void
format(struct sink *s, const char *fmt, va_list ap0)
{
	struct spec spec;
	const char *start;
	va_list ap;

	va_copy(ap, ap0);		/* so that helpers can take &ap */
	while (*fmt != '\0') {
		if (*fmt != '%') {
			put(s, *fmt++);
			continue;
		}
		start = fmt++;
		fmt = parse_spec(fmt, &spec, &ap);
		spec.conv = *fmt;
		if (spec.conv == '\0' || !convert(s, &spec, &ap)) {
			/* Not a conversion: print it as it stands. */
			put_string(s, start, (size_t)(fmt - start) +
			    (*fmt != '\0'));
		}
		if (*fmt != '\0')
			fmt++;
	}
	va_end(ap);
}

/*
 * vsnprintf: at most size - 1 characters and a NUL into buf; returns
 * how many characters the whole output has, so a result >= size means
 * it was cut short.  buf may be NULL if size is 0.
 */
int
vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink s = { NULL, buf, size, 0 };

	format(&s, fmt, ap);
	if (size > 0)
		buf[s.count < size ? s.count : size - 1] = '\0';
	return (int)s.count;
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

/* vfprintf: the count of characters printed, or -1 if a write failed. */
int
vfprintf(FILE *f, const char *fmt, va_list ap)
{
	struct sink s = { f, NULL, 0, 0 };

	format(&s, fmt, ap);
	__stdio_done(f);
	return ferror(f) ? -1 : (int)s.count;
}

int
vprintf(const char *fmt, va_list ap)
{
	return vfprintf(stdout, fmt, ap);
}

int
fprintf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(f, fmt, ap);
	va_end(ap);
	return n;
}

int
printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(stdout, fmt, ap);
	va_end(ap);
	return n;
}
