/*
 * unistd.h: file-descriptor I/O, processes and the heap break.  Each is a
 * thin wrapper around the Linux system call of the same name
 * (lib/file.c, lib/proc.c, lib/mman.c): it returns -1 and sets errno on
 * failure.
 */
#ifndef _UNISTD_H_
#define _UNISTD_H_

#include <sys/types.h>

#define STDIN_FILENO	0
#define STDOUT_FILENO	1
#define STDERR_FILENO	2

#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2

extern char **environ;		/* set by crt0 before main() runs */

ssize_t	read(int fd, void *buf, size_t n);
ssize_t	write(int fd, const void *buf, size_t n);
int	close(int fd);
off_t	lseek(int fd, off_t offset, int whence);
/* pread, pwrite: at offset, leaving the file position alone. */
ssize_t	pread(int fd, void *buf, size_t n, off_t offset);
ssize_t	pwrite(int fd, const void *buf, size_t n, off_t offset);
/* fdatasync: 0 once fd's written data is on the device, not just sent. */
int	fdatasync(int fd);
int	dup(int fd);
int	dup2(int fd, int newfd);
int	chdir(const char *path);
char	*getcwd(char *buf, size_t size);

pid_t	fork(void);
int	execve(const char *path, char *const argv[], char *const envp[]);
int	execv(const char *path, char *const argv[]);	/* envp = environ */
/* execvp: execv, looking a name without '/' up in $PATH (default /bin). */
int	execvp(const char *file, char *const argv[]);
void	_exit(int status) __attribute__((noreturn));
pid_t	getpid(void);
pid_t	getppid(void);
pid_t	gettid(void);

int	brk(void *addr);		/* 0 on success */
void	*sbrk(intptr_t increment);	/* the old break; (void *)-1 */

unsigned int sleep(unsigned int seconds);
int	usleep(unsigned long usec);
int	getpagesize(void);		/* AT_PAGESZ from the kernel */

/*
 * syscall: any system call by number (<sys/syscall.h>), up to six long
 * arguments; -1 and errno on failure, like the wrappers.
 */
long	syscall(long number, ...);

#endif /* !_UNISTD_H_ */
