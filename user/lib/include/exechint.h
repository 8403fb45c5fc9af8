/*
 * exechint.h: why a program would not run, in words (Pagoda's own; not a
 * standard header).
 */
#ifndef _EXECHINT_H_
#define _EXECHINT_H_

/*
 * exec_hint: after execve(path) failed with ENOEXEC, a short phrase that
 * says why, from a look at the file: "not an ELF executable",
 * "dynamically linked: ...", "built for aarch64", ...  Never NULL.
 */
const char *exec_hint(const char *path);

#endif /* !_EXECHINT_H_ */
