# database-html.sh - examples/database copied elsewhere, as its README
# invites, with a small tree of runs (100 frames of CaF2 at 1000 and
# 1600 K, whose D* is not resolved: no Arrhenius fit; 200 frames of the
# synthetic Li runs at 600 and 1000 K: a fit): the tools found on PATH,
# or in HOPTOOLS_BIN, or a message naming both; the Arrhenius products;
# index.html (parsed, every figure with a caption, no script, only files
# of OUT, every name escaped; a screenshot with chromium when installed).

DBDIR=$PWD/examples/database
E=$T/elsewhere

mkdir -p "$E"
cp "$DBDIR/Makefile" "$DBDIR/hoptools.mk" "$DBDIR/db.sh" "$DBDIR/README.md" "$E/"
cut_run examples/caf2-1000K "$E/runs/halide/CaF2/1000K" 100
cut_run examples/caf2-1600K "$E/runs/halide/CaF2/1600K" 100
cut_run "$DBDIR/runs/li/SYNTHETIC-toy/600K" "$E/runs/li/toy/600K" 200
cut_run "$DBDIR/runs/li/SYNTHETIC-toy/1000K" "$E/runs/li/toy/1000K" 200

# emake PATH ARGS...: make in the copy, with only PATH to find the tools
# (HOPTOOLS_BIN unset), untouched by a make check's MAKEFLAGS.
emake() {
	_p=$1
	shift
	(cd "$T" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u HOPTOOLS_BIN \
	    PATH="$_p" make -C elsewhere "$@")
}

t_tools() {
	rc=0
	emake /usr/bin:/bin -j2 >"$T/log" 2>"$T/err" || rc=$?
	expect_fail "html: no tools on PATH, no HOPTOOLS_BIN: a message naming both" 2 \
	    "Makefile:[0-9]+: \*\*\* hoptools not found: xdat2bin unwrap kmeans-hops hopcat hophist hopcorr hopdesc msd not on PATH, and HOPTOOLS_BIN is not set; put hoptools' bin/ on PATH or set HOPTOOLS_BIN=DIR\.  Stop\."
	rc=0
	emake /usr/bin:/bin HOPTOOLS_BIN="$T/nowhere" >"$T/log" 2>"$T/err" || rc=$?
	expect_fail "html: a HOPTOOLS_BIN without the tools is named" 2 \
	    "hoptools not found: xdat2bin .* not in HOPTOOLS_BIN=$T/nowhere; put hoptools' bin/ on PATH or set HOPTOOLS_BIN=DIR"
	expect_eq "html: ... nothing made" "$(LC_ALL=C ls "$E")" "Makefile
README.md
db.sh
hoptools.mk
runs"
	rc=0
	emake "$BIN:/usr/bin:/bin" -j2 >"$T/log" 2>"$T/err" || rc=$?
	expect_rc "html: the copy makes its database with the tools on PATH" 0
	[ "$rc" = 0 ] || { tail -n 20 "$T/err" >&2; return 1; }
	expect_eq "html: ... the tools PATH found" \
	    "$(grep -c "^# provenance: .*: $BIN/msd --arrhenius-table=out/summary.tsv" "$E/out/arrhenius-toy.tsv")" 1
	rc=0
	emake /usr/bin:/bin -q HOPTOOLS_BIN="$BIN" >"$T/log" 2>"$T/err" || rc=$?
	expect_rc "html: HOPTOOLS_BIN alone finds them too (up to date)" 0
}

t_arrhenius() {
	O=$E/out
	if grep -q '^# Ea_eV=' "$O/arrhenius-toy.tsv" &&
	    xmllint --noout "$O/arrhenius-toy.svg" 2>/dev/null; then
		pass "html: the toy's Arrhenius fit and figure"
	else fail "html: the toy's Arrhenius fit and figure" \
	    "$(head -c 300 "$O/arrhenius-toy.tsv")"; fi
	ea=$(sed -n 's/^# Ea_eV=\([^ ]*\) dEa_eV=\([^ ]*\) .*/\1 \2/p' "$O/arrhenius-toy.tsv")
	if awk -v e="${ea% *}" -v d="${ea#* }" 'BEGIN { exit !(e > 0.05 && e < 0.5 && d > 0) }'
	then pass "html: ... Ea with its uncertainty, about the toy's 0.2 eV"
	else fail "html: ... Ea with its uncertainty, about the toy's 0.2 eV" "$ea"; fi
	expect_eq "html: ... D* and sigma at 300 K with their intervals" \
	    "$(grep -c '^# Ea_eV=.* D_300K_cm2_s=[0-9].* D_300K_lo=[0-9].* D_300K_hi=[0-9].* sigma_300K_S_cm=[0-9].* sigma_300K_lo=.* sigma_300K_hi=' "$O/arrhenius-toy.tsv")" 1
	expect_eq "html: ... the figure's provenance" \
	    "$(grep -c "^provenance: msd (hoptools) 0.1.0: $BIN/msd --arrhenius-table" "$O/arrhenius-toy.svg")" 1
	if grep -q '^# no fit: fewer than two temperatures' "$O/arrhenius-CaF2.tsv" &&
	    grep -q '^# msd: .*upper bounds: ' "$O/arrhenius-CaF2.tsv" &&
	    [ ! -e "$O/arrhenius-CaF2.svg" ]; then
		pass "html: CaF2 unresolved: the product says why, no figure"
	else fail "html: CaF2 unresolved: the product says why, no figure" \
	    "$(head -c 300 "$O/arrhenius-CaF2.tsv")"; fi
}

# check_html OUT: index.html parsed by python3's html.parser; prints the
# problems, one a line, then "figures N" and the figures' paths.
check_html() {
	python3 - "$1" <<'EOF'
import os, sys
from html.parser import HTMLParser
out = sys.argv[1]
class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems, self.imgs, self.stack = [], [], []
        self.fig = None; self.rows = 0; self.cells = set()
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ('script', 'iframe', 'object', 'embed', 'link'):
            self.problems.append('a <%s> element' % tag)
        for k, v in attrs:
            if k.startswith('on'):
                self.problems.append('an %s attribute' % k)
        for k in ('src', 'href'):
            if k in a:
                v = a[k]
                if '://' in v or v.startswith('/') or v.startswith('data:'):
                    self.problems.append('%s=%s is not a file of OUT' % (k, v))
                elif not os.path.isfile(os.path.join(out, v)):
                    self.problems.append('%s=%s: no such file in OUT' % (k, v))
        if tag == 'figure':
            self.fig = {'img': None, 'caption': ''}
        if tag == 'img':
            if self.fig is None:
                self.problems.append('img %s outside a figure' % a.get('src'))
            else:
                self.fig['img'] = a.get('src')
        if tag == 'tr':
            self.rows += 1
        self.stack.append(tag)
    def handle_endtag(self, tag):
        if tag == 'figure' and self.fig is not None:
            if not self.fig['caption'].strip():
                self.problems.append('figure %s without a caption' % self.fig['img'])
            self.imgs.append(self.fig['img'])
            self.fig = None
        while self.stack and self.stack.pop() != tag:
            pass
    def handle_data(self, d):
        if self.fig is not None and 'figcaption' in self.stack:
            self.fig['caption'] += d
        if self.stack and self.stack[-1] == 'td':
            self.cells.add(d)
p = P()
p.feed(open(os.path.join(out, 'index.html'), encoding='utf-8').read())
p.close()
for x in p.problems:
    print(x)
print('rows', p.rows)
print('figures', len(p.imgs))
for i in p.imgs:
    print('img', i)
for c in sorted(p.cells):
    print('cell', c)
EOF
}

t_html() {
	O=$E/out
	check_html "$O" >"$T/html" 2>&1
	expect_eq "html: index.html parses, no script, links only files of OUT, a caption per figure" \
	    "$(grep -v -e '^rows ' -e '^figures ' -e '^img ' -e '^cell ' "$T/html")" ""
	expect_eq "html: the summary table: a header and a row per run" \
	    "$(grep '^rows ' "$T/html")" "rows 5"
	# Every figure of OUT, and no other.
	expect_eq "html: every figure of OUT is shown" \
	    "$(sed -n 's/^img //p' "$T/html" | LC_ALL=C sort | tr '\n' ' ')" \
	    "$(cd "$O" && find . -name '*.svg' | sed 's|^\./||' | LC_ALL=C sort | tr '\n' ' ')"
	expect_eq "html: ... 10 of them" "$(sed -n 's/^figures //p' "$T/html")" 10
	bad=
	for f in $(sed -n 's/^img //p' "$T/html"); do
		rsvg-convert "$O/$f" >"$T/fig.png" 2>"$T/err" &&
		    [ "$(wc -c <"$T/fig.png")" -gt 5000 ] || bad="$bad $f"
	done
	expect_eq "html: every figure renders (rsvg-convert)" "$bad" ""
	# The geometry each figure records: no text on text or data.
	bad=
	for f in $(sed -n 's/^img //p' "$T/html"); do
		/usr/bin/python3 tests/helpers/figgeom.py "$O/$f" \
		    >"$T/geom" 2>"$T/geom.err" &&
		    grep -q ' clashes 0$' "$T/geom" || bad="$bad $f"
	done
	expect_eq "html: no figure puts text on text or data" "$bad" ""
	if grep -q 'E<sub>a</sub> = [0-9.]* &plusmn; [0-9.e-]* eV; D\*(300 K) = ' "$O/index.html" &&
	    grep -q '<b>CaF2</b>: no Arrhenius fit, so no figure' "$O/index.html"
	then pass "html: the Arrhenius captions: the fit, or why there is none"
	else fail "html: the Arrhenius captions: the fit, or why there is none" \
	    "$(grep -i arrhenius "$O/index.html" | head -c 300)"; fi
	t_chromium "$O"
}

# t_chromium OUT: a screenshot of index.html, and one of the same page
# with every figure blank (an SVG of the same size holding nothing, so
# the layout is the same): the figures loaded when the first PNG is much
# larger (a drawn figure is detail that compresses less than white).
t_chromium() {
	if ! command -v chromium >/dev/null 2>&1; then
		skip "html: a screenshot in a headless browser" \
		    "chromium not on PATH (apt-get install chromium)"
		return
	fi
	for f in $(sed -n 's/^img //p' "$T/html"); do
		mkdir -p "$(dirname "$1/blank/$f")"
		awk '{ s = s $0 " " } END { i = index(s, "<svg"); s = substr(s, i)
			print substr(s, 1, index(s, ">")) "</svg>" }' "$1/$f" >"$1/blank/$f"
	done
	sed 's/<img src="\([^"]*\)"/<img src="blank\/\1"/' "$1/index.html" \
	    >"$1/noimg.html"
	for p in index noimg; do
		rm -f "$T/$p.png"
		timeout 120 chromium --headless --no-sandbox --disable-gpu \
		    --disable-background-networking --disable-component-update \
		    --disable-sync --no-first-run --user-data-dir="$(mktemp -d "$T/chr.XXXXXX")" \
		    --screenshot="$T/$p.png" --window-size=1200,2000 \
		    "file://$1/$p.html" >"$T/chr.log" 2>&1 || true
	done
	rm -rf "$1/noimg.html" "$1/blank"
	a=$(wc -c <"$T/index.png" 2>/dev/null || echo 0)
	b=$(wc -c <"$T/noimg.png" 2>/dev/null || echo 0)
	if [ "$(head -c 8 "$T/index.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] &&
	    [ "$a" -gt 50000 ]; then
		pass "html: chromium's screenshot is a PNG of some size ($a bytes)"
	else fail "html: chromium's screenshot is a PNG of some size" \
	    "$a bytes; $(tail -n 3 "$T/chr.log")"; fi
	if [ "$a" -gt $((b + b / 5)) ]; then
		pass "html: the figures loaded ($a bytes against $b without them)"
	else fail "html: the figures loaded" "$a bytes against $b without them"; fi
	# Keep it for a look: HOPTOOLS_SHOT=FILE.
	[ -z "${HOPTOOLS_SHOT:-}" ] || cp "$T/index.png" "$HOPTOOLS_SHOT"
}

# db.sh index escapes every name for HTML: a material and a run folder
# (the Makefile passes none such, but db.sh is a helper of its own) and
# msd's message.
t_escape() {
	F=$T/fake
	m="m<script>x&\"'"
	mkdir -p "$F/f/$m/1000K"
	cp "$E/out/li/toy/1000K/msd.svg" "$F/f/$m/1000K/msd.svg"
	{
		sh "$E/db.sh" header
		printf 'f\t%s\t1000\tLi\t24\t100\t10\t1\tnan\tnan\tnan\tnan\t1e-5\t1e-6\tnan\tnan\tnan\tnan\tnan\tnan\tnan\tok\t%s\n' \
		    "$m" "$F/f/$m/1000K"
	} >"$F/summary.tsv"
	printf '# no fit: <b>x</b>\n# msd: it said <i>&</i>\n' >"$F/arrhenius-$m.tsv"
	run sh "$E/db.sh" index "$F" adaptive "f/$m/1000K"
	expect_rc "html: db.sh index with < & \" ' in names" 0
	cp "$T/out" "$F/index.html"
	check_html "$F" >"$T/html" 2>&1
	expect_eq "html: ... parses, no script, the figure is found" \
	    "$(grep -v -e '^rows ' -e '^cell ' "$T/html")" "figures 1
img f/$m/1000K/msd.svg"
	expect_eq "html: ... the name reads back as it is" \
	    "$(grep -c "^cell $m\$" "$T/html")" 1
	expect_eq "html: ... no tag from a name or a message" \
	    "$(grep -c -e '<script>' -e '<i>' -e '<b>x' "$F/index.html")" 0
}

# A run whose XDATCAR.gz is a link to nothing (the bundled runs copied
# with cp -r) is named and skipped.
t_link() {
	mkdir -p "$E/runs/li/toy/800K"
	ln -s ../../../../nowhere/XDATCAR.gz "$E/runs/li/toy/800K/XDATCAR.gz"
	rc=0
	emake "$BIN:/usr/bin:/bin" -q >"$T/log" 2>"$T/err" || rc=$?
	expect_rc "html: a run linked to nothing: skipped, the rest up to date" 0
	expect_err "html: ... and named" \
	    "^db\.sh: \./runs/li/toy/800K/XDATCAR\.gz: a link to nothing, run skipped \(copy with cp -rL\)\$"
	rm -rf "$E/runs/li/toy/800K"
}

if t_tools; then
	t_arrhenius
	t_html
	t_escape
	t_link
fi
