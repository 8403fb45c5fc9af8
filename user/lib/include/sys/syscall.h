/*
 * sys/syscall.h: the system-call numbers of the architecture being
 * compiled for (SYS_read, SYS_mmap, ...), for use with syscall(2).
 */
#ifndef _SYS_SYSCALL_H_
#define _SYS_SYSCALL_H_

#if defined(__x86_64__)
#include "../../arch/amd64/syscall_nr.h"
#elif defined(__aarch64__)
#include "../../arch/arm64/syscall_nr.h"
#else
#error "user/lib supports amd64 and arm64 only"
#endif

#endif /* !_SYS_SYSCALL_H_ */
