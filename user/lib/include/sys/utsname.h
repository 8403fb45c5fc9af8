/*
 * sys/utsname.h: the system's name (lib/sys.c), Linux's struct
 * new_utsname: six NUL-terminated fields of 65 bytes.
 */
#ifndef _SYS_UTSNAME_H_
#define _SYS_UTSNAME_H_

#define _UTSNAME_LENGTH	65

struct utsname {
	char	sysname[_UTSNAME_LENGTH];	/* "Linux", "Pagoda" */
	char	nodename[_UTSNAME_LENGTH];
	char	release[_UTSNAME_LENGTH];
	char	version[_UTSNAME_LENGTH];
	char	machine[_UTSNAME_LENGTH];	/* "x86_64", "aarch64" */
	char	domainname[_UTSNAME_LENGTH];
};

int	uname(struct utsname *name);

#endif /* !_SYS_UTSNAME_H_ */
