/*
 * random.c: xorshift64*, stirred with the tick count at each call.  Good
 * enough to make AT_RANDOM differ between processes and runs; it is not a
 * source of secrets (Pagoda has no entropy source yet).
 */
#include "kernel/random.h"
#include "kernel/clock.h"

static uint64_t random_state = 0x9e3779b97f4a7c15ULL;

uint64_t
random_u64(void)
{
	uint64_t x = random_state ^ (ticks * 0x2545f4914f6cdd1dULL);

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	random_state = x;
	return x * 0x2545f4914f6cdd1dULL;
}
