/*
 * types.h: the basic integer types every kernel file uses.
 *
 * Only the compiler's freestanding headers are used (stdint.h, stddef.h,
 * stdbool.h, stdarg.h); there is no C library underneath the kernel.
 */
#ifndef _KERNEL_TYPES_H_
#define _KERNEL_TYPES_H_

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int64_t ssize_t;

/* A virtual address, and a physical one: never mix them up. */
typedef uintptr_t vm_offset_t;
typedef uint64_t vm_paddr_t;

#define nitems(x)	(sizeof(x) / sizeof((x)[0]))
#define MIN(a, b)	((a) < (b) ? (a) : (b))
#define MAX(a, b)	((a) > (b) ? (a) : (b))
#define roundup2(x, y)	(((x) + ((y) - 1)) & ~((__typeof__(x))(y) - 1))
#define rounddown2(x, y) ((x) & ~((__typeof__(x))(y) - 1))
#define powerof2(x)	((((x) - 1) & (x)) == 0)

#define __packed	__attribute__((packed))
#define __aligned(x)	__attribute__((aligned(x)))
#define __section(x)	__attribute__((section(x)))
#define __used		__attribute__((used))
#define __unused	__attribute__((unused))
#define __noreturn	__attribute__((noreturn))
#define __printflike(f, a) __attribute__((format(printf, f, a)))
#define __predict_false(x) __builtin_expect(!!(x), 0)
#define __predict_true(x) __builtin_expect(!!(x), 1)

#endif /* !_KERNEL_TYPES_H_ */
