# hopstream-py.sh - the Python module python/hopstream against the C
# tools: header, species, original indices and frames as hopcat prints
# them, the hop and atom tables column by column, provenance, refusal of
# every bad stream the C readers refuse (with hopcat's message), of every
# cut and of every flipped byte, the round trip of every record kind
# (fixed and variable-cell frames, atom and hop records, a kind the
# readers do not know) through the module's writer and the C tools, and
# `python3 -m hopstream`.  numpy is required (mk/deps.sh installs
# python3-numpy); the pandas path is checked only when pandas imports.

PYMOD=$(pwd)/python
HOPCAT=$BIN/hopcat

# A Python with numpy: python3 first on PATH may be one without it
# (pyenv), so Debian's own is tried next.
hp_python() {
	for _p in python3 /usr/bin/python3; do
		if command -v "$_p" >/dev/null 2>&1 &&
		    "$_p" -c 'import numpy' >/dev/null 2>&1; then
			command -v "$_p"
			return 0
		fi
	done
	return 1
}

hp_checker() {
	cat >"$T/check.py" <<'PY'
# The checks, one mode per call: prints "ok" or what differs (exit 1).
import io, math, os, sys
import numpy as np
import hopstream

PANDAS = os.environ.get("HP_PANDAS") == "1"
errors = []


def bad(msg):
    errors.append(msg)


def rd(path, **kw):
    return hopstream.read(path, pandas=PANDAS, **kw)


def col(t, name):
    return np.asarray(t[name])


def cols(t):
    return list(t.columns) if hasattr(t, "columns") else list(t.dtype.names)


def tsv(path):
    rows = [l.rstrip("\n").split("\t") for l in open(path, encoding="utf-8")]
    return rows[0], rows[1:]


def tol_of(s):
    """Half a unit in the last digit hopcat printed."""
    m = s.lower()
    exp = 0
    if "e" in m:
        m, e = m.split("e")
        exp = int(e)
    dec = len(m.split(".")[1]) if "." in m else 0
    return 0.5 * 10.0 ** (exp - dec)


def same_num(got, want):
    if want.lower() in ("nan", "-nan"):
        return math.isnan(got)
    if want.lower() in ("inf", "-inf"):
        return got == float(want)
    w = float(want)
    return abs(got - w) <= tol_of(want) * (1 + 1e-9) + 1e-12 * abs(w)


def table_vs(t, path, what):
    """Every column hopcat prints, by name, row by row."""
    names, rows = tsv(path)
    if len(t) != len(rows):
        bad("%s: %d rows, hopcat %d" % (what, len(t), len(rows)))
        return
    have = cols(t)
    for j, name in enumerate(names):
        if name not in have:
            bad("%s: no column %s" % (what, name))
            continue
        v = col(t, name)
        for i, r in enumerate(rows):
            x, w = v[i], r[j]
            if isinstance(x, (str, np.str_)):
                ok = str(x) == w
            elif isinstance(x, (bool, np.bool_)):
                ok = str(int(x)) == w
            elif isinstance(x, (int, np.integer)):
                ok = str(int(x)) == w
            else:
                ok = same_num(float(x), w)
            if not ok:
                bad("%s: row %d column %s: %r, hopcat %s" % (what, i + 1,
                                                             name, x, w))
                break


def m_header(path, want):
    s = rd(path)
    got = s.header_lines()
    lines = open(want, encoding="utf-8").read().splitlines()
    if got != lines:
        bad("header lines differ:\n  %s\n  %s" % (got, lines))
    kv = {}
    for l in lines:
        k, v = l.split("\t", 1)
        kv.setdefault(k, []).append(v)
    h = s.header
    for k in ("atoms", "frames", "hops", "atom_records"):
        if h[k] != int(kv[k][0]):
            bad("header %s: %r, hopcat %s" % (k, h[k], kv[k][0]))
    for k in ("dt_fs", "temperature_K"):
        w = kv[k][0]
        if not (math.isnan(h[k]) if w == "unknown" else same_num(h[k], w)):
            bad("header %s: %r, hopcat %s" % (k, h[k], w))
    for k in ("coords", "cell", "title"):
        if h[k] != kv[k][0]:
            bad("header %s: %r, hopcat %s" % (k, h[k], kv[k][0]))
    if ",".join("%s:%d" % sp for sp in h["species"]) != kv["species"][0]:
        bad("species %r, hopcat %s" % (h["species"], kv["species"][0]))
    for g, w in zip(np.ravel(h["cell_A"]), kv["cell_A"][0].split()):
        if not same_num(g, w):
            bad("cell_A %r, hopcat %s" % (h["cell_A"], kv["cell_A"][0]))
            break
    prov = ["%s %s: %s" % tuple(p) for p in s.provenance]
    if prov != kv.get("provenance", []):
        bad("provenance %r, hopcat %r" % (prov, kv.get("provenance")))
    names = [n for n, c in h["species"] for _ in range(c)]
    if list(s.atom_species) != names or len(s.orig_index) != h["atoms"]:
        bad("atom_species or orig_index of the wrong length")


def m_tsv(path, want):
    """Frames, original indices and species as hopcat --tsv (%.10g)."""
    s = rd(path)
    names, rows = tsv(want)
    nf, na = (0, 0) if s.frames is None else s.frames.shape[:2]
    if names != ["frame", "atom", "species", "x", "y", "z"]:
        bad("hopcat --tsv columns %r" % names)
    if nf * na != len(rows):
        bad("frames %s, hopcat --tsv %d rows" % ((nf, na), len(rows)))
        return
    sp = s.atom_species
    k = 0
    for f in range(nf):
        for a in range(na):
            r = rows[k]
            k += 1
            x = s.frames[f, a]
            got = [str(f), str(int(s.orig_index[a])), str(sp[a])] + \
                ["%.10g" % v for v in x]
            if got != r:
                bad("frame %d atom %d: %r, hopcat %r" % (f, a, got, r))
                return


def m_xyz(path, want):
    """Cartesian positions, cells and source frame numbers as hopcat
    --xyz prints them."""
    s = rd(path)
    cart = s.cartesian()
    lines = open(want, encoding="utf-8").read().splitlines()
    i = f = 0
    while i < len(lines):
        n = int(lines[i])
        c = lines[i + 1]
        lat = [float(v) for v in c.split('Lattice="')[1].split('"')[0].split()]
        cell = s.cells[f] if s.cells is not None else s.header["cell_A"]
        if not np.allclose(lat, np.ravel(cell), rtol=1e-9, atol=0):
            bad("frame %d: cell %r, hopcat %r" % (f, np.ravel(cell), lat))
        src = int(c.split("Source_frame=")[1].split()[0])
        if src != int(s.frame_index[f]):
            bad("frame %d: index %d, hopcat %d" % (f, s.frame_index[f], src))
        p = [l.split() for l in lines[i + 2:i + 2 + n]]
        xyz = np.array([q[1:4] for q in p], dtype=float)
        names = [q[0] for q in p]
        idx = [int(q[4]) for q in p]
        if (names != list(s.atom_species) or idx != list(s.orig_index) or
                np.max(np.abs(cart[f] - xyz)) > 1e-9):
            bad("frame %d: atoms differ from hopcat --xyz" % f)
            return
        i += n + 2
        f += 1
    if s.frames is None or f != len(s.frames):
        bad("%d frames in hopcat --xyz" % f)


def m_table(path, kind, want):
    s = rd(path)
    t = s.hops if kind == "hops" else s.atoms
    if PANDAS != hasattr(t, "columns"):
        bad("pandas=%s gave a %s" % (PANDAS, type(t).__name__))
    table_vs(t, want, kind)


def m_hopfields(path, want):
    """Every field of the hop record, and the derived columns, against
    the hop table (slot start end sx sy sz ex ey ez back) mkhops read."""
    s = rd(path)
    t = s.hops
    rows = [l.split() for l in open(want) if l.strip()]
    dt = s.header["dt_fs"]
    for i, r in enumerate(rows):
        slot, start, end = int(r[0]), int(r[1]), int(r[2])
        sp, ep = np.array(r[3:6], float), np.array(r[6:9], float)
        exp = {"slot": slot, "atom": int(s.orig_index[slot]),
               "species": s.atom_species[slot], "start": start, "end": end,
               "flags": int(r[9]), "backhop": bool(int(r[9])),
               "start_ps": start * dt / 1000, "end_ps": end * dt / 1000,
               "duration_ps": (end - start) * dt / 1000,
               "length_A": np.linalg.norm(ep - sp),
               "site_dist_A": np.linalg.norm(ep - sp)}
        for k, ax in enumerate("xyz"):
            for pre, v in (("start", sp), ("end", ep), ("from", sp),
                           ("to", ep)):
                exp["%s_%s_A" % (pre, ax)] = v[k]
        for k, v in exp.items():
            g = col(t, k)[i]
            if isinstance(v, float) and not math.isclose(g, v, rel_tol=1e-12,
                                                         abs_tol=1e-12):
                bad("hop %d %s: %r, want %r" % (i, k, g, v))
            elif not isinstance(v, float) and g != v:
                bad("hop %d %s: %r, want %r" % (i, k, g, v))
        if col(t, "to_cluster")[i] != col(t, "from_cluster")[i] + 1:
            bad("hop %d: clusters %d -> %d" % (i, col(t, "from_cluster")[i],
                                              col(t, "to_cluster")[i]))


def m_roundtrip(path, out):
    """read, write: the same bytes; and the same arrays read back."""
    s = rd(path)
    hopstream.write(out, s)
    if open(path, "rb").read() != open(out, "rb").read():
        bad("%s written back differs" % path)
    t = rd(out)
    if (s.frames is None) != (t.frames is None) or (
            s.frames is not None and not np.array_equal(s.frames, t.frames)):
        bad("frames differ after the round trip")
    for k in ("hops", "atoms"):
        a, b = getattr(s, k), getattr(t, k)
        for c in cols(a):
            if not np.array_equal(col(a, c), col(b, c), equal_nan=
                                  col(a, c).dtype.kind == "f"):
                bad("%s column %s differs after the round trip" % (k, c))


def m_rewrite(path, out, kind):
    """A stream changed in Python, written, for the C tools to read:
    "prov" appends a provenance entry, "unknown" adds records of a kind
    no reader knows (type 77) before and after the others, "scratch"
    builds a new stream from the arrays alone (no record order, hop and
    atom tables without the derived columns, no species_index)."""
    s = rd(path)
    if kind == "prov":
        hopstream.write(out, s, provenance=("hopstream-test", "1",
                                            "check.py 'a b'"))
    elif kind == "unknown":
        s.unknown = [(77, b"first"), (77, b"")]
        s.record_types = np.concatenate([[77], s.record_types, [77]])
        hopstream.write(out, s)
        t = rd(out)
        if t.unknown != s.unknown or list(t.record_types) != \
                list(s.record_types):
            bad("unknown records lost: %r" % (t.unknown,))
    else:
        h = {k: s.header[k] for k in ("species", "coords", "cell", "dt_fs",
                                      "temperature_K", "cell_A", "title",
                                      "nframes")}
        h["orig_index"] = s.orig_index
        keep_h = [c for c in cols(s.hops) if c not in
                  ("species_index", "flags", "duration_ps", "length_A",
                   "start_ps", "end_ps", "site_dist_A")]
        keep_a = [c for c in cols(s.atoms) if c != "species_index"]
        new = hopstream.Stream(
            h, frames=s.frames, frame_index=s.frame_index, cells=s.cells,
            hops=s.hops[keep_h] if len(s.hops) else None,
            atoms=s.atoms[keep_a] if len(s.atoms) else None)
        hopstream.write(out, new)


def m_dupnames(path, out):
    """The writer refuses a species table that gives a name twice."""
    s = rd(path)
    sp = list(s.header["species"])
    if len(sp) < 2:
        bad("%s has one species" % path)
        return
    s.header["species"] = [sp[0], (sp[0][0], sp[1][1])] + sp[2:]
    want = ("invalid header: species 1 and 2 are both '%s' (one name per "
            "species)" % sp[0][0])
    try:
        hopstream.write(out, s)
    except ValueError as e:
        if str(e) != want:
            bad("%r, want %r" % (str(e), want))
        return
    bad("written")


def m_unknown(path):
    s = rd(path)
    want = [(77, b"first"), (77, b"")]
    if s.unknown != want:
        bad("unknown records %r" % (s.unknown,))
    rt = list(s.record_types)
    if rt[0] != 77 or rt[-1] != 77 or rt.count(1) != len(s.frames):
        bad("record order %r" % (rt,))


def m_refuse(path, want=""):
    """path must raise StreamError, with message want when one is given."""
    try:
        rd(path)
    except hopstream.StreamError as e:
        if want and str(e) != want:
            bad("message %r, the C tool's %r" % (str(e), want))
    except Exception as e:
        bad("%s instead of StreamError: %s" % (type(e).__name__, e))
    else:
        bad("accepted")


def m_damage(path, outdir, every):
    every = int(every)
    """Every cut and every flipped byte of path raises StreamError; every
    every-th of them is also written to outdir for the C tools."""
    b = open(path, "rb").read()
    n_ok = 0
    for kind in ("cut", "flip"):
        for i in range(len(b)):
            d = b[:i] if kind == "cut" else \
                b[:i] + bytes([b[i] ^ 0xFF]) + b[i + 1:]
            try:
                rd(io.BytesIO(d))
            except hopstream.StreamError:
                n_ok += 1
            except Exception as e:
                bad("%s at %d: %s: %s" % (kind, i, type(e).__name__, e))
            else:
                bad("%s at %d accepted" % (kind, i))
            if i % every == 0:
                with open(os.path.join(outdir, "%s-%d" % (kind, i)),
                          "wb") as f:
                    f.write(d)
    if n_ok != 2 * len(b):
        bad("%d of %d damaged copies refused" % (n_ok, 2 * len(b)))


def batch(queue):
    """NAME TAB MODE TAB ARGS... lines, @PD@ in ARGS standing for 0 or 1
    (pandas): a line "NAME TAB ok" or "NAME TAB what differs" each."""
    pd = "1" if PANDAS else "0"
    for line in open(queue, encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        del errors[:]
        try:
            globals()["m_" + f[1]](*[x.replace("@PD@", pd) for x in f[2:]])
        except Exception as e:
            bad("%s: %s" % (type(e).__name__, e))
        res = " | ".join(errors[:3]) if errors else "ok"
        print("%s\t%s" % (f[0], res.replace("\n", " ").replace("\t", " ")))
        sys.stdout.flush()


batch(sys.argv[1])
PY
}

# hp_q NAME MODE ARGS...: queue check.py's MODE ARGS as the assertion
# NAME; hp_flush runs the queue in one Python, without pandas and, when
# pandas imports, with it (the assertions named "NAME (pandas=0|1)").
hp_q() {
	_qn=$1
	shift
	(IFS='	'; printf '%s\t%s\n' "$_qn" "$*") >>"$T/queue"
}

hp_flush() {
	for _pd in $HP_MODES; do
		run env PYTHONPATH="$PYMOD${PYTHONPATH:+:$PYTHONPATH}" \
		    HP_PANDAS=$_pd "$PY" "$T/check.py" "$T/queue"
		expect_eq "check.py ran every check (pandas=$_pd)" \
		    "$rc:$(wc -l <"$T/out")" "0:$(wc -l <"$T/queue")"
		[ "$rc" = 0 ] || sed 's/^/  /' "$T/err" | tail -n 5 >&2
		while IFS='	' read -r _qn _res; do
			if [ "$_res" = ok ]; then
				pass "$_qn (pandas=$_pd)"
			else
				fail "$_qn (pandas=$_pd)" "$_res"
			fi
		done <"$T/out"
	done
	: >"$T/queue"
}

hp_run() {
	gzip -dc examples/caf2-1600K/XDATCAR.gz | awk -v n=40 '
		/^Direct configuration=/ && ++k > n { exit } { print }' \
	    >"$T/XDATCAR"
	cp examples/caf2-1600K/INCAR "$T/INCAR"
	"$BIN/xdat2bin" "$T/XDATCAR" >"$T/frac.bin" &&
	    "$BIN/unwrap" "$T/frac.bin" >"$T/unw.bin" &&
	    "$BIN/kmeans-hops" "$T/unw.bin" >"$T/hops.bin"
}

# Header, species, original indices and frames: fractional, unwrapped
# and variable-cell (gen-xdatcar's NpT layout) streams.
hp_frames() {
	"$HELPERS/gen-xdatcar" 6 5 variable >"$T/var.xdatcar"
	"$BIN/xdat2bin" --dt 2 "$T/var.xdatcar" >"$T/var.bin"
	for _s in frac unw var; do
		"$HOPCAT" --header "$T/$_s.bin" >"$T/$_s.h"
		"$HOPCAT" --tsv "$T/$_s.bin" >"$T/$_s.tsv"
		"$HOPCAT" --xyz "$T/$_s.bin" >"$T/$_s.xyz"
		hp_q "$_s: header as hopcat --header" header "$T/$_s.bin" \
		    "$T/$_s.h"
		hp_q "$_s: frames, indices, species as hopcat --tsv" tsv \
		    "$T/$_s.bin" "$T/$_s.tsv"
		hp_q "$_s: Cartesian frames and cells as hopcat --xyz" xyz \
		    "$T/$_s.bin" "$T/$_s.xyz"
	done
}

# The hop and atom tables, column by column as hopcat prints them.
hp_hops() {
	"$HOPCAT" --header "$T/hops.bin" >"$T/hops.h"
	"$HOPCAT" --hops "$T/hops.bin" >"$T/hops.tsv"
	"$HOPCAT" --atom-table "$T/hops.bin" >"$T/atoms.tsv"
	expect_eq "kmeans-hops finds hops in 40 frames of CaF2" \
	    "$(awk 'END { print (NR > 1) }' "$T/hops.tsv")" 1
	hp_q "hops: header and provenance as hopcat --header" header \
	    "$T/hops.bin" "$T/hops.h"
	hp_q "hops: every column of hopcat --hops" table "$T/hops.bin" \
	    hops "$T/hops.tsv"
	hp_q "hops: every column of hopcat --atom-table" table "$T/hops.bin" \
	    atoms "$T/atoms.tsv"
	# Known answers, back-hops included, from mkhops.
	printf '%s\n' "0 2 4 1 2 3 1.5 2 3 0" "2 5 9 4 4 4 4 5 6 0" \
	    "0 10 12 1.5 2 3 1 2 3 1" >"$T/mk.txt"
	"$HELPERS/mkhops" --species Li:3,O:2 --analysed Li --frames 20 \
	    --dt-fs 2.5 "$T/mk.txt" >"$T/mk.bin"
	"$HOPCAT" --header "$T/mk.bin" >"$T/mk.h"
	"$HOPCAT" --hops "$T/mk.bin" >"$T/mk.tsv"
	"$HOPCAT" --atom-table "$T/mk.bin" >"$T/mka.tsv"
	hp_q "mkhops: header" header "$T/mk.bin" "$T/mk.h"
	hp_q "mkhops: every field of the hop record" hopfields \
	    "$T/mk.bin" "$T/mk.txt"
	hp_q "mkhops: hopcat --hops" table "$T/mk.bin" hops "$T/mk.tsv"
	hp_q "mkhops: hopcat --atom-table" table "$T/mk.bin" atoms "$T/mka.tsv"
}

# Every record kind, read and written back: the same bytes; streams the
# module writes are read by the C tools as the originals.
hp_roundtrip() {
	for _s in frac unw var hops mk; do
		hp_q "round trip: $_s.bin written back is the same bytes" \
		    roundtrip "$T/$_s.bin" "$T/rt@PD@-$_s.bin"
	done
	hp_q "write: a provenance entry appended" rewrite "$T/hops.bin" \
	    "$T/prov@PD@.bin" prov
	hp_q "write: records of an unknown kind kept in place" rewrite \
	    "$T/frac.bin" "$T/unk@PD@.bin" unknown
	hp_q "write: a species name twice refused" dupnames "$T/frac.bin" \
	    "$T/dup@PD@.bin"
	for _s in unw hops var; do
		hp_q "write: $_s.bin rebuilt from its arrays alone" rewrite \
		    "$T/$_s.bin" "$T/new@PD@-$_s.bin" scratch
	done
}

# What the C tools make of the streams the module wrote.
hp_roundtrip_c() {
	for _pd in $HP_MODES; do
		run "$HOPCAT" --header "$T/prov$_pd.bin"
		expect_eq "hopcat reads the module's stream, one more provenance line (pandas=$_pd)" \
		    "$(cat "$T/out")" "$(cat "$T/hops.h")
provenance	hopstream-test 1: check.py 'a b'"
		run "$HOPCAT" --header "$T/unk$_pd.bin"
		expect_same "hopcat skips the unknown kind the module wrote (pandas=$_pd)" \
		    "$T/out" "$T/frac.h"
		# unwrap passes the unknown records on; the module reads them.
		run "$BIN/unwrap" "$T/unk$_pd.bin"
		expect_rc "unwrap reads a stream the module wrote (pandas=$_pd)" 0
		cp "$T/out" "$T/unk-unw$_pd.bin"
		hp_q "unwrap passes the unknown records on, in place" unknown \
		    "$T/unk-unw$_pd.bin"
		for _m in --tsv --hops --atom-table; do
			for _s in unw hops var; do
				expect_eq "$_s.bin rebuilt: hopcat $_m as from the original (pandas=$_pd)" \
				    "$("$HOPCAT" $_m "$T/new$_pd-$_s.bin" 2>&1 |
				    sed "s|new$_pd-$_s|$_s|")" \
				    "$("$HOPCAT" $_m "$T/$_s.bin" 2>&1)"
			done
		done
	done
}

# The bad corpus: every file the C readers refuse raises StreamError,
# with the message of the manifest's tool (what a non-stream looks like
# included).
hp_bad() {
	_n=0
	while IFS='	' read -r _file _cmd _msg; do
		# stream/: damaged streams; kind/: the inputs that are no
		# stream at all (the others are streams of the wrong kind).
		case $_file:$_msg in
		stream/*) _n=$((_n + 1)) ;;
		kind/*"not a hop stream"*) ;;
		*) continue ;;
		esac
		_p=tests/bad/$_file
		_c=$(printf '%s' "$_cmd" | sed "s|FILE|$_p|")
		run sh -c "\"\$0\"/$_c" "$BIN"
		expect_rc "$_file: ${_cmd%% *} refuses it" 1
		# The tool's message less its name; kmeans-hops's "or huge"
		# is its own (float32) limit, beyond what the readers check.
		case $_msg in
		*"or huge"*) _w= ;;
		*) _w=$(printf '%s' "$_msg" |
		    sed "s|^${_cmd%% *}: ||; s|FILE|$_p|g") ;;
		esac
		hp_q "$_file: the module refuses it" refuse "$_p" "$_w"
	done <tests/bad/MANIFEST
	expect_eq "the stream corpus has 58 files" "$_n" 58
}

# Cuts and flipped bytes of a small frame stream and a small hop stream:
# all refused by the module (check.py), a sample of them by hopcat too.
hp_damage() {
	printf 'small\n1.0\n5 0 0\n0 6 0\n0 0 7\nLi O\n2 1\n' >"$T/small"
	for _f in 1 2 3; do
		printf 'Direct configuration= %d\n0.1 0.2 0.%d\n0.5 0.5 0.5\n0.9 0 0.25\n' \
		    $_f $_f >>"$T/small"
	done
	"$BIN/xdat2bin" --dt 1 "$T/small" >"$T/small.bin"
	printf '0 1 2 0 0 0 1 1 1\n' | "$HELPERS/mkhops" --species Li:2 \
	    --frames 5 >"$T/smallhops.bin"
	for _s in small smallhops; do
		mkdir -p "$T/dmg-$_s"
		hp_q "$_s.bin: every cut and every flipped byte raises" \
		    damage "$T/$_s.bin" "$T/dmg-$_s" 7
	done
}

hp_damage_c() {
	for _s in small smallhops; do
		_bad=0
		_all=0
		for _d in "$T/dmg-$_s"/*; do
			_all=$((_all + 1))
			"$HOPCAT" --hops "$_d" >/dev/null 2>&1
			[ $? = 1 ] || _bad=$((_bad + 1))
		done
		expect_eq "$_s.bin: hopcat refuses the $_all damaged copies too" \
		    "$_bad" 0
	done
}

hp_cli() {
	_pp=$PYMOD${PYTHONPATH:+:$PYTHONPATH}
	run env PYTHONPATH="$_pp" "$PY" -m hopstream "$T/hops.bin"
	expect_rc "python3 -m hopstream FILE: exit 0" 0
	expect_same "python3 -m hopstream FILE prints hopcat's header" \
	    "$T/out" "$T/hops.h"
	rc=0
	env PYTHONPATH="$_pp" "$PY" -m hopstream <"$T/unw.bin" >"$T/out" \
	    2>"$T/err" || rc=$?
	expect_eq "python3 -m hopstream < FILE: standard input" \
	    "$rc:$(cat "$T/out")" "0:$(cat "$T/unw.h")"
	run env PYTHONPATH="$_pp" "$PY" -m hopstream tests/bad/stream/bad-magic.hop
	expect_fail "python3 -m hopstream on a bad file: exit 1 and why" 1 \
	    "^hopstream: tests/bad/stream/bad-magic.hop: not a hop stream \(bad magic\)$"
	run env PYTHONPATH="$_pp" "$PY" -m hopstream "$T/nonexistent"
	expect_fail "python3 -m hopstream on a missing file: exit 1" 1 \
	    "^hopstream: .*nonexistent: No such file"
	run env PYTHONPATH="$_pp" "$PY" -m hopstream --bogus "$T/hops.bin"
	expect_rc "python3 -m hopstream --bogus: usage error" 2
	run env PYTHONPATH="$_pp" "$PY" -m hopstream --hops "$T/hops.bin"
	expect_eq "python3 -m hopstream --hops: a row per hop" \
	    "$(wc -l <"$T/out")" "$(wc -l <"$T/hops.tsv")"
	run env PYTHONPATH="$_pp" "$PY" -m hopstream --atom-table "$T/hops.bin"
	expect_eq "python3 -m hopstream --atom-table: a row per atom record" \
	    "$(wc -l <"$T/out")" "$(wc -l <"$T/atoms.tsv")"
	run env PYTHONPATH="$_pp" "$PY" -m hopstream --atoms "$T/hops.bin"
	expect_fail "python3 -m hopstream --atoms: hopcat's old name refused" \
	    2 "^hopstream: --atoms is now --atom-table \(--atoms=RANGE"
}

if ! PY=$(hp_python); then
	fail "a python3 with numpy" \
	    "neither python3 nor /usr/bin/python3 imports numpy (apt-get install python3-numpy)"
elif [ ! -x "$HOPCAT" ] || [ ! -x "$HELPERS/mkhops" ]; then
	fail "hopstream-py: tools built" "hopcat or mkhops missing"
else
	pass "a python3 with numpy: $PY"
	HP_MODES=0
	if env PYTHONPATH="${PYTHONPATH:-}" "$PY" -c 'import pandas' \
	    >/dev/null 2>&1; then
		HP_MODES="0 1"
	else
		skip "hopstream-py: the pandas path" "pandas does not import in $PY"
	fi
	hp_checker
	: >"$T/queue"
	if hp_run; then
		pass "hopstream-py: 40 frames of CaF2 through the pipeline"
		hp_frames
		hp_hops
		hp_roundtrip
		_whole=1
	else
		fail "hopstream-py: 40 frames of CaF2 through the pipeline" \
		    "xdat2bin, unwrap or kmeans-hops failed"
		_whole=0
	fi
	hp_bad
	hp_damage
	hp_flush
	hp_damage_c
	if [ $_whole = 1 ]; then
		hp_roundtrip_c
		hp_flush
		hp_cli
	fi
fi
