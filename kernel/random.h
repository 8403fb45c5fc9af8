/*
 * random.h: a non-cryptographic pseudo-random generator, for AT_RANDOM and
 * the like.  Not for secrets.
 */
#ifndef _KERNEL_RANDOM_H_
#define _KERNEL_RANDOM_H_

#include "kernel/types.h"

uint64_t random_u64(void);

#endif /* !_KERNEL_RANDOM_H_ */
