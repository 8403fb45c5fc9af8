/*
 * bytes.c: every byte value, on both output streams.
 *
 * A scripted run carries the program's standard output and standard
 * error over one serial line, framed (kernel/cons.h): this checks that
 * the framing gives back exactly the bytes written, among them the
 * framing's own escape byte (0x10), NUL, "\r" and "\n", and that the two
 * streams stay apart.  Standard output gets 0..255 then 255..0, standard
 * error 0..255, each in one write.
 */
#include <unistd.h>

int
main(void)
{
	unsigned char up[256], down[256];

	for (int i = 0; i < 256; i++) {
		up[i] = (unsigned char)i;
		down[i] = (unsigned char)(255 - i);
	}
	if (write(1, up, sizeof(up)) != sizeof(up) ||
	    write(1, down, sizeof(down)) != sizeof(down) ||
	    write(2, up, sizeof(up)) != sizeof(up))
		return 1;
	return 0;
}
