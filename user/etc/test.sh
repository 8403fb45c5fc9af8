# test.sh: a script for progtest ("sh /etc/test.sh" must exit with 3).
# Comments and empty lines are skipped.

true
echo test.sh: 'quoted words' "stay whole"
   # an indented comment
exit 3
exit 4
