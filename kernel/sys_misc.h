/*
 * sys_misc.h: the small system calls the C libraries make on their own
 * (clocks, sleeping, uname, getrandom, prlimit64, the signal stubs, tids,
 * reboot), see sys_misc.c.  The structures are Linux's 64-bit ones, the
 * same on x86_64 and arm64; the parts of each call that do not touch user
 * memory are here so that the in-kernel tests can call them.
 */
#ifndef _KERNEL_SYS_MISC_H_
#define _KERNEL_SYS_MISC_H_

#include "kernel/types.h"

/* Clocks (Linux's clockid_t values). */
#define CLOCK_REALTIME		0
#define CLOCK_MONOTONIC		1
#define CLOCK_PROCESS_CPUTIME_ID 2	/* not kept: -EINVAL */
#define CLOCK_THREAD_CPUTIME_ID	3	/* not kept: -EINVAL */
#define CLOCK_MONOTONIC_RAW	4
#define CLOCK_REALTIME_COARSE	5
#define CLOCK_MONOTONIC_COARSE	6
#define CLOCK_BOOTTIME		7

#define TIMER_ABSTIME		1	/* clock_nanosleep(): until */
#define NSEC_PER_SEC		1000000000L

struct timespec {
	int64_t		tv_sec;
	int64_t		tv_nsec;	/* [0, NSEC_PER_SEC) */
};

/* The time of clock in *ts: 0, or -EINVAL for a clock Pagoda lacks. */
int	clock_read(int clock, struct timespec *ts);

/*
 * timespec_sleep_ticks: the ticks to pause so that at least the interval
 * ts passes (rounded up, plus the tick already under way); 0 for a zero
 * interval.  -EINVAL if ts is negative or tv_nsec is out of range.
 */
int	timespec_sleep_ticks(const struct timespec *ts, uint64_t *ticksp);

/*
 * timespec_deadline_ticks: the first tick count at which a clock reads
 * ts or later.  -EINVAL as above.
 */
int	timespec_deadline_ticks(const struct timespec *ts, uint64_t *ticksp);

/* uname(): Linux's struct new_utsname. */
#define UTSNAME_LENGTH		65

struct utsname {
	char	sysname[UTSNAME_LENGTH];
	char	nodename[UTSNAME_LENGTH];
	char	release[UTSNAME_LENGTH];
	char	version[UTSNAME_LENGTH];
	char	machine[UTSNAME_LENGTH];
	char	domainname[UTSNAME_LENGTH];
};

void	utsname_fill(struct utsname *name);

/* Resource limits (prlimit64). */
#define RLIMIT_STACK		3
#define RLIMIT_NOFILE		7
#define RLIM_NLIMITS		16
#define RLIM_INFINITY		(~0ULL)

struct rlimit64 {
	uint64_t	rlim_cur;	/* soft limit */
	uint64_t	rlim_max;	/* hard limit */
};

/* The limits of resource: 0, or -EINVAL for no such resource. */
int	rlimit_get(unsigned resource, struct rlimit64 *limit);

/* reboot(): magic numbers and commands (linux/reboot.h). */
#define LINUX_REBOOT_MAGIC1		0xfee1deadU
#define LINUX_REBOOT_MAGIC2		672274793U	/* 0x28121969 */
#define LINUX_REBOOT_MAGIC2A		85072278U
#define LINUX_REBOOT_MAGIC2B		369367448U
#define LINUX_REBOOT_MAGIC2C		537993216U
#define LINUX_REBOOT_CMD_RESTART	0x01234567U
#define LINUX_REBOOT_CMD_HALT		0xcdef0123U
#define LINUX_REBOOT_CMD_CAD_ON		0x89abcdefU
#define LINUX_REBOOT_CMD_CAD_OFF	0x00000000U
#define LINUX_REBOOT_CMD_POWER_OFF	0x4321fedcU
#define LINUX_REBOOT_CMD_RESTART2	0xa1b2c3d4U

enum reboot_action {
	REBOOT_NOTHING,		/* Ctrl-Alt-Del settings: accepted */
	REBOOT_POWER_OFF,
	REBOOT_RESTART,
	REBOOT_HALT,
};

/* What reboot(magic1, magic2, cmd) asks for, or -EINVAL. */
int	reboot_action(uint32_t magic1, uint32_t magic2, uint32_t cmd);

#endif /* !_KERNEL_SYS_MISC_H_ */
