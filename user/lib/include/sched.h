/*
 * sched.h: giving up the CPU (lib/proc.c).
 */
#ifndef _SCHED_H_
#define _SCHED_H_

int	sched_yield(void);

#endif /* !_SCHED_H_ */
