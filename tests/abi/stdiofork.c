/*
 * stdiofork.c: why a line can be printed twice.  When stdout is not a
 * terminal (the harness sends it to a file), the C library buffers it
 * fully: printf() only copies into a buffer in the process's memory, and
 * the write() happens at fflush() or exit().  fork() copies that memory,
 * buffer and all, so text printed before fork and not yet flushed is
 * written once by the child and once more by the parent.
 *
 *   part 1: printf, fork, both exit()  -> the line appears twice
 *   part 2: printf, fflush, fork       -> once
 *   part 3: the child printf()s and leaves with _exit(), which does not
 *           flush                      -> the child's line never appears
 *
 * The parent waits for each child before it goes on, so the order of the
 * lines in the file is fixed.  One line goes to stderr, which is never
 * buffered: it is written at once and does not travel with stdout.
 *
 * Expected stdout:
 *   stdout is a terminal: no
 *   part 1: before fork, not flushed
 *   part 1: child
 *   stdout is a terminal: no
 *   part 1: before fork, not flushed
 *   part 1: parent, after the child exited
 *   part 2: before fork, flushed
 *   part 2: child
 *   part 2: parent, after the child exited
 *   part 3: parent, after the child's _exit
 *
 * musl prints the first line only once: its stdout starts out line
 * buffered and only at the first write asks the kernel (ioctl TIOCGWINSZ)
 * whether it is a terminal, then switches to full buffering.  glibc asks
 * (ioctl TCGETS) before the first printf() is buffered.
 *
 * Machine-specific lines: none.  If the first line says "yes", the kernel
 * told the C library that stdout is a terminal (the ioctl behind isatty()
 * succeeded) and stdio buffers by line instead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* Fork; in the child print `line` and leave by exit() or _exit(); in the
 * parent return once the child is gone. */
static void
child_prints(const char *line, int use_exit)
{
	pid_t pid = fork();
	int status;

	if (pid < 0) {
		perror("fork");
		exit(1);
	}
	if (pid == 0) {
		printf("%s\n", line);
		if (use_exit)
			exit(0);	/* flushes everything in the buffer */
		_exit(0);		/* throws the buffer away */
	}
	if (waitpid(pid, &status, 0) != pid) {
		perror("waitpid");
		exit(1);
	}
}

int
main(void)
{
	printf("stdout is a terminal: %s\n", isatty(1) ? "yes" : "no");

	printf("part 1: before fork, not flushed\n");
	child_prints("part 1: child", 1);
	printf("part 1: parent, after the child exited\n");

	printf("part 2: before fork, flushed\n");
	fflush(stdout);
	fprintf(stderr, "stderr: written at once, not buffered\n");
	child_prints("part 2: child", 1);
	printf("part 2: parent, after the child exited\n");

	fflush(stdout);
	child_prints("part 3: child, lost by _exit", 0);
	printf("part 3: parent, after the child's _exit\n");
	return 0;
}
