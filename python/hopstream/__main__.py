"""python3 -m hopstream [--hops | --atom-table] [FILE]: read a whole hop
stream (FILE or standard input) and print its header as hopcat --header
does, or its hop or per-atom table as tab-separated text with every column
the module gives.  The options are hopcat's: --atoms, hopcat's old name of
--atom-table, is a usage error here too.  Exit status 0, 1 for a stream
the readers refuse, 2 for a usage error."""

import sys

from . import StreamError, read

USAGE = ("usage: python3 -m hopstream [--hops | --atom-table] [FILE]\n"
         "Read a hop stream (FILE or standard input, whole, checked as the "
         "hoptools\nprograms check it) and print its header as "
         "hopcat --header does;\n--hops and --atom-table print those "
         "tables with every column of the module.\n")


def _cell(v):
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, float):
        return "%.10g" % v
    return str(v)


def _print_table(t, out):
    names = list(t.columns) if hasattr(t, "columns") else list(t.dtype.names)
    out.write("\t".join(names) + "\n")
    cols = [list(t[n]) for n in names]
    for row in zip(*cols):
        out.write("\t".join(_cell(v.item() if hasattr(v, "item") else v)
                            for v in row) + "\n")


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    mode = "header"
    paths = []
    for a in args:
        if a in ("-h", "--help"):
            sys.stdout.write(USAGE)
            return 0
        if a in ("--hops", "--atom-table", "--header"):
            mode = a[2:]
        elif a == "--atoms" or a.startswith("--atoms="):
            sys.stderr.write("hopstream: --atoms is now --atom-table "
                             "(--atoms=RANGE selects atoms in the other "
                             "tools)\n%s" % USAGE)
            return 2
        elif a.startswith("-") and a != "-":
            sys.stderr.write("hopstream: unknown option %s\n%s" % (a, USAGE))
            return 2
        else:
            paths.append(a)
    if len(paths) > 1:
        sys.stderr.write(USAGE)
        return 2
    try:
        s = read(paths[0] if paths else "-", pandas=False)
    except StreamError as e:
        sys.stderr.write("hopstream: %s\n" % e)
        return 1
    out = open(sys.stdout.fileno(), "w", encoding="utf-8",
               errors="surrogateescape", closefd=False)
    try:
        if mode == "header":
            out.write("".join(line + "\n" for line in s.header_lines()))
        else:
            _print_table(s.hops if mode == "hops" else s.atoms, out)
        out.flush()
    except BrokenPipeError:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
