/*
 * intr.c: in-kernel tests of device interrupts (kernel/intr.h), the same
 * source on every machine.
 *
 * A machine has one kind of device interrupt: message-signalled (amd64)
 * or wired (arm64).  The tests ask which, then raise interrupts through
 * the test hooks, which make the interrupt controller deliver as a device
 * would: a self-IPI to the vector on amd64, a pending bit set in the GIC
 * distributor on arm64.  What is checked is the path from there on: the
 * controller, the trap code, the handler table, the end of interrupt.
 */
#include "kernel/errno.h"
#include "kernel/intr.h"
#include "kernel/ktest.h"
#include "kernel/lock.h"
#include "machine/cpufunc.h"

/* What a handler saw. */
struct probe {
	volatile int	count;		/* times the handler ran */
	volatile bool	intr_on;	/* ran once with interrupts enabled */
};

static void
probe_handler(void *arg)
{
	struct probe *p = arg;

	if (intr_enabled())
		p->intr_on = true;
	p->count++;
}

/* Spin until p has run want times, a bounded while; did it? */
static bool
probe_wait(struct probe *p, int want)
{
	for (int i = 0; i < 200000 && p->count < want; i++)
		cpu_spinwait();
	return p->count >= want;
}

/* One test interrupt of whichever kind this machine has. */
struct tintr {
	bool		msi;
	uint64_t	address;	/* msi */
	uint32_t	data;
	unsigned	irq;		/* wired */
};

/* Set t up to run probe_handler(p): 0, or an error of intr.h. */
static int
tintr_setup(struct tintr *t, bool level, struct probe *p)
{
	int irq, error;

	error = intr_alloc_msi(probe_handler, p, &t->address, &t->data);
	t->msi = error == 0;
	if (error != -ENODEV)
		return error;
	if ((irq = intr_test_irq()) < 0)
		return irq;
	t->irq = (unsigned)irq;
	return intr_establish(t->irq, level, probe_handler, p);
}

static int
tintr_raise(const struct tintr *t)
{
	return t->msi ? intr_test_send_msi(t->address, t->data) :
	    intr_test_raise(t->irq);
}

static void
tintr_teardown(const struct tintr *t)
{
	if (t->msi)
		intr_free_msi(t->address, t->data);
	else
		intr_disestablish(t->irq);
}

/* Exactly one of the two ways in works; the other says -ENODEV. */
KTEST(intr_one_kind)
{
	struct probe p = { 0 };
	uint64_t address;
	uint32_t data;
	int msi, wired, irq = intr_test_irq();

	msi = intr_alloc_msi(probe_handler, &p, &address, &data);
	if (msi == 0)
		intr_free_msi(address, data);
	wired = intr_establish(irq < 0 ? 0 : (unsigned)irq, false,
	    probe_handler, &p);
	if (wired == 0)
		intr_disestablish((unsigned)irq);
	KT_ASSERT((msi == 0 && wired == -ENODEV) ||
	    (msi == -ENODEV && wired == 0));
	KT_EQ(irq >= 0, wired == 0);
	KT_EQ(p.count, 0);
}

/* A raised interrupt runs its handler, once, with its argument. */
KTEST(intr_delivers)
{
	struct probe p = { 0 };
	struct tintr t;
	bool first, second;

	KT_EQ(tintr_setup(&t, false, &p), 0);
	first = tintr_raise(&t) == 0 && probe_wait(&p, 1);
	/* The end of the first interrupt lets the second in. */
	second = tintr_raise(&t) == 0 && probe_wait(&p, 2);
	tintr_teardown(&t);
	KT_ASSERT(first);
	KT_ASSERT(second);
	KT_EQ(p.count, 2);
	KT_ASSERT(!p.intr_on);		/* handlers run with interrupts off */
}

/* With interrupts off the interrupt waits, and comes when they go on. */
KTEST(intr_held_while_disabled)
{
	struct probe p = { 0 };
	struct tintr t;
	int raised, seen;

	KT_EQ(tintr_setup(&t, false, &p), 0);
	intr_push();
	raised = tintr_raise(&t);
	probe_wait(&p, 1);
	seen = p.count;
	intr_pop();
	probe_wait(&p, 1);
	tintr_teardown(&t);
	KT_EQ(raised, 0);
	KT_EQ(seen, 0);
	KT_EQ(p.count, 1);
}

/*
 * The second test interrupt: a second vector, or on a wired machine the
 * SPI below the test one (if no device has it).  0 or an intr.h error.
 */
static int
tintr_setup_second(struct tintr *t2, const struct tintr *t1, struct probe *p)
{
	if (t1->msi)
		return tintr_setup(t2, false, p);
	t2->msi = false;
	t2->irq = t1->irq - 1;
	return intr_establish(t2->irq, false, probe_handler, p);
}

/* Two interrupts, two handlers: each runs only for its own. */
KTEST(intr_two_handlers)
{
	struct probe p1 = { 0 }, p2 = { 0 };
	struct tintr t1, t2;
	int error, seen1;

	KT_EQ(tintr_setup(&t1, false, &p1), 0);
	if ((error = tintr_setup_second(&t2, &t1, &p2)) != 0) {
		tintr_teardown(&t1);
		KT_EQ(error, t1.msi ? 0 : -EBUSY);
		return;			/* a device has that SPI */
	}
	tintr_raise(&t2);
	probe_wait(&p2, 1);
	seen1 = p1.count;
	tintr_raise(&t1);
	probe_wait(&p1, 1);
	tintr_teardown(&t2);
	tintr_teardown(&t1);
	KT_EQ(seen1, 0);
	KT_EQ(p1.count, 1);
	KT_EQ(p2.count, 1);
	if (t1.msi) {
		KT_ASSERT(t1.data != t2.data);
		KT_EQ(t1.address, t2.address);	/* one CPU */
	}
}

/* MSI: vectors run out with -ENOSPC, and a freed one is handed out again. */
KTEST(intr_msi_exhaust)
{
	static uint64_t address[256];
	static uint32_t data[256];
	struct probe p = { 0 };
	uint32_t freed;
	int n = 0, mid, error = 0;

	while (n < 256 && (error = intr_alloc_msi(probe_handler, &p,
	    &address[n], &data[n])) == 0)
		n++;
	if (error == -ENODEV)
		return;			/* a machine of wired interrupts */
	KT_EQ(error, -ENOSPC);
	KT_ASSERT(n >= 2);
	mid = n / 2;
	freed = data[mid];
	intr_free_msi(address[mid], data[mid]);
	error = intr_alloc_msi(probe_handler, &p, &address[mid], &data[mid]);
	for (int i = 0; i < n; i++)
		if (i != mid || error == 0)
			intr_free_msi(address[i], data[i]);
	KT_EQ(error, 0);
	KT_EQ(data[mid], freed);	/* the only free one */
	KT_EQ(p.count, 0);
}

/* MSI: the test hook refuses a message that is not, or no longer, ours. */
KTEST(intr_msi_refused)
{
	struct probe p = { 0 };
	uint64_t address;
	uint32_t data;
	int error = intr_alloc_msi(probe_handler, &p, &address, &data);

	if (error == -ENODEV) {
		KT_EQ(intr_test_send_msi(0, 0), -ENODEV);
		return;
	}
	KT_EQ(error, 0);
	KT_EQ(intr_test_send_msi(address ^ 0x1000, data), -EINVAL);
	KT_EQ(intr_test_send_msi(address, data | 0x8000), -EINVAL);
	KT_EQ(intr_test_send_msi(address, data + 0x100), -EINVAL);
	intr_free_msi(address, data);
	KT_EQ(intr_test_send_msi(address, data), -EINVAL);	/* freed */
	KT_EQ(p.count, 0);
}

/* Wired: one handler per irq (-EBUSY), and the irq is free again after. */
KTEST(intr_wired_busy)
{
	struct probe p = { 0 };
	int irq = intr_test_irq(), error;

	if (irq < 0)
		return;			/* a machine of MSIs */
	KT_EQ(intr_establish((unsigned)irq, false, probe_handler, &p), 0);
	error = intr_establish((unsigned)irq, true, probe_handler, &p);
	intr_disestablish((unsigned)irq);
	KT_EQ(error, -EBUSY);
	KT_EQ(intr_establish((unsigned)irq, true, probe_handler, &p), 0);
	intr_disestablish((unsigned)irq);
	KT_EQ(p.count, 0);
}

/*
 * Wired: numbers that name no device interrupt are refused: the machine
 * layer's own (0, the lowest), the controller's special ones (1023, the
 * GIC's "spurious"), and numbers beyond any controller.
 */
KTEST(intr_wired_bad_irq)
{
	struct probe p = { 0 };

	if (intr_test_irq() < 0) {
		KT_EQ(intr_establish(0, false, probe_handler, &p), -ENODEV);
		KT_EQ(intr_test_raise(0), -ENODEV);
		return;
	}
	KT_EQ(intr_establish(0, false, probe_handler, &p), -EINVAL);
	KT_EQ(intr_establish(1023, false, probe_handler, &p), -EINVAL);
	KT_EQ(intr_establish(100000, false, probe_handler, &p), -EINVAL);
	KT_EQ(intr_test_raise(100000), -EINVAL);
	KT_EQ(p.count, 0);
}

/*
 * Wired, level-triggered: the pending state the hook sets is cleared when
 * the interrupt is acknowledged, so the handler runs once, not forever.
 */
KTEST(intr_wired_level)
{
	struct probe p = { 0 };
	int irq = intr_test_irq(), error;

	if (irq < 0)
		return;
	KT_EQ(intr_establish((unsigned)irq, true, probe_handler, &p), 0);
	error = intr_test_raise((unsigned)irq);
	probe_wait(&p, 2);		/* a second would come by now */
	intr_disestablish((unsigned)irq);
	KT_EQ(error, 0);
	KT_EQ(p.count, 1);
}
