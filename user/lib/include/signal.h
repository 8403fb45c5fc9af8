/*
 * signal.h: signal numbers (Linux's, the same on amd64 and arm64) and
 * kill (lib/proc.c).  There is no signal handling in the library.
 */
#ifndef _SIGNAL_H_
#define _SIGNAL_H_

#include <sys/types.h>

#define SIGHUP		1
#define SIGINT		2
#define SIGQUIT		3
#define SIGILL		4
#define SIGTRAP		5
#define SIGABRT		6
#define SIGBUS		7
#define SIGFPE		8
#define SIGKILL		9
#define SIGUSR1		10
#define SIGSEGV		11
#define SIGUSR2		12
#define SIGPIPE		13
#define SIGALRM		14
#define SIGTERM		15
#define SIGCHLD		17
#define SIGCONT		18
#define SIGSTOP		19
#define SIGTSTP		20

int	kill(pid_t pid, int sig);
int	raise(int sig);			/* kill(getpid(), sig) */

#endif /* !_SIGNAL_H_ */
