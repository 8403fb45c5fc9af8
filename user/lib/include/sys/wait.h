/*
 * sys/wait.h: waiting for children (lib/proc.c).
 *
 * The status word, as Linux encodes it: exit(n) gives (n & 0xff) << 8;
 * death by signal s gives s (| 0x80 if it dumped core); a stop gives
 * (s << 8) | 0x7f.
 */
#ifndef _SYS_WAIT_H_
#define _SYS_WAIT_H_

#include <sys/types.h>

#define WNOHANG		1	/* return 0 at once if no child has exited */
#define WUNTRACED	2

#define WEXITSTATUS(s)	(((s) >> 8) & 0xff)
#define WTERMSIG(s)	((s) & 0x7f)
#define WSTOPSIG(s)	WEXITSTATUS(s)
#define WIFEXITED(s)	(WTERMSIG(s) == 0)
#define WIFSTOPPED(s)	(((s) & 0xff) == 0x7f)
#define WIFSIGNALED(s)	(WTERMSIG(s) != 0 && WTERMSIG(s) != 0x7f)
#define WCOREDUMP(s)	((s) & 0x80)

struct rusage;

/* pid: > 0 that child, -1 any child.  rusage may be NULL. */
pid_t	wait4(pid_t pid, int *status, int options, struct rusage *rusage);
pid_t	waitpid(pid_t pid, int *status, int options);
pid_t	wait(int *status);

#endif /* !_SYS_WAIT_H_ */
