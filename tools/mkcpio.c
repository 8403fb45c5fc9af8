/*
 * mkcpio.c: write a cpio "newc" archive, the initramfs (a host program).
 *
 *   mkcpio OUT [DEST=SRC]...
 *
 * packs each SRC (a file, a symlink, or a directory with everything below
 * it) as DEST inside the archive, e.g.
 *
 *   mkcpio build/amd64/initramfs.cpio bin=build/amd64/user/bin etc/motd=motd
 *
 * DEST is relative to the archive's root ("/" or "" for the root itself,
 * whose contents are then packed at the top).  Parent directories of a
 * DEST are added (mode 0755) if no SRC gives them.
 *
 * The output is deterministic, the same inputs giving the same bytes
 * whatever the machine, the umask or the time: members sorted by name
 * (byte order, parents before children), inode numbers 1, 2, ... in that
 * order, uid, gid and mtime 0, and modes normalised: 0755 for directories
 * and for files any execute bit is set on, 0644 for other files, 0777 for
 * symlinks.  Magic 070701 (no checksums).  The format is drawn in
 * kernel/initramfs.c; docs/files.md tells the rest.
 *
 * OUT is written as OUT.tmp and renamed, so a failed run leaves no half
 * archive behind.  Exit status 0, 1 on an I/O error, 2 on a usage error.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NAME_MAX_BYTES	255	/* one component: kernel/initramfs.h */
#define PATH_MAX_BYTES	4095	/* a whole name, without its NUL */
#define TRAILER		"TRAILER!!!"

/* One member of the archive to be. */
struct entry {
	char		*dest;		/* name in the archive, canonical */
	char		*src;		/* host path; NULL for an added dir */
	mode_t		mode;		/* normalised, with the type bits */
	uint32_t	size;		/* of the data */
};

static struct entry *entries;
static size_t nentries, entries_cap;
static const char *progname = "mkcpio";
static char *tmp_path;			/* OUT.tmp while it is written */

static void __attribute__((noreturn, format(printf, 2, 3)))
die(int status, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (tmp_path != NULL)
		unlink(tmp_path);
	exit(status);
}

static void *
xmalloc(size_t size)
{
	void *p = malloc(size);

	if (p == NULL)
		die(1, "out of memory");
	return p;
}

static char *
xstrdup(const char *s)
{
	return strcpy(xmalloc(strlen(s) + 1), s);
}

/* "a" + "/" + "b", or just "b" when a is the root (""). */
static char *
path_join(const char *a, const char *b)
{
	char *p = xmalloc(strlen(a) + strlen(b) + 2);

	sprintf(p, "%s%s%s", a, a[0] != '\0' ? "/" : "", b);
	return p;
}

/* ---- collecting entries ------------------------------------------------ */

static void
add_entry(char *dest, char *src, mode_t mode, uint32_t size)
{
	if (strlen(dest) > PATH_MAX_BYTES)
		die(2, "%s: name longer than %d bytes", dest, PATH_MAX_BYTES);
	if (nentries == entries_cap) {
		entries_cap = entries_cap == 0 ? 64 : 2 * entries_cap;
		entries = realloc(entries, entries_cap * sizeof(*entries));
		if (entries == NULL)
			die(1, "out of memory");
	}
	entries[nentries++] = (struct entry){ dest, src, mode, size };
}

/* The archive's mode for a host file: see the top. */
static mode_t
normal_mode(const struct stat *st)
{
	if (S_ISDIR(st->st_mode))
		return S_IFDIR | 0755;
	if (S_ISLNK(st->st_mode))
		return S_IFLNK | 0777;
	return S_IFREG | ((st->st_mode & 0111) != 0 ? 0755 : 0644);
}

static void add_tree(const char *dest, const char *src);

/* Every entry of the host directory src, below dest. */
static void
add_dir_contents(const char *dest, const char *src)
{
	char *child_src, *child_dest;
	struct dirent *de;
	DIR *dir;

	if ((dir = opendir(src)) == NULL)
		die(1, "%s: %s", src, strerror(errno));
	while ((errno = 0, de = readdir(dir)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (strlen(de->d_name) > NAME_MAX_BYTES)
			die(2, "%s/%s: name longer than %d bytes", src,
			    de->d_name, NAME_MAX_BYTES);
		child_src = path_join(src, de->d_name);
		child_dest = path_join(dest, de->d_name);
		add_tree(child_dest, child_src);
		free(child_dest);
		free(child_src);
	}
	if (errno != 0)
		die(1, "%s: %s", src, strerror(errno));
	closedir(dir);
}

/* src as dest, and (a directory) everything below it. */
static void
add_tree(const char *dest, const char *src)
{
	struct stat st;

	if (lstat(src, &st) != 0)
		die(1, "%s: %s", src, strerror(errno));
	if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode) &&
	    !S_ISLNK(st.st_mode))
		die(2, "%s: not a file, directory or symlink", src);
	if (S_ISREG(st.st_mode) && st.st_size > UINT32_MAX)
		die(2, "%s: too large for cpio (4 GiB)", src);
	if (dest[0] == '\0' && !S_ISDIR(st.st_mode))
		die(2, "%s: only a directory can be the root", src);
	if (dest[0] != '\0')	/* the root needs no member */
		add_entry(xstrdup(dest), xstrdup(src), normal_mode(&st),
		    S_ISDIR(st.st_mode) ? 0 : (uint32_t)st.st_size);
	if (S_ISDIR(st.st_mode))
		add_dir_contents(dest, src);
}

/*
 * The canonical form of a DEST argument (malloc'ed): no leading or
 * trailing '/', no "//", ".", "..", and no component over 255 bytes.
 */
static char *
canonical_dest(const char *arg)
{
	char *dest, *comp, *save;
	char *out;

	dest = xstrdup(arg);
	out = xmalloc(strlen(arg) + 1);
	out[0] = '\0';
	for (comp = strtok_r(dest, "/", &save); comp != NULL;
	    comp = strtok_r(NULL, "/", &save)) {
		if (strcmp(comp, ".") == 0 || strcmp(comp, "..") == 0)
			die(2, "%s: \".\" and \"..\" are not allowed in DEST",
			    arg);
		if (strlen(comp) > NAME_MAX_BYTES)
			die(2, "%s: a component over %d bytes", arg,
			    NAME_MAX_BYTES);
		if (out[0] != '\0')
			strcat(out, "/");
		strcat(out, comp);
	}
	free(dest);
	return out;
}

/* The directories above dest, so that unpackers other than ours cope. */
static void
add_parents(const char *dest)
{
	char *parent = xstrdup(dest), *slash;

	while ((slash = strrchr(parent, '/')) != NULL) {
		*slash = '\0';
		add_entry(xstrdup(parent), NULL, S_IFDIR | 0755, 0);
	}
	free(parent);
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct entry *ea = a, *eb = b;
	int c = strcmp(ea->dest, eb->dest);

	if (c != 0)
		return c;
	/* An added parent gives way to a real directory of the same name. */
	return (ea->src == NULL) - (eb->src == NULL);
}

/*
 * Sort by name and drop the added parents that a real entry or another
 * added parent also gives; two real entries of one name are an error.
 */
static void
sort_entries(void)
{
	size_t i, kept = 0;

	if (nentries == 0)
		return;
	qsort(entries, nentries, sizeof(*entries), entry_cmp);
	for (i = 0; i < nentries; i++) {
		if (kept > 0 && strcmp(entries[kept - 1].dest,
		    entries[i].dest) == 0) {
			if (entries[i].src != NULL)
				die(2, "%s: given twice (%s and %s)",
				    entries[i].dest, entries[kept - 1].src,
				    entries[i].src);
			if (!S_ISDIR(entries[kept - 1].mode))
				die(2, "%s: a file, yet another DEST lies "
				    "below it", entries[i].dest);
			free(entries[i].dest);
			continue;
		}
		entries[kept++] = entries[i];
	}
	nentries = kept;
}

/* ---- writing ---------------------------------------------------------- */

static void
put_zeroes(FILE *out, size_t n)
{
	while (n-- > 0)
		fputc(0, out);
}

/* A header and the name, padded; *written counts the bytes. */
static void
put_header(FILE *out, uint64_t *written, uint32_t ino, uint32_t mode,
    uint32_t nlink, uint32_t size, const char *name)
{
	size_t namesize = strlen(name) + 1;
	int n;

	n = fprintf(out, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X"
	    "%08X%08zX%08X", ino, mode, 0, 0, nlink, 0, size, 0, 0, 0, 0,
	    namesize, 0);
	if (n != 110)
		die(1, "a header of %d bytes", n);
	fwrite(name, 1, namesize, out);
	*written += 110 + namesize;
	put_zeroes(out, -*written & 3);
	*written += -*written & 3;
}

/* An entry's data (a file's bytes, a symlink's target), padded. */
static void
put_data(FILE *out, uint64_t *written, const struct entry *e)
{
	char buf[65536];
	size_t n, left = e->size;
	ssize_t len;
	FILE *in;

	if (S_ISLNK(e->mode)) {
		len = readlink(e->src, buf, sizeof(buf));
		if (len < 0 || (size_t)len != e->size)
			die(1, "%s: readlink: %s", e->src,
			    len < 0 ? strerror(errno) : "changed size");
		fwrite(buf, 1, len, out);
	} else if (S_ISREG(e->mode)) {
		if ((in = fopen(e->src, "rb")) == NULL)
			die(1, "%s: %s", e->src, strerror(errno));
		while (left > 0 && (n = fread(buf, 1, left < sizeof(buf) ?
		    left : sizeof(buf), in)) > 0) {
			fwrite(buf, 1, n, out);
			left -= n;
		}
		if (left != 0 || fgetc(in) != EOF)
			die(1, "%s: changed size while being read", e->src);
		fclose(in);
	}
	*written += e->size;
	put_zeroes(out, -*written & 3);
	*written += -*written & 3;
}

static void
write_archive(const char *path)
{
	uint64_t written = 0;
	bool failed;
	FILE *out;

	tmp_path = xmalloc(strlen(path) + 5);
	sprintf(tmp_path, "%s.tmp", path);
	if ((out = fopen(tmp_path, "wb")) == NULL)
		die(1, "%s: %s", tmp_path, strerror(errno));
	for (size_t i = 0; i < nentries; i++) {
		const struct entry *e = &entries[i];

		put_header(out, &written, i + 1, e->mode,
		    S_ISDIR(e->mode) ? 2 : 1, e->size, e->dest);
		put_data(out, &written, e);
	}
	put_header(out, &written, 0, 0, 1, 0, TRAILER);
	failed = ferror(out) != 0;
	if (fclose(out) != 0 || failed)
		die(1, "%s: write error", tmp_path);
	if (rename(tmp_path, path) != 0)
		die(1, "%s: %s", path, strerror(errno));
	free(tmp_path);
	tmp_path = NULL;
}

int
main(int argc, char **argv)
{
	char *eq, *dest;

	if (argc < 2) {
		fprintf(stderr, "usage: %s OUT [DEST=SRC]...\n", progname);
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		if ((eq = strchr(argv[i], '=')) == NULL || eq[1] == '\0')
			die(2, "%s: not DEST=SRC", argv[i]);
		*eq = '\0';
		dest = canonical_dest(argv[i]);
		add_parents(dest);
		add_tree(dest, eq + 1);
		free(dest);
	}
	sort_entries();
	write_archive(argv[1]);
	return 0;
}
