/*
 * sys_misc.c: the small system calls that programs, and the C libraries
 * on their own, make: clock_gettime, nanosleep, clock_nanosleep, uname,
 * getrandom, prlimit64, rt_sigprocmask, rt_sigaction, set_tid_address,
 * gettid and reboot.  Linux's numbers, structures and errno values.
 *
 * Time.  The only clock is the tick count (kernel/clock.h, HZ = 100), so
 * every clock has a resolution of 10 ms, and a sleep is a pause of whole
 * ticks.  To sleep at least the time asked for, a relative sleep is
 * rounded up to ticks plus one, for the tick already under way (Linux's
 * sleeps did the same when they were counted in jiffies).  There is no
 * battery clock to read: CLOCK_REALTIME starts at the Epoch at boot, and
 * reads the same as CLOCK_MONOTONIC.  A finer clock would need a
 * machine-dependent nanosecond counter (TSC, CNTVCT_EL0).
 *
 * Stubs.  Pagoda has no signal handlers yet: a signal either kills or is
 * ignored.  rt_sigprocmask() and rt_sigaction() check their arguments as
 * Linux does, then accept and remember nothing (the old mask and the old
 * action read as zeros: empty, SIG_DFL).  They exist because the C
 * libraries call them on their own: musl's fork() blocks every signal
 * around the fork, glibc's start-up installs actions.
 *
 * Limits are constants, and reported as such: the stack is the fixed
 * USER_STACK_SIZE, file descriptors are 64; nothing else is limited.
 * Setting a limit to anything else is -EPERM: Pagoda cannot enforce it.
 *
 * getrandom() fills from random_u64(), which is NOT cryptographic (see
 * kernel/random.h): good enough for hash seeds and AT_RANDOM-like uses.
 */
#include "kernel/sys_misc.h"
#include "kernel/clock.h"
#include "kernel/copy.h"
#include "kernel/errno.h"
#include "kernel/exec.h"
#include "kernel/machdep.h"
#include "kernel/proc.h"
#include "kernel/random.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "kernel/systm.h"

#define NSEC_PER_TICK	(NSEC_PER_SEC / HZ)
/* Longer sleeps are cut to this many seconds (many years). */
#define SLEEP_SEC_MAX	((int64_t)(UINT64_MAX / HZ / 4))

/* Signals (Linux's): 1 to 64, and the two no action may change. */
#define NSIG		64
#define SIGSTOP		19
#define SIG_BLOCK	0
#define SIG_UNBLOCK	1
#define SIG_SETMASK	2
#define SIGSET_SIZE	8	/* the kernel's sigset_t: 64 bits */
/* struct sigaction as the system call sees it: handler, flags, restorer
   (or padding), mask: 32 bytes on both machines. */
#define SIGACTION_SIZE	(3 * 8 + SIGSET_SIZE)

/* getrandom() flags. */
#define GRND_NONBLOCK	0x1
#define GRND_RANDOM	0x2
#define GRND_INSECURE	0x4

/* Descriptors per process: the size of the file table (NOFILE). */
#define NOFILE_LIMIT	64

/*
 * Clocks.
 */

int
clock_read(int clock, struct timespec *ts)
{
	uint64_t now = ticks, ns;

	switch (clock) {
	case CLOCK_REALTIME_COARSE:
	case CLOCK_MONOTONIC_COARSE:
		ts->tv_sec = (int64_t)(now / HZ);
		ts->tv_nsec = (int64_t)(now % HZ) * NSEC_PER_TICK;
		return 0;
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_BOOTTIME:
		/* The machine's fine clock, for benchmarks. */
		ns = machine_nanotime();
		ts->tv_sec = (int64_t)(ns / NSEC_PER_SEC);
		ts->tv_nsec = (int64_t)(ns % NSEC_PER_SEC);
		return 0;
	default:
		return -EINVAL;
	}
}

static bool
timespec_valid(const struct timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 &&
	    ts->tv_nsec < NSEC_PER_SEC;
}

/* Ticks that cover ts, rounded up; ts is valid. */
static uint64_t
timespec_ticks_up(const struct timespec *ts)
{
	int64_t sec = MIN(ts->tv_sec, SLEEP_SEC_MAX);

	return (uint64_t)sec * HZ +
	    (uint64_t)(ts->tv_nsec + NSEC_PER_TICK - 1) / NSEC_PER_TICK;
}

int
timespec_sleep_ticks(const struct timespec *ts, uint64_t *ticksp)
{
	uint64_t n;

	if (!timespec_valid(ts))
		return -EINVAL;
	n = timespec_ticks_up(ts);
	*ticksp = n != 0 ? n + 1 : 0;
	return 0;
}

int
timespec_deadline_ticks(const struct timespec *ts, uint64_t *ticksp)
{
	if (!timespec_valid(ts))
		return -EINVAL;
	*ticksp = timespec_ticks_up(ts);
	return 0;
}

/* The clocks clock_nanosleep() can sleep on. */
static bool
clock_can_sleep(int clock)
{
	return clock == CLOCK_REALTIME || clock == CLOCK_MONOTONIC ||
	    clock == CLOCK_BOOTTIME;
}

/*
 * sleep_request: sleep as the user's timespec at ureq says, for it
 * (relative) or until it (absolute).  Nothing interrupts a sleep, so the
 * remaining time is never written.  0, -EFAULT or -EINVAL.
 */
static int
sleep_request(const void *ureq, bool absolute)
{
	struct timespec req;
	uint64_t n, now;
	int error;

	if ((error = copyin(ureq, &req, sizeof(req))) != 0)
		return error;
	if (!absolute) {
		if ((error = timespec_sleep_ticks(&req, &n)) != 0)
			return error;
	} else {
		if ((error = timespec_deadline_ticks(&req, &n)) != 0)
			return error;
		now = ticks;
		n = n > now ? n - now : 0;
	}
	if (n > 0)
		pause_ticks(n);
	return 0;
}

/* clock_gettime(clock, ts) */
long
sys_clock_gettime(const struct syscall_args *a)
{
	struct timespec ts;
	int error;

	if ((error = clock_read((int)a->arg[0], &ts)) != 0)
		return error;
	return copyout(&ts, (void *)a->arg[1], sizeof(ts));
}

/* nanosleep(req, rem) */
long
sys_nanosleep(const struct syscall_args *a)
{
	return sleep_request((const void *)a->arg[0], false);
}

/* clock_nanosleep(clock, flags, req, rem): errors are returned, not set. */
long
sys_clock_nanosleep(const struct syscall_args *a)
{
	if (!clock_can_sleep((int)a->arg[0]))
		return -EINVAL;
	return sleep_request((const void *)a->arg[2],
	    ((int)a->arg[1] & TIMER_ABSTIME) != 0);
}

/*
 * uname, getrandom, prlimit64.
 */

void
utsname_fill(struct utsname *name)
{
	memset(name, 0, sizeof(*name));
	strlcpy(name->sysname, "Pagoda", sizeof(name->sysname));
	strlcpy(name->nodename, "pagoda", sizeof(name->nodename));
	strlcpy(name->release, "0.1", sizeof(name->release));
	strlcpy(name->version, "#1", sizeof(name->version));
	strlcpy(name->machine, machine_uname, sizeof(name->machine));
	strlcpy(name->domainname, "(none)", sizeof(name->domainname));
}

/* uname(buf) */
long
sys_uname(const struct syscall_args *a)
{
	struct utsname name;

	utsname_fill(&name);
	return copyout(&name, (void *)a->arg[0], sizeof(name));
}

/* Fill len bytes at buf from the (non-cryptographic) generator. */
static void
random_fill(void *buf, size_t len)
{
	char *p = buf;

	while (len > 0) {
		uint64_t r = random_u64();
		size_t n = MIN(len, sizeof(r));

		memcpy(p, &r, n);
		p += n;
		len -= n;
	}
}

/*
 * getrandom(buf, len, flags): the bytes written, which are fewer than len
 * only if part of buf is bad (-EFAULT if the first part is).
 */
long
sys_getrandom(const struct syscall_args *a)
{
	char *ubuf = (char *)a->arg[0];
	size_t len = MIN((size_t)a->arg[1], (size_t)INT32_MAX), done = 0;
	unsigned flags = (unsigned)a->arg[2];
	char kbuf[128];

	if ((flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)) != 0 ||
	    (flags & (GRND_RANDOM | GRND_INSECURE)) ==
	    (GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	while (done < len) {
		size_t n = MIN(len - done, sizeof(kbuf));

		random_fill(kbuf, n);
		if (copyout(kbuf, ubuf + done, n) != 0)
			return done > 0 ? (long)done : -EFAULT;
		done += n;
	}
	return (long)done;
}

int
rlimit_get(unsigned resource, struct rlimit64 *limit)
{
	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	switch (resource) {
	case RLIMIT_STACK:
		limit->rlim_cur = limit->rlim_max = USER_STACK_SIZE;
		break;
	case RLIMIT_NOFILE:
		limit->rlim_cur = limit->rlim_max = NOFILE_LIMIT;
		break;
	default:
		limit->rlim_cur = limit->rlim_max = RLIM_INFINITY;
		break;
	}
	return 0;
}

/*
 * rlimit_set_check: what prlimit64() says to a new limit at unew: only
 * the limits as they are may be "set" (see above).
 */
static int
rlimit_set_check(const void *unew, const struct rlimit64 *now)
{
	struct rlimit64 limit;
	int error;

	if ((error = copyin(unew, &limit, sizeof(limit))) != 0)
		return error;
	if (limit.rlim_cur > limit.rlim_max)
		return -EINVAL;
	if (limit.rlim_cur != now->rlim_cur || limit.rlim_max != now->rlim_max)
		return -EPERM;
	return 0;
}

/*
 * prlimit64(pid, resource, new, old): of the caller only (pid 0 or its
 * own); another pid is -ESRCH, as there is no look-up by pid here yet.
 */
long
sys_prlimit64(const struct syscall_args *a)
{
	int pid = (int)a->arg[0];
	const void *unew = (const void *)a->arg[2];
	void *uold = (void *)a->arg[3];
	struct rlimit64 limit;
	int error;

	if (pid != 0 && pid != curproc->p_pid)
		return -ESRCH;
	if ((error = rlimit_get((unsigned)a->arg[1], &limit)) != 0)
		return error;
	if (unew != NULL && (error = rlimit_set_check(unew, &limit)) != 0)
		return error;
	if (uold != NULL)
		return copyout(&limit, uold, sizeof(limit));
	return 0;
}

/*
 * The signal stubs and the tid.
 */

/* rt_sigprocmask(how, set, oldset, sigsetsize) */
long
sys_rt_sigprocmask(const struct syscall_args *a)
{
	int how = (int)a->arg[0];
	const void *uset = (const void *)a->arg[1];
	void *uoldset = (void *)a->arg[2];
	uint64_t set, old = 0;	/* the old mask: nothing blocked */
	int error;

	if ((size_t)a->arg[3] != SIGSET_SIZE)
		return -EINVAL;
	if (uset != NULL) {
		if ((error = copyin(uset, &set, sizeof(set))) != 0)
			return error;
		if (how != SIG_BLOCK && how != SIG_UNBLOCK &&
		    how != SIG_SETMASK)
			return -EINVAL;
	}
	if (uoldset != NULL)
		return copyout(&old, uoldset, sizeof(old));
	return 0;
}

/* rt_sigaction(sig, act, oldact, sigsetsize) */
long
sys_rt_sigaction(const struct syscall_args *a)
{
	int sig = (int)a->arg[0];
	const void *uact = (const void *)a->arg[1];
	void *uoldact = (void *)a->arg[2];
	char action[SIGACTION_SIZE];
	int error;

	if ((size_t)a->arg[3] != SIGSET_SIZE)
		return -EINVAL;
	if (uact != NULL &&
	    (error = copyin(uact, action, sizeof(action))) != 0)
		return error;
	if (sig < 1 || sig > NSIG ||
	    (uact != NULL && (sig == SIGKILL || sig == SIGSTOP)))
		return -EINVAL;
	memset(action, 0, sizeof(action));	/* SIG_DFL, no flags */
	if (uoldact != NULL)
		return copyout(action, uoldact, sizeof(action));
	return 0;
}

/* One thread per process: the tid is the pid. */
long
sys_gettid(const struct syscall_args *a)
{
	return curproc->p_pid;
}

/*
 * set_tid_address(tidptr): remember tidptr (proc_exit_user() says what
 * for); the tid.
 */
long
sys_set_tid_address(const struct syscall_args *a)
{
	curproc->p_clear_tid = (int *)a->arg[0];
	return curproc->p_pid;
}

/*
 * The user and group IDs: everyone is root.  (There are no permissions
 * beyond the archive's modes, which root would pass anyway.)
 */
long
sys_getuid(const struct syscall_args *a)
{
	return 0;
}

long
sys_geteuid(const struct syscall_args *a)
{
	return 0;
}

long
sys_getgid(const struct syscall_args *a)
{
	return 0;
}

long
sys_getegid(const struct syscall_args *a)
{
	return 0;
}

/*
 * reboot.
 */

int
reboot_action(uint32_t magic1, uint32_t magic2, uint32_t cmd)
{
	if (magic1 != LINUX_REBOOT_MAGIC1 ||
	    (magic2 != LINUX_REBOOT_MAGIC2 && magic2 != LINUX_REBOOT_MAGIC2A &&
	    magic2 != LINUX_REBOOT_MAGIC2B && magic2 != LINUX_REBOOT_MAGIC2C))
		return -EINVAL;
	switch (cmd) {
	case LINUX_REBOOT_CMD_CAD_ON:
	case LINUX_REBOOT_CMD_CAD_OFF:
		return REBOOT_NOTHING;
	case LINUX_REBOOT_CMD_POWER_OFF:
		return REBOOT_POWER_OFF;
	case LINUX_REBOOT_CMD_RESTART:
	case LINUX_REBOOT_CMD_RESTART2:
		return REBOOT_RESTART;
	case LINUX_REBOOT_CMD_HALT:
		return REBOOT_HALT;
	default:
		return -EINVAL;
	}
}

/*
 * reboot(magic1, magic2, cmd, arg): power off, restart and halt all leave
 * QEMU with the passing status (a test that reboots has finished well);
 * on hardware the machine halts.
 */
long
sys_reboot(const struct syscall_args *a)
{
	static const char *const what[] = {
		[REBOOT_POWER_OFF] = "Power down",
		[REBOOT_RESTART] = "Restarting system",
		[REBOOT_HALT] = "System halted",
	};
	int action = reboot_action((uint32_t)a->arg[0], (uint32_t)a->arg[1],
	    (uint32_t)a->arg[2]);

	if (action <= REBOOT_NOTHING)
		return action;		/* -EINVAL or 0 */
	printf("reboot: %s\n", what[action]);
	machine_exit(EXIT_PASS);
}
