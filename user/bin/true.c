/*
 * true: do nothing, successfully.  Scripts and tests use it as the
 * simplest program there is: its exit status is 0.
 */
int
main(void)
{
	return 0;
}
