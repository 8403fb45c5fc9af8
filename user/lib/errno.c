/*
 * errno.c: errno itself and the messages for its values.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

int errno;

static const char *const error_messages[] = {
	[0] =		"Success",
	[EPERM] =	"Operation not permitted",
	[ENOENT] =	"No such file or directory",
	[ESRCH] =	"No such process",
	[EINTR] =	"Interrupted system call",
	[EIO] =		"Input/output error",
	[ENXIO] =	"No such device or address",
	[E2BIG] =	"Argument list too long",
	[ENOEXEC] =	"Exec format error",
	[EBADF] =	"Bad file descriptor",
	[ECHILD] =	"No child processes",
	[EAGAIN] =	"Resource temporarily unavailable",
	[ENOMEM] =	"Cannot allocate memory",
	[EACCES] =	"Permission denied",
	[EFAULT] =	"Bad address",
	[ENOTBLK] =	"Block device required",
	[EBUSY] =	"Device or resource busy",
	[EEXIST] =	"File exists",
	[EXDEV] =	"Invalid cross-device link",
	[ENODEV] =	"No such device",
	[ENOTDIR] =	"Not a directory",
	[EISDIR] =	"Is a directory",
	[EINVAL] =	"Invalid argument",
	[ENFILE] =	"Too many open files in system",
	[EMFILE] =	"Too many open files",
	[ENOTTY] =	"Inappropriate ioctl for device",
	[ETXTBSY] =	"Text file busy",
	[EFBIG] =	"File too large",
	[ENOSPC] =	"No space left on device",
	[ESPIPE] =	"Illegal seek",
	[EROFS] =	"Read-only file system",
	[EMLINK] =	"Too many links",
	[EPIPE] =	"Broken pipe",
	[EDOM] =	"Numerical argument out of domain",
	[ERANGE] =	"Numerical result out of range",
	[EDEADLK] =	"Resource deadlock avoided",
	[ENAMETOOLONG] = "File name too long",
	[ENOLCK] =	"No locks available",
	[ENOSYS] =	"Function not implemented",
	[ENOTEMPTY] =	"Directory not empty",
	[ELOOP] =	"Too many levels of symbolic links",
	[ENODATA] =	"No data available",
	[EOVERFLOW] =	"Value too large for defined data type",
	[EILSEQ] =	"Invalid or incomplete multibyte or wide character",
	[EOPNOTSUPP] =	"Operation not supported",
	[ETIMEDOUT] =	"Connection timed out",
	[ECANCELED] =	"Operation canceled",
};

#define NMESSAGES	(sizeof(error_messages) / sizeof(error_messages[0]))

/*
 * strerror: the message for errnum.  An unknown number gets a message
 * built in a static buffer, which the next such call overwrites.
 */
char *
strerror(int errnum)
{
	static char unknown[32];

	if (errnum >= 0 && (size_t)errnum < NMESSAGES &&
	    error_messages[errnum] != NULL)
		return (char *)error_messages[errnum];
	snprintf(unknown, sizeof(unknown), "Unknown error %d", errnum);
	return unknown;
}
