/*
 * crash.h: deliberate failures for the tests of the failure paths.
 */
#ifndef _KERNEL_CRASH_H_
#define _KERNEL_CRASH_H_

/* Commit the bug called name (see crash.c); returns if it is unknown. */
void	crash(const char *name);

#endif /* !_KERNEL_CRASH_H_ */
