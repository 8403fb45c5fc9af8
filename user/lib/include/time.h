/*
 * time.h: clocks and sleeping (lib/time.c).
 */
#ifndef _TIME_H_
#define _TIME_H_

#include <sys/types.h>

#define CLOCK_REALTIME			0
#define CLOCK_MONOTONIC			1	/* never goes back */
#define CLOCK_PROCESS_CPUTIME_ID	2
#define CLOCK_THREAD_CPUTIME_ID		3
#define CLOCK_MONOTONIC_RAW		4
#define CLOCK_BOOTTIME			7

int	clock_gettime(clockid_t clock, struct timespec *ts);
/* Sleeps req; on EINTR, rem (if not NULL) gets what was left. */
int	nanosleep(const struct timespec *req, struct timespec *rem);

#endif /* !_TIME_H_ */
