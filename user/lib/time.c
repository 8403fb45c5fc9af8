/*
 * time.c: clocks and sleeping.
 */
#include <errno.h>
#include <time.h>
#include <unistd.h>

#include "libc.h"

int
clock_gettime(clockid_t clock, struct timespec *ts)
{
	return __syscall_ret(__syscall2(SYS_clock_gettime, clock, ts));
}

int
nanosleep(const struct timespec *req, struct timespec *rem)
{
	return __syscall_ret(__syscall2(SYS_nanosleep, req, rem));
}

/* sleep: 0, or the whole seconds left if a signal cut the sleep short. */
unsigned int
sleep(unsigned int seconds)
{
	struct timespec req = { seconds, 0 }, rem;

	if (nanosleep(&req, &rem) == 0)
		return 0;
	return (unsigned int)rem.tv_sec + (rem.tv_nsec > 0);
}

int
usleep(unsigned long usec)
{
	struct timespec req;

	req.tv_sec = (time_t)(usec / 1000000);
	req.tv_nsec = (long)(usec % 1000000) * 1000;
	return nanosleep(&req, NULL);
}
