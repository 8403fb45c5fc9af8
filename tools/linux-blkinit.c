/*
 * linux-blkinit.c: /init for the Linux side of the disk benchmark
 * (tools/linux-blkbench.sh).  A host program, built with gcc -static:
 * it runs as process 1 in Debian's kernel under QEMU, in an initramfs
 * that holds only it, the virtio modules from the kernel's package, our
 * programs and /etc/blkrun.  No shell, no busybox:
 *
 *   1. load the modules listed in MODULES from /modules, in that order
 *      (each needs the ones before it), with finit_module(2), as insmod
 *      would;
 *   2. mount devtmpfs on /dev and wait for /dev/vda to appear, proc on
 *      /proc (reclaimtest reads its counters there) and sysfs on /sys
 *      (thptest sets the THP mode there);
 *   3. run each line of /etc/blkrun as a command (words split at
 *      spaces; the first is the program's path), one after the other,
 *      each with the console as its output, printing "blkinit: run:
 *      LINE" before and "blkinit: status N" after (its exit status,
 *      128 + N for signal N, -1 if it could not be started);
 *   4. print "blkinit: all done" and power the machine off.
 *
 * A step that fails prints "blkinit: ..." and powers off at once, so the
 * script sees no "all done".  Should power-off fail, init exits, the
 * kernel panics, and panic=-1 with QEMU's -no-reboot ends QEMU all the
 * same.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DISK		"/dev/vda"
#define RUN_FILE	"/etc/blkrun"
#define DISK_WAIT_MS	10000
#define MAX_WORDS	32
#define MAX_LINE	1024

/* virtio-blk over PCI, and what it needs, dependencies first. */
static const char *const MODULES[] = {
	"virtio_ring", "virtio", "virtio_pci_modern_dev",
	"virtio_pci_legacy_dev", "virtio_pci", "virtio_blk",
};

static void __attribute__((noreturn))
power_off(void)
{
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	perror("blkinit: reboot");
	exit(1);
}

static void __attribute__((noreturn))
fail(const char *what)
{
	printf("blkinit: %s: %s\n", what, strerror(errno));
	power_off();
}

/*
 * load_modules: finit_module each of MODULES from /modules/NAME.ko.  A
 * module that is already there (built in, EEXIST) is fine.
 */
static void
load_modules(void)
{
	char path[64];

	for (size_t i = 0; i < sizeof(MODULES) / sizeof(MODULES[0]); i++) {
		int fd;

		snprintf(path, sizeof(path), "/modules/%s.ko", MODULES[i]);
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
			fail(path);
		if (syscall(SYS_finit_module, fd, "", 0) != 0 &&
		    errno != EEXIST)
			fail(path);
		close(fd);
	}
}

/* mount_dev: devtmpfs on /dev, then wait for DISK to be there; /proc, /sys. */
static void
mount_dev(void)
{
	struct timespec nap = { 0, 10 * 1000 * 1000 };
	struct stat st;

	if (mkdir("/proc", 0555) != 0 && errno != EEXIST)
		fail("mkdir /proc");
	if (mount("proc", "/proc", "proc", 0, NULL) != 0)
		fail("mount proc");
	if (mkdir("/sys", 0555) != 0 && errno != EEXIST)
		fail("mkdir /sys");
	if (mount("sysfs", "/sys", "sysfs", 0, NULL) != 0)
		fail("mount sysfs");

	if (mkdir("/dev", 0755) != 0 && errno != EEXIST)
		fail("mkdir /dev");
	if (mount("devtmpfs", "/dev", "devtmpfs", 0, NULL) != 0)
		fail("mount devtmpfs");
	for (int ms = 0; stat(DISK, &st) != 0; ms += 10) {
		if (ms >= DISK_WAIT_MS)
			fail(DISK);
		nanosleep(&nap, NULL);
	}
}

/*
 * run_line: run one line of RUN_FILE (changed: split in place) as a
 * command and wait for it; its exit status as a shell gives it (128 + N
 * for a death by signal N), or -1 if it did not run.
 */
static int
run_line(char *line)
{
	char *argv[MAX_WORDS + 1];
	int argc = 0, status;
	pid_t pid;

	for (char *word = strtok(line, " \n"); word != NULL && argc < MAX_WORDS;
	    word = strtok(NULL, " \n"))
		argv[argc++] = word;
	argv[argc] = NULL;
	if (argc == 0)
		return 0;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execv(argv[0], argv);
		printf("blkinit: %s: %s\n", argv[0], strerror(errno));
		exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) :
	    128 + WTERMSIG(status);
}

int
main(void)
{
	char line[MAX_LINE];
	FILE *run;

	setvbuf(stdout, NULL, _IOLBF, 0);
	load_modules();
	mount_dev();
	if ((run = fopen(RUN_FILE, "r")) == NULL)
		fail(RUN_FILE);
	while (fgets(line, sizeof(line), run) != NULL) {
		printf("blkinit: run: %s", line);
		printf("blkinit: status %d\n", run_line(line));
	}
	fclose(run);
	printf("blkinit: all done\n");
	power_off();
}
