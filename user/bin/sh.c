/*
 * sh: a tiny shell.
 *
 *	sh [-i]			read commands from stdin
 *	sh -c COMMAND		run one command
 *	sh SCRIPT		read commands from the file SCRIPT
 *
 * A line is one command: words separated by spaces or tabs.  '...' and
 * "..." group what they enclose, spaces included, into one word (or part
 * of one: a'b c' is the word "ab c"); nothing is expanded, in quotes or
 * out: there are no variables, globs, backslash escapes, redirections or
 * pipes.  An empty line does nothing, and so does a line whose first word
 * starts with '#' (a comment).
 *
 * The built-in commands are "exit [N]": the shell ends with status N,
 * by default the last command's; and "cd [DIR]", which changes the
 * shell's working directory (to $HOME, or "/", without DIR).  Any other
 * command runs in a child process (fork, then execve) while the shell
 * waits.  A command name with
 * a '/' in it is a path; a name without one is looked for in each
 * directory of $PATH, or in /bin if PATH is not set (init sets it to
 * /bin).  As in POSIX shells, a command that is not found gives the
 * status 127, one that cannot be run 126, and one killed by signal N
 * 128 + N.  There is no "$?", so the shell says on stderr when a command
 * fails: "sh: NAME: exit status N" or "sh: NAME: killed by signal N".
 * The shell's own exit status is the last command's.
 *
 * -i makes the shell interactive, for Pagoda's console: it prints the
 * prompt "pagoda$ " and echoes and edits the line itself.  Pagoda's
 * console has no terminal line discipline: a read returns the bytes
 * typed, as they come, with nothing echoed and nothing erased.  (A Linux
 * terminal echoes already: there, run sh without -i.)
 */
#include <ctype.h>
#include <errno.h>
#include <exechint.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define LINE_SIZE	1024	/* the longest line, with its NUL */
#define MAX_WORDS	64	/* words in a command */
#define PROMPT		"pagoda$ "

/* The control keys the line editor knows. */
#define CTRL_D		0x04	/* on an empty line: the end of input */
#define BACKSPACE	0x08
#define ESCAPE		0x1b	/* starts the sequence an arrow key sends */
#define DELETE		0x7f	/* what most terminals send for Backspace */

static int last_status;		/* the last command's, as in "$?" */
static bool exit_requested;	/* the exit command ran */

/* ---- reading lines ---- */

/*
 * read_byte: the next byte of fd, or -1 at the end of the input (or on an
 * error).  The shell reads a byte at a time so that it never takes more
 * than one line: the commands it runs share its stdin, and a command
 * such as cat must find the lines after its own still there.
 */
static int
read_byte(int fd)
{
	unsigned char c;
	ssize_t n;

	do
		n = read(fd, &c, 1);
	while (n < 0 && errno == EINTR);
	return n == 1 ? c : -1;
}

static void
put(const char *s)
{
	write(STDOUT_FILENO, s, strlen(s));
}

/*
 * read_plain_line: the next line of fd (a script, or a stdin that is no
 * console) into line[LINE_SIZE], without its '\n'; false at the end of
 * the input.  A line that does not fit is reported and read as empty.
 */
static bool
read_plain_line(int fd, char *line)
{
	size_t len = 0;
	bool too_long = false;
	int c;

	while ((c = read_byte(fd)) != '\n') {
		if (c < 0) {
			if (len == 0 && !too_long)
				return false;
			break;		/* a last line without a '\n' */
		}
		if (len < LINE_SIZE - 1)
			line[len++] = (char)c;
		else
			too_long = true;
	}
	if (too_long) {
		fprintf(stderr, "sh: line too long (over %d bytes)\n",
		    LINE_SIZE - 1);
		len = 0;
	}
	line[len] = '\0';
	return true;
}

/*
 * skip_escape_sequence: an arrow or function key sends ESC [ (or ESC O),
 * maybe some digits and ';', and a final byte in '@'..'~'.  The editor
 * has no use for them: read past the whole sequence, so that it does not
 * land in the line as "[A".
 */
static void
skip_escape_sequence(int fd)
{
	int c = read_byte(fd);

	if (c != '[' && c != 'O')
		return;
	do
		c = read_byte(fd);
	while (c >= 0 && !(c >= '@' && c <= '~'));
}

/*
 * read_console_line: read_plain_line for a console that does not echo:
 * show each printable byte as it comes, end the line at '\r' or '\n',
 * erase the last byte on Backspace or Delete ("\b \b": back, blank it
 * out, back again).  Ctrl-D on an empty line is the end of the input;
 * other control bytes are ignored, and so are bytes past LINE_SIZE.
 */
static bool
read_console_line(int fd, char *line)
{
	size_t len = 0;
	char echo[2] = { 0, 0 };
	int c;

	for (;;) {
		c = read_byte(fd);
		if (c < 0 || (c == CTRL_D && len == 0)) {
			put("\n");
			if (len == 0)
				return false;
			break;
		}
		if (c == '\r' || c == '\n') {
			put("\n");
			break;
		}
		if (c == BACKSPACE || c == DELETE) {
			if (len > 0) {
				len--;
				put("\b \b");
			}
		} else if (c == ESCAPE) {
			skip_escape_sequence(fd);
		} else if (isprint(c) && len < LINE_SIZE - 1) {
			line[len++] = (char)c;
			echo[0] = (char)c;
			put(echo);
		}
	}
	line[len] = '\0';
	return true;
}

/* ---- words ---- */

/*
 * split_words: cut line, in place, into words: argv[] points at them and
 * ends with NULL.  The number of words, or -1 after an error message.
 *
 * Quotes are removed as the words are copied down over the line: "out"
 * never passes "in", because every byte in is copied out at most once.
 */
static int
split_words(char *line, char **argv)
{
	char *in = line, *out = line;
	int argc = 0;
	char quote;
	bool last;

	for (;;) {
		while (*in == ' ' || *in == '\t')
			in++;
		if (*in == '\0')
			break;
		if (argc == MAX_WORDS) {
			fprintf(stderr, "sh: more than %d words\n", MAX_WORDS);
			return -1;
		}
		argv[argc++] = out;
		while (*in != '\0' && *in != ' ' && *in != '\t') {
			if (*in != '\'' && *in != '"') {
				*out++ = *in++;
				continue;
			}
			quote = *in++;
			while (*in != quote) {
				if (*in == '\0') {
					fprintf(stderr, "sh: no closing %c\n",
					    quote);
					return -1;
				}
				*out++ = *in++;
			}
			in++;
		}
		/* The NUL may land on the blank that ended the word. */
		last = *in == '\0';
		*out++ = '\0';
		if (last)
			break;
		in++;
	}
	argv[argc] = NULL;
	return argc;
}

/* ---- running commands ---- */

/* check_executable: 0 if path is a file we may run, else an errno value. */
static int
check_executable(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return errno;
	if (S_ISDIR(st.st_mode))
		return EISDIR;
	if (!S_ISREG(st.st_mode) || (st.st_mode & 0111) == 0)
		return EACCES;
	return 0;
}

/*
 * find_command: the file to run for name, in path[PATH_MAX]: name itself
 * if it has a '/', else DIR/name for the first DIR in $PATH that has it.
 * 0, or an errno value: ENOENT if there is no such file.  execve would
 * tell us the same, but only in the child after the fork; asking first
 * keeps "not found" a message of the shell's.
 */
static int
find_command(const char *name, char *path)
{
	const char *dirs = getenv("PATH"), *end;
	int error, found = ENOENT;
	size_t len;

	if (strchr(name, '/') != NULL) {
		if (strlen(name) >= PATH_MAX)
			return ENAMETOOLONG;
		strcpy(path, name);
		return check_executable(path);
	}
	if (dirs == NULL)
		dirs = "/bin";
	for (; *dirs != '\0'; dirs = *end == ':' ? end + 1 : end) {
		end = strchr(dirs, ':');
		if (end == NULL)
			end = dirs + strlen(dirs);
		len = (size_t)(end - dirs);
		if (len == 0) {		/* "": the working directory */
			dirs = ".";
			len = 1;
		}
		if (snprintf(path, PATH_MAX, "%.*s/%s", (int)len, dirs,
		    name) >= PATH_MAX)
			continue;
		error = check_executable(path);
		if (error == 0)
			return 0;
		if (error != ENOENT && error != ENOTDIR)
			found = error;	/* there, but not runnable: go on */
	}
	return found;
}

/*
 * wait_for: wait for the child pid, running the command name; its status
 * as the shell reports it (128 + N for death by signal N).
 */
static int
wait_for(pid_t pid, const char *name)
{
	int status;

	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "sh: wait: %s\n", strerror(errno));
			return 1;
		}
	}
	if (WIFSIGNALED(status)) {
		fprintf(stderr, "sh: %s: killed by signal %d\n", name,
		    WTERMSIG(status));
		return 128 + WTERMSIG(status);
	}
	if (WEXITSTATUS(status) != 0)
		fprintf(stderr, "sh: %s: exit status %d\n", name,
		    WEXITSTATUS(status));
	return WEXITSTATUS(status);
}

/* run_command: run argv[0] with its arguments and our environment. */
static int
run_command(char **argv)
{
	char path[PATH_MAX];
	int error = find_command(argv[0], path);
	pid_t pid;

	if (error == ENOENT) {
		fprintf(stderr, "sh: %s: not found\n", argv[0]);
		return 127;
	}
	if (error != 0) {
		fprintf(stderr, "sh: %s: %s\n", argv[0], strerror(error));
		return 126;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "sh: fork: %s\n", strerror(errno));
		return 126;
	}
	if (pid == 0) {
		/* Rare after find_command: not a program (ENOEXEC), say. */
		execve(path, argv, environ);
		error = errno;		/* before exec_hint() changes it */
		if (error == ENOEXEC)
			fprintf(stderr, "sh: %s: %s: %s\n", argv[0],
			    strerror(error), exec_hint(path));
		else
			fprintf(stderr, "sh: %s: %s\n", argv[0],
			    strerror(error));
		_exit(126);
	}
	return wait_for(pid, argv[0]);
}

/* builtin_cd: "cd [DIR]": 0, or 1 with a message. */
static int
builtin_cd(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : getenv("HOME");

	if (argc > 2) {
		fprintf(stderr, "sh: cd: too many arguments\n");
		return 1;
	}
	if (dir == NULL)
		dir = "/";
	if (chdir(dir) < 0) {
		fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	return 0;
}

/* builtin_exit: "exit [N]"; a bad N is an error, and the shell goes on. */
static int
builtin_exit(int argc, char **argv)
{
	char *end;
	long n;

	if (argc > 2) {
		fprintf(stderr, "sh: exit: too many arguments\n");
		return 2;
	}
	if (argc == 2) {
		n = strtol(argv[1], &end, 10);
		if (argv[1][0] == '\0' || *end != '\0') {
			fprintf(stderr, "sh: exit: %s: not a number\n",
			    argv[1]);
			return 2;
		}
		last_status = (int)(n & 0xff);
	}
	exit_requested = true;
	return last_status;
}

/* run_line: run the command on line (which it cuts up into words). */
static void
run_line(char *line)
{
	char *argv[MAX_WORDS + 1];
	const char *start = line;
	int argc;

	while (*start == ' ' || *start == '\t')
		start++;
	if (*start == '\0' || *start == '#')
		return;			/* empty, or a comment */
	argc = split_words(line, argv);
	if (argc < 0)
		last_status = 2;	/* POSIX shells' bad-syntax status */
	else if (strcmp(argv[0], "exit") == 0)
		last_status = builtin_exit(argc, argv);
	else if (strcmp(argv[0], "cd") == 0)
		last_status = builtin_cd(argc, argv);
	else
		last_status = run_command(argv);
}

/* run_input: run each line of fd until its end or an exit. */
static void
run_input(int fd, bool interactive)
{
	static char line[LINE_SIZE];

	while (!exit_requested) {
		if (interactive)
			put(PROMPT);
		if (!(interactive ? read_console_line(fd, line) :
		    read_plain_line(fd, line)))
			break;
		run_line(line);
	}
}

/* run_script: run the file at path. */
static void
run_script(const char *path)
{
	/* O_CLOEXEC: the commands it runs need not inherit it. */
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "sh: %s: %s\n", path, strerror(errno));
		last_status = 127;
		return;
	}
	run_input(fd, false);
	close(fd);
}

int
main(int argc, char **argv)
{
	bool interactive = false;
	int i = 1;

	if (i < argc && strcmp(argv[i], "-i") == 0) {
		interactive = true;
		i++;
	}
	if (i < argc && strcmp(argv[i], "-c") == 0) {
		if (i + 1 >= argc) {
			fprintf(stderr, "usage: sh [-i] [-c COMMAND | "
			    "SCRIPT]\n");
			return 2;
		}
		run_line(argv[i + 1]);	/* argv's strings are ours to cut */
	} else if (i < argc) {
		run_script(argv[i]);
	} else {
		run_input(STDIN_FILENO, interactive);
	}
	return last_status;
}
