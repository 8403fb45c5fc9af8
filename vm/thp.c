/*
 * thp.c: the transparent-huge-page policy (thp.h).
 */
#include "vm/thp.h"
#include "kernel/systm.h"
#include "vm/vm_map.h"

static const char *const thp_names[] = {
	[THP_ALWAYS] = "always",
	[THP_MADVISE] = "madvise",
	[THP_NEVER] = "never",
};

static enum thp_mode thp_mode = THP_MADVISE;

enum thp_mode
thp_mode_get(void)
{
	return __atomic_load_n(&thp_mode, __ATOMIC_RELAXED);
}

void
thp_mode_set(enum thp_mode mode)
{
	KASSERT(mode <= THP_NEVER, ("thp_mode_set: bad mode %d", mode));
	__atomic_store_n(&thp_mode, mode, __ATOMIC_RELAXED);
}

bool
thp_mode_parse(const char *s, size_t len, enum thp_mode *mode)
{
	if (len > 0 && s[len - 1] == '\n')
		len--;
	for (int m = THP_ALWAYS; m <= THP_NEVER; m++)
		if (strlen(thp_names[m]) == len &&
		    strncmp(s, thp_names[m], len) == 0) {
			*mode = (enum thp_mode)m;
			return true;
		}
	return false;
}

int
thp_mode_format(char *buf, size_t size)
{
	enum thp_mode now = thp_mode_get();
	size_t len = 0;

	for (int m = THP_ALWAYS; m <= THP_NEVER; m++)
		len += snprintf(buf + MIN(len, size), size - MIN(len, size),
		    m == (int)now ? "%s[%s]" : "%s%s", m > 0 ? " " : "",
		    thp_names[m]);
	len += snprintf(buf + MIN(len, size), size - MIN(len, size), "\n");
	return (int)len;
}

bool
thp_entry_allowed(const struct vm_map_entry *entry)
{
	if ((entry->flags & (VM_ENTRY_SHARED | VM_ENTRY_STACK |
	    VM_ENTRY_GUARD)) || !(entry->flags & VM_ENTRY_ANON))
		return false;
	switch (thp_mode_get()) {
	case THP_ALWAYS:
		return !(entry->flags & VM_ENTRY_NOHUGE);
	case THP_MADVISE:
		return (entry->flags & VM_ENTRY_HUGE) != 0;
	default:
		return false;
	}
}
