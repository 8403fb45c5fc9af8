/*
 * cmdline.c: look words up in the kernel command line.
 */
#include "kernel/cmdline.h"
#include "kernel/bootinfo.h"
#include "kernel/systm.h"

static char cmdline[BOOTINFO_CMDLINE_LEN];

void
cmdline_init(const char *line)
{
	strlcpy(cmdline, line, sizeof(cmdline));
}

const char *
cmdline_string(void)
{
	return cmdline;
}

bool
cmdline_get(const char *key, char *buf, size_t size)
{
	size_t klen = strlen(key);
	const char *p = cmdline;

	while (*p != '\0') {
		size_t wlen = 0;

		while (*p == ' ')
			p++;
		while (p[wlen] != '\0' && p[wlen] != ' ')
			wlen++;
		if (wlen >= klen && strncmp(p, key, klen) == 0 &&
		    (wlen == klen || p[klen] == '=')) {
			size_t vlen = wlen > klen ? wlen - klen - 1 : 0;

			if (size > 0)
				strlcpy(buf, p + klen + (wlen > klen),
				    MIN(vlen + 1, size));
			return true;
		}
		p += wlen;
	}
	return false;
}
