/*
 * tests/ktest/thp_mode.c: in-kernel tests of the transparent-huge-page
 * policy (vm/thp.c), prefix thp_mode_: the three modes' names in and
 * out, Linux's sysfs text, which regions each mode allows, and the mode
 * the command line set at boot.  A test that changes the mode puts the
 * old one back, whatever it finds.
 */
#include "kernel/cmdline.h"
#include "kernel/ktest.h"
#include "vm/thp.h"
#include "vm/vm_map.h"

/* Whether s parses (its whole length) to want. */
static bool
parses_to(const char *s, enum thp_mode want)
{
	enum thp_mode mode = THP_NEVER + 1;

	return thp_mode_parse(s, strlen(s), &mode) && mode == want;
}

/* Whether s is refused, and *mode left alone. */
static bool
refused(const char *s)
{
	enum thp_mode mode = THP_ALWAYS;

	return !thp_mode_parse(s, strlen(s), &mode) && mode == THP_ALWAYS;
}

KTEST(thp_mode_parse)
{
	enum thp_mode mode;

	KT_ASSERT(parses_to("always", THP_ALWAYS));
	KT_ASSERT(parses_to("madvise", THP_MADVISE));
	KT_ASSERT(parses_to("never", THP_NEVER));
	/* echo's newline, one of it. */
	KT_ASSERT(parses_to("always\n", THP_ALWAYS));
	KT_ASSERT(parses_to("never\n", THP_NEVER));
	KT_ASSERT(refused("never\n\n"));
	KT_ASSERT(refused(""));
	KT_ASSERT(refused("\n"));
	KT_ASSERT(refused("Never"));
	KT_ASSERT(refused("nev"));
	KT_ASSERT(refused("nevermore"));
	KT_ASSERT(refused(" never"));
	KT_ASSERT(refused("never "));
	KT_ASSERT(refused("[never]"));
	KT_ASSERT(refused("always madvise"));
	/* Only len bytes count: no NUL needed. */
	KT_ASSERT(thp_mode_parse("madvisefoo", 7, &mode) &&
	    mode == THP_MADVISE);
	KT_ASSERT(!thp_mode_parse("madvise", 6, &mode));
}

/* The text for each mode, Linux's, and cut short like snprintf(). */
static void
format_all(struct ktest_ctx *kt)
{
	static const char *const texts[] = {
		[THP_ALWAYS] = "[always] madvise never\n",
		[THP_MADVISE] = "always [madvise] never\n",
		[THP_NEVER] = "always madvise [never]\n",
	};
	char buf[64];

	for (int m = THP_ALWAYS; m <= THP_NEVER; m++) {
		thp_mode_set((enum thp_mode)m);
		KT_EQ(thp_mode_get(), m);
		KT_EQ(thp_mode_format(buf, sizeof(buf)), 23);
		KT_ASSERT(strcmp(buf, texts[m]) == 0);
	}
	KT_EQ(thp_mode_format(buf, 10), 23);
	KT_ASSERT(strcmp(buf, "always ma") == 0);
	KT_EQ(thp_mode_format(buf, 23), 23);
	KT_ASSERT(strcmp(buf, "always madvise [never]") == 0);
	KT_EQ(thp_mode_format(buf, 0), 23);
}

KTEST(thp_mode_format)
{
	enum thp_mode saved = thp_mode_get();

	format_all(kt);
	thp_mode_set(saved);
}

/* What each kind of region gets in each mode. */
static void
allowed_all(struct ktest_ctx *kt)
{
	static const struct {
		unsigned	flags;
		bool		always, madvise;
	} cases[] = {
		{ VM_ENTRY_ANON, true, false },
		{ VM_ENTRY_ANON | VM_ENTRY_HUGE, true, true },
		{ VM_ENTRY_ANON | VM_ENTRY_NOHUGE, false, false },
		{ VM_ENTRY_ANON | VM_ENTRY_COW | VM_ENTRY_HUGE, true, true },
		{ VM_ENTRY_ANON | VM_ENTRY_SHARED | VM_ENTRY_HUGE, false,
		    false },
		{ VM_ENTRY_ANON | VM_ENTRY_STACK | VM_ENTRY_HUGE, false,
		    false },
		{ VM_ENTRY_GUARD, false, false },
		{ VM_ENTRY_HUGE, false, false },	/* not anonymous */
	};
	struct vm_map_entry entry = { .start = 0, .end = PMD_SIZE };

	for (size_t i = 0; i < nitems(cases); i++) {
		entry.flags = (uint16_t)cases[i].flags;
		thp_mode_set(THP_ALWAYS);
		KT_EQ(thp_entry_allowed(&entry), cases[i].always);
		thp_mode_set(THP_MADVISE);
		KT_EQ(thp_entry_allowed(&entry), cases[i].madvise);
		thp_mode_set(THP_NEVER);
		KT_EQ(thp_entry_allowed(&entry), false);
	}
}

KTEST(thp_mode_entry_allowed)
{
	enum thp_mode saved = thp_mode_get();

	allowed_all(kt);
	thp_mode_set(saved);
}

/*
 * The mode now is the one transparent_hugepage= gave at boot, or
 * madvise without it (or with a value that is no mode): kmain() read the
 * command line, and every test puts the mode back.
 */
KTEST(thp_mode_boot)
{
	enum thp_mode want = THP_MADVISE, given;
	char arg[64];

	if (cmdline_get("transparent_hugepage", arg, sizeof(arg)) &&
	    thp_mode_parse(arg, strlen(arg), &given))
		want = given;
	KT_EQ(thp_mode_get(), want);
}
