/*
 * cmdline.h: the kernel command line, "word word key=value ...".
 */
#ifndef _KERNEL_CMDLINE_H_
#define _KERNEL_CMDLINE_H_

#include "kernel/types.h"

void	cmdline_init(const char *line);
const char *cmdline_string(void);

/*
 * cmdline_get: is there a word key or key=value?  If so, true, and the
 * value (empty for a bare key) copied into buf; false otherwise.
 */
bool	cmdline_get(const char *key, char *buf, size_t size);

#endif /* !_KERNEL_CMDLINE_H_ */
