/*
 * sys/reboot.h: restart or power off (lib/sys.c).  reboot() adds the
 * two magic numbers the system call wants; cmd is one of these.
 */
#ifndef _SYS_REBOOT_H_
#define _SYS_REBOOT_H_

#define RB_AUTOBOOT	0x01234567	/* restart */
#define RB_HALT_SYSTEM	0xcdef0123
#define RB_POWER_OFF	0x4321fedc
#define RB_ENABLE_CAD	0x89abcdef
#define RB_DISABLE_CAD	0

int	reboot(int cmd);	/* returns only on failure */

#endif /* !_SYS_REBOOT_H_ */
