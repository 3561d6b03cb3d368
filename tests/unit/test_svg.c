/*
 * test_svg.c - the SVG module: a scatter plot with a colour and a marker
 * per cluster (as kmeans-hops --svg-atom needs), lines, histograms,
 * violins, log axes, error bars and upper-limit markers, and text
 * escaping; the file written atomically.  The layout, through the
 * geometry record: a legend that would cover data in the top right goes
 * elsewhere, log ticks read 10ⁿ, small linear ones m×10ⁿ, and no text
 * box overlaps another or a data mark in a crowded figure.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "svg.h"
#include "t.h"

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* The horizontal strokes ('h') in the d attribute of the element at el. */
static size_t
caps(const char *el)
{
	const char *d = el != NULL ? strstr(el, "d=\"") : NULL;
	size_t n = 0;

	if (d == NULL)
		return 0;
	for (d += 3; *d != '\0' && *d != '"'; d++)
		n += *d == 'h';
	return n;
}

/* Superscripts and signs in UTF-8. */
#define SUP_M "\xe2\x81\xbb"
#define SUP1 "\xc2\xb9"
#define SUP3 "\xc2\xb3"
#define TIMES "\xc3\x97"

static char *
render(struct hop_svg *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	if (hop_svg_print(s, fp) != 0) {
		fclose(fp);
		free(buf);
		return NULL;
	}
	fclose(fp);
	return buf;
}

static int
overlap(const struct hop_svg_box *a, const struct hop_svg_box *b)
{
	return a->x0 < b->x1 - 0.5 && b->x0 < a->x1 - 0.5 &&
	    a->y0 < b->y1 - 0.5 && b->y0 < a->y1 - 0.5;
}

/* The boxes of s's last print (freed by the caller); *n their count. */
static struct hop_svg_box *
boxes(const struct hop_svg *s, size_t *n)
{
	struct hop_svg_box *b;

	*n = hop_svg_boxes(s, NULL, 0);
	b = malloc((*n ? *n : 1) * sizeof(*b));
	if (b != NULL)
		hop_svg_boxes(s, b, *n);
	else
		*n = 0;
	return b;
}

/*
 * The overlapping pairs of s's last print: text with text, a legend
 * with a legend or with text other than its own entries, text or a
 * legend with a data mark; and text or a legend reaching out of the W x
 * H figure.  The first few are printed.
 */
static size_t
clashes(const struct hop_svg *s, double W, double H)
{
	size_t n, i, j, bad = 0;
	struct hop_svg_box *b = boxes(s, &n);

	for (i = 0; i < n; i++)
		if ((hop_svg_box_is_text(b[i].kind) ||
		    b[i].kind == HOP_BOX_LEGEND) && (b[i].x0 < 0 ||
		    b[i].y0 < 0 || b[i].x1 > W || b[i].y1 > H) && bad++ < 5)
			printf("# outside: %s %d [%.1f %.1f %.1f %.1f]\n",
			    hop_svg_box_name(b[i].kind), b[i].panel, b[i].x0,
			    b[i].y0, b[i].x1, b[i].y1);
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++) {
			const struct hop_svg_box *u = &b[i], *v = &b[j];
			int ut = hop_svg_box_is_text(u->kind);
			int vt = hop_svg_box_is_text(v->kind);
			int ul = u->kind == HOP_BOX_LEGEND;
			int vl = v->kind == HOP_BOX_LEGEND;
			int c = 0;

			if (i == j || !overlap(u, v))
				continue;
			if (j > i && ((ut && vt) || (ul && vl)))
				c = 1;
			else if (ul && vt && !(v->kind == HOP_BOX_ENTRY &&
			    v->panel == u->panel))
				c = 1;
			else if ((ut || ul) && hop_svg_box_is_mark(v->kind))
				c = 1;
			if (c && bad++ < 5)
				printf("# clash: %s %d [%.1f %.1f %.1f %.1f] and "
				    "%s %d [%.1f %.1f %.1f %.1f]\n",
				    hop_svg_box_name(u->kind), u->panel, u->x0,
				    u->y0, u->x1, u->y1,
				    hop_svg_box_name(v->kind), v->panel, v->x0,
				    v->y0, v->x1, v->y1);
		}
	free(b);
	return bad;
}

/* The first box of kind k in panel 0. */
static int
find_box(const struct hop_svg *s, enum hop_svg_box_kind k,
    struct hop_svg_box *out)
{
	size_t n, i;
	struct hop_svg_box *b = boxes(s, &n);
	int found = 0;

	for (i = 0; i < n && !found; i++)
		if (b[i].kind == k && b[i].panel == 0) {
			*out = b[i];
			found = 1;
		}
	free(b);
	return found;
}

/* A legend whose top-right spot would cover data goes to a free corner;
 * with data everywhere, outside the plot on the right. */
static void
t_legend(void)
{
	struct hop_svg_style a = {0, HOP_MARK_CIRCLE, 3, 0, 0, 0};
	struct hop_svg_style b = {1, HOP_MARK_SQUARE, 3, 0, 0, 0};
	struct hop_svg_box lg, pl;
	double x[400], y[400], zero = 0;
	struct hop_svg *s;
	struct hop_svg_panel *p;
	char *out;
	int i;

	s = hop_svg_new(1, 1, 400, 300, NULL);
	p = hop_svg_panel(s, 0, 0);
	for (i = 0; i < 100; i++) {
		x[i] = 5 + 0.5 * (i % 10);
		y[i] = 5 + 0.5 * (i / 10);
	}
	hop_svg_points(p, x, y, 100, &a, "top right");
	hop_svg_points(p, &zero, &zero, 1, &b, "origin");
	out = render(s);
	T_OK("legend: rendered", out != NULL);
	free(out);
	T_OK("legend: placed", find_box(s, HOP_BOX_LEGEND, &lg) &&
	    find_box(s, HOP_BOX_PLOT, &pl));
	T_OK("legend: not in the crowded top right",
	    (lg.x0 + lg.x1) / 2 < (pl.x0 + pl.x1) / 2 ||
	    (lg.y0 + lg.y1) / 2 > (pl.y0 + pl.y1) / 2);
	T_OK("legend: inside the plot area", lg.x0 >= pl.x0 &&
	    lg.x1 <= pl.x1 && lg.y0 >= pl.y0 && lg.y1 <= pl.y1);
	T_EQ_U("legend: covers no mark, overlaps no text",
	    clashes(s, 400, 300), 0);
	hop_svg_free(s);

	s = hop_svg_new(1, 1, 400, 300, NULL);
	p = hop_svg_panel(s, 0, 0);
	for (i = 0; i < 400; i++) {
		x[i] = i % 20;
		y[i] = i / 20;
	}
	hop_svg_points(p, x, y, 400, &a, "everywhere");
	out = render(s);
	free(out);
	T_OK("legend: data everywhere, outside on the right",
	    find_box(s, HOP_BOX_LEGEND, &lg) &&
	    find_box(s, HOP_BOX_PLOT, &pl) && lg.x0 > pl.x1 &&
	    lg.x1 <= 400);
	T_EQ_U("legend: outside, no overlap", clashes(s, 400, 300), 0);
	hop_svg_free(s);
}

/* Tick labels: a log axis 1e-9 to 1e-4 reads 10⁻⁹ ... 10⁻⁴; a linear
 * one from 0 to 6e-5 reads 0, 1×10⁻⁵ ... 6×10⁻⁵. */
static void
t_ticks(void)
{
	static const char *const sup[6] = {
		"\xe2\x81\xb9", "\xe2\x81\xb8", "\xe2\x81\xb7", "\xe2\x81\xb6",
		"\xe2\x81\xb5", "\xe2\x81\xb4"
	};
	struct hop_svg_style a = {0, HOP_MARK_CIRCLE, 3, 0, 0, 0};
	double x[2] = {0, 1}, ylog[2] = {1e-9, 1e-4}, ylin[2] = {0, 6e-5};
	struct hop_svg *s;
	struct hop_svg_panel *p;
	char *out, want[64];
	int k, all = 1;

	s = hop_svg_new(1, 1, 400, 300, NULL);
	p = hop_svg_panel(s, 0, 0);
	hop_svg_log_y(p, 1);
	hop_svg_points(p, x, ylog, 2, &a, NULL);
	out = render(s);
	T_OK("ticks: log rendered", out != NULL);
	if (out == NULL)
		return;
	for (k = 0; k < 6; k++) {
		snprintf(want, sizeof(want), ">10" SUP_M "%s<", sup[k]);
		all &= strstr(out, want) != NULL;
	}
	T_OK("ticks: log axis labelled 10^-9 ... 10^-4", all);
	T_OK("ticks: no e-notation", strstr(out, "e-0") == NULL);
	free(out);
	hop_svg_free(s);

	s = hop_svg_new(1, 1, 400, 300, NULL);
	p = hop_svg_panel(s, 0, 0);
	hop_svg_points(p, x, ylin, 2, &a, NULL);
	out = render(s);
	T_OK("ticks: linear rendered", out != NULL);
	if (out == NULL)
		return;
	all = strstr(out, ">0<") != NULL;
	for (k = 1; k <= 6; k++) {
		snprintf(want, sizeof(want), ">%d" TIMES "10" SUP_M "%s<", k,
		    sup[4]);
		all &= strstr(out, want) != NULL;
	}
	T_OK("ticks: 0 to 6e-5 labelled 0, 1x10^-5 ... 6x10^-5", all);
	T_OK("ticks: no long decimals", strstr(out, ">0.0000") == NULL);
	free(out);
	hop_svg_free(s);
}

/* A crowded figure: long titles and labels, five series a panel, data
 * everywhere, a log axis, small numbers and long category names: no
 * text box overlaps another or a data mark, the metadata holds them. */
static void
t_crowded(void)
{
	static const enum hop_marker mk[5] = {HOP_MARK_CIRCLE,
	    HOP_MARK_SQUARE, HOP_MARK_TRIANGLE, HOP_MARK_DIAMOND,
	    HOP_MARK_CROSS};
	const char *names[3] = {"Halide-based (131)", "SYNTHETIC-toy (176)",
	    "All (307)"};
	struct hop_svg *s = hop_svg_new(2, 2, 360, 240, "A crowded figure "
	    "whose title is long enough to need the whole width of two "
	    "panels and more");
	double x[40], y[40], vy[3] = {0, 1, 2}, vd[3] = {0.2, 1, 0.2};
	char *out, leg[32];
	int q, k, i;

	for (q = 0; q < 3; q++) {
		struct hop_svg_panel *p = hop_svg_panel(s, q / 2, q % 2);

		hop_svg_labels(p, "a fairly long panel title that needs room "
		    "to breathe", "\xce\x94t (ps)",
		    "D* (cm\xc2\xb2 s\xe2\x81\xbb\xc2\xb9)");
		hop_svg_log_y(p, q == 1);
		for (k = 0; k < 5; k++) {
			struct hop_svg_style st = {k, mk[k], 3, 0, 0, 0};

			for (i = 0; i < 40; i++) {
				x[i] = i + 0.2 * k;
				y[i] = (q == 1 ? 1e-9 * pow(10, 6.0 *
				    ((i * 7 + k * 3) % 40) / 40) : q == 2 ?
				    6e-5 * ((i * 11 + k * 5) % 40) / 40 :
				    -3 + ((i * 13 + k * 7) % 40) / 4.0);
			}
			snprintf(leg, sizeof(leg), "series %d", k);
			hop_svg_points(p, x, y, 40, &st, leg);
			if (k == 0)
				hop_svg_line(p, x, y, 40, &st, NULL);
		}
	}
	{
		struct hop_svg_panel *p = hop_svg_panel(s, 1, 1);
		struct hop_svg_style st = {0, HOP_MARK_CIRCLE, 3, 0, 0, 0};

		hop_svg_labels(p, "hop length (\xc3\x85)", NULL,
		    "length (\xc3\x85)");
		for (k = 0; k < 3; k++)
			hop_svg_violin(p, k, 0.4, vy, vd, 3, 1, &st);
		hop_svg_categories(p, names, 3);
	}
	out = render(s);
	T_OK("crowded: rendered", out != NULL);
	T_EQ_U("crowded: no text box overlaps another or a data mark",
	    clashes(s, 720, 510), 0);
	T_EQ_U("crowded: the geometry in the SVG's metadata",
	    out != NULL ? count(out, "<metadata id=\"hop-geometry\">") : 0,
	    1);
	T_EQ_U("crowded: every box in it", out != NULL ?
	    count(out, "],[") + 1 : 0, hop_svg_boxes(s, NULL, 0));
	free(out);
	hop_svg_free(s);
}

/* One scale (a map): points at (0, 0), (10, 0) and (0, 2) in a wide and
 * a tall figure lie as far apart in px per unit along x as along y, with
 * a legend and long tick labels (-1000 to 1000 along y in the tall one),
 * and nothing overlaps; without it, the units differ. */
static void
t_equal(void)
{
	static const double W[3] = {640, 300, 640}, H[3] = {300, 600, 300};
	struct hop_svg_style a = {0, HOP_MARK_CIRCLE, 3, 0, 0, 0};
	int c;

	for (c = 0; c < 3; c++) {
		double x[3] = {0, 10, 0}, y[3] = {0, 0, 2};
		struct hop_svg *s = hop_svg_new(1, 1, W[c], H[c], NULL);
		struct hop_svg_panel *p = hop_svg_panel(s, 0, 0);
		struct hop_svg_box *b;
		double px[3], py[3], ux, uy;
		size_t n, i, k = 0;
		char *out, what[96];

		if (c == 1) {
			y[2] = 1000;
			x[1] = 1000;
			y[0] = -1000;
		}
		hop_svg_labels(p, NULL, "x (\xc3\x85)", "y (\xc3\x85)");
		hop_svg_equal_scale(p, c < 2);
		hop_svg_points(p, x, y, 3, &a, "sites");
		out = render(s);
		free(out);
		b = boxes(s, &n);
		for (i = 0; i < n && k < 3; i++)
			if (b[i].kind == HOP_BOX_POINT) {
				px[k] = (b[i].x0 + b[i].x1) / 2;
				py[k] = (b[i].y0 + b[i].y1) / 2;
				k++;
			}
		free(b);
		ux = k == 3 ? fabs(px[1] - px[0]) / fabs(x[1] - x[0]) : NAN;
		uy = k == 3 ? fabs(py[2] - py[0]) / fabs(y[2] - y[0]) : NAN;
		snprintf(what, sizeof(what), "equal scale, %gx%g: %.4g px per "
		    "unit along x, %.4g along y", W[c], H[c], ux, uy);
		if (c < 2)
			T_OK(what, fabs(ux / uy - 1) < 0.01);
		else
			T_OK(what, fabs(ux / uy - 1) > 0.5);
		snprintf(what, sizeof(what), "equal scale, %gx%g: no overlap",
		    W[c], H[c]);
		T_EQ_U(what, clashes(s, W[c], H[c]), 0);
		hop_svg_free(s);
	}
}


/* A legend with no clear spot inside the plot (a 20 x 20 grid of points
 * fills it) over figures from 300 x 240 to 640 x 600 px, ranges from 0.9
 * to 999 units at several offsets, one scale or not: it goes beside the
 * plot, or above it when beside would halve the plot, and no text or
 * legend box overlaps another, a mark or the figure's edge. */
static void
t_legend_outside(void)
{
	static const double W[] = {300, 360, 420, 480, 560, 640};
	static const double H[] = {240, 300, 400, 500, 600};
	static const double R[] = {9, 9.5, 99, 0.9, 999, 4.9};
	static const double YO[] = {0, -3, 5, 95, -0.5};
	static const double YS[] = {1, 0.5, 0.3, 0.2, 0.4, 0.25};
	struct hop_svg_style a = {0, HOP_MARK_CIRCLE, 3, 0, 0, 0};
	size_t iw, ih, ir, i, bad = 0, tot = 0, above = 0;
	int eq;

	for (eq = 0; eq < 2; eq++)
	for (iw = 0; iw < 6; iw++)
	for (ih = 0; ih < 5; ih++)
	for (ir = 0; ir < 6; ir++) {
		double x[400], y[400];
		struct hop_svg *s = hop_svg_new(1, 1, W[iw], H[ih], NULL);
		struct hop_svg_panel *p = hop_svg_panel(s, 0, 0);
		struct hop_svg_box leg, fr;
		char *out;

		for (i = 0; i < 400; i++) {
			x[i] = R[ir] * (double)(i / 20) / 19;
			y[i] = YO[ih] + YS[iw] * R[ir] * (double)(i % 20) / 19;
		}
		hop_svg_labels(p, NULL, "x (\xc3\x85)", "y (\xc3\x85)");
		hop_svg_equal_scale(p, eq);
		hop_svg_points(p, x, y, 400, &a, "sites of the species, sized");
		out = render(s);
		bad += out == NULL;
		free(out);
		if (clashes(s, W[iw], H[ih]) > 0) {
			bad++;
			printf("# %s %g x %g, range %g: clashes\n",
			    eq ? "one scale" : "free", W[iw], H[ih], R[ir]);
		}
		if (find_box(s, HOP_BOX_LEGEND, &leg) &&
		    find_box(s, HOP_BOX_PLOT, &fr) && leg.y1 <= fr.y0)
			above++;
		tot++;
		hop_svg_free(s);
	}
	T_EQ_U("legend outside: every figure rendered, none with a clash",
	    bad, 0);
	T_OK("legend outside: some legends above the plot (small figures)",
	    above > 0 && above < tot);
}

/* A panel with a note and nothing drawn: its frame, labels and note,
 * no tick (no range to show), the note inside the frame; a note too
 * long for the frame is broken into lines, one under another. */
static void
t_note(void)
{
	static const char *const text[2] = {"no hop in this run",
	    "no hop in this run, so nothing at all can be drawn here, not "
	    "even the axes' ranges, which would only be made up"};
	int c;

	for (c = 0; c < 2; c++) {
		struct hop_svg *s = hop_svg_new(1, 1, 320, 240, NULL);
		struct hop_svg_panel *p = hop_svg_panel(s, 0, 0);
		struct hop_svg_box *b, plot = {0}, note = {0};
		size_t n, i, ticks = 0, notes = 0, inside = 0;
		double last = 0;
		int below = 1;
		char *out, what[96];

		hop_svg_labels(p, "Hops", "N", "P(N)");
		hop_svg_note(p, text[c]);
		out = render(s);
		T_OK("note: its text is written", out != NULL &&
		    strstr(out, ">no hop in this run") != NULL);
		free(out);
		b = boxes(s, &n);
		for (i = 0; i < n; i++) {
			ticks += b[i].kind == HOP_BOX_TICK;
			if (b[i].kind == HOP_BOX_PLOT)
				plot = b[i];
		}
		for (i = 0; i < n; i++)
			if (b[i].kind == HOP_BOX_NOTE) {
				note = b[i];
				notes++;
				below &= note.y0 >= last;
				last = note.y1;
				inside += note.x0 >= plot.x0 &&
				    note.x1 <= plot.x1 &&
				    note.y0 >= plot.y0 && note.y1 <= plot.y1;
			}
		free(b);
		snprintf(what, sizeof(what), "note %d: %zu lines, no tick", c,
		    notes);
		T_OK(what, (c == 0 ? notes == 1 : notes >= 2) && ticks == 0);
		snprintf(what, sizeof(what), "note %d: within the frame, one "
		    "line under another", c);
		T_OK(what, inside == notes && below);
		T_OK("note: hop_svg_box_is_text", hop_svg_box_is_text(
		    HOP_BOX_NOTE) && strcmp(hop_svg_box_name(HOP_BOX_NOTE),
		    "note") == 0);
		hop_svg_free(s);
	}
	/* With categories: their names stay, no other tick. */
	{
		static const char *const cat[3] = {"one", "two", "three"};
		struct hop_svg *s = hop_svg_new(1, 1, 320, 240, NULL);
		struct hop_svg_panel *p = hop_svg_panel(s, 0, 0);
		struct hop_svg_box *b;
		size_t n, i, ticks = 0;
		char *out;

		hop_svg_categories(p, cat, 3);
		hop_svg_labels(p, "Groups", NULL, "count");
		hop_svg_note(p, "no hop in this run");
		out = render(s);
		T_OK("note: the categories named", out != NULL &&
		    strstr(out, ">three<") != NULL);
		free(out);
		b = boxes(s, &n);
		for (i = 0; i < n; i++)
			ticks += b[i].kind == HOP_BOX_TICK;
		free(b);
		T_EQ_U("note: three ticks, the categories'", ticks, 3);
		hop_svg_free(s);
	}
}

int
main(void)
{
	struct hop_svg *s = hop_svg_new(1, 2, 400, 300, "a & <b>");
	struct hop_svg_panel *p = hop_svg_panel(s, 0, 0), *q;
	struct hop_svg_style st[3] = {
		{0, HOP_MARK_CIRCLE, 2, 0, 0, 0.5},
		{1, HOP_MARK_TRIANGLE, 2, 0, 0, 0.5},
		{2, HOP_MARK_SQUARE, 2, 0, 0, 0.5}
	};
	struct hop_svg_style centre = {-1, HOP_MARK_CROSS, 6, 0, 0, 0};
	double x[30], y[30], cx[3], cy[3], e[4] = {0, 1, 2, 3}, h[3] = {1, 3, 2};
	double ly[4] = {1e-3, 0, 0.1, 10}, lx[4] = {1, 2, 3, 4};
	char *out, path[] = "/tmp/svgtest.XXXXXX", file[64];
	int k, i, fd;

	T_OK("figure made", s != NULL && p != NULL);
	T_OK("panel outside the grid", hop_svg_panel(s, 1, 0) == NULL);
	hop_svg_labels(p, "clusters", "x (\xc3\x85)", "y");
	for (k = 0; k < 3; k++) {
		for (i = 0; i < 10; i++) {
			x[i] = k * 3 + 0.1 * i;
			y[i] = k + 0.05 * i;
		}
		cx[k] = k * 3 + 0.45;
		cy[k] = k + 0.225;
		hop_svg_points(p, x, y, 10, &st[k], k == 0 ? "site 0" :
		    k == 1 ? "site 1" : "site 2");
	}
	hop_svg_points(p, cx, cy, 3, &centre, "centres");
	q = hop_svg_panel(s, 0, 1);
	hop_svg_log_y(q, 1);
	hop_svg_points(q, lx, ly, 4, &st[0], "p < q");
	hop_svg_line(q, lx, ly, 4, &st[1], NULL);
	hop_svg_hist(q, e, h, 3, &st[2], "hist");
	out = render(s);
	T_OK("rendered", out != NULL);
	if (out == NULL)
		return t_done();
	T_OK("an XML declaration and one svg element",
	    strncmp(out, "<?xml", 5) == 0 && count(out, "<svg ") == 1 &&
	    count(out, "</svg>") == 1);
	/* 30 cluster points + 3 centres + 3 of the 4 log points (0 left
	 * out). */
	T_EQ_U("one class=pt per point shown", count(out, "class=\"pt\""), 36);
	T_EQ_U("legend markers apart", count(out, "class=\"legend\""), 5);
	T_EQ_U("triangles for cluster 1", count(out, "<path class=\"pt\" d="),
	    10 + 3);
	T_OK("text escaped", strstr(out, "a &amp; &lt;b&gt;") != NULL &&
	    strstr(out, "p &lt; q") != NULL);
	T_OK("log axis decades", strstr(out, ">10" SUP_M SUP3 "<") != NULL &&
	    strstr(out, ">10" SUP1 "<") != NULL);
	T_OK("UTF-8 kept", strstr(out, "x (\xc3\x85)") != NULL);
	free(out);
	/* Atomic writing: the file appears complete, no temporary left. */
	fd = mkstemp(path);
	close(fd);
	unlink(path);
	snprintf(file, sizeof(file), "%s.svg", path);
	{
		struct hop_err err;

		T_OK("written", hop_svg_write(s, file, &err) == 0);
		T_OK("file there", access(file, R_OK) == 0);
		T_OK("unwritable directory refused",
		    hop_svg_write(s, "/nonexistent/x.svg", &err) == -1 &&
		    strstr(err.msg, "/nonexistent/x.svg") != NULL);
	}
	unlink(file);
	hop_svg_free(s);
	/* A violin: its outline and a median line. */
	s = hop_svg_new(1, 1, 300, 300, NULL);
	p = hop_svg_panel(s, 0, 0);
	{
		const char *names[2] = {"Li-based", "All"};
		double vy[3] = {0, 1, 2}, vd[3] = {0.1, 1, 0.1};

		hop_svg_categories(p, names, 2);
		T_OK("violin", hop_svg_violin(p, 1, 0.4, vy, vd, 3, 1,
		    &st[0]) == 0);
	}
	out = render(s);
	T_OK("violin: categories labelled", out != NULL &&
	    strstr(out, ">Li-based<") != NULL && strstr(out, ">All<") != NULL);
	T_EQ_U("violin: outline and median", count(out, "clip-path="), 2);
	free(out);
	hop_svg_free(s);
	/* Error bars on a log axis: one whole, one reaching below zero (cut
	 * at the frame, no lower cap), one with yhi <= 0 (not drawable), one
	 * with a NaN x; upper limits and downward triangles. */
	s = hop_svg_new(1, 1, 300, 300, NULL);
	p = hop_svg_panel(s, 0, 0);
	hop_svg_log_y(p, 1);
	{
		double ex[4] = {1, 2, 3, NAN}, elo[4] = {1e-3, -1e-2, -1, 1};
		double ehi[4] = {1e-1, 3e-2, 0, 2}, my[4] = {1e-2, 1e-2, 1, 1};
		struct hop_svg_style es = {0, HOP_MARK_NONE, 4, 0, 0, 0};
		struct hop_svg_style up = {1, HOP_MARK_UPPER, 4, 0, 0, 0};
		struct hop_svg_style dn = {2, HOP_MARK_TRIANGLE_DOWN, 4, 0, 0,
		    0};
		const char *b2;

		T_OK("error bars drawn", hop_svg_errorbars(p, ex, elo, ehi, 4,
		    &es, "68 %") == 0);
		hop_svg_points(p, ex, my, 2, &up, "upper bound");
		hop_svg_points(p, ex + 2, my, 1, &dn, NULL);
		out = render(s);
		T_OK("error bars: rendered", out != NULL);
		if (out == NULL)
			return t_done();
		T_EQ_U("error bars: two of four shown",
		    count(out, "class=\"ebar\""), 2);
		/* Caps are the horizontal strokes: two on the whole bar, one
		 * on the bar cut at the bottom. */
		b2 = strstr(out, "class=\"ebar\"");
		T_EQ_U("error bars: whole bar has two caps", caps(b2), 2);
		b2 = b2 != NULL ? strstr(b2 + 1, "class=\"ebar\"") : NULL;
		T_EQ_U("error bars: cut bar has one cap", caps(b2), 1);
		T_EQ_U("error bars: an upper-limit marker per point, one in "
		    "the legend", count(out, "stroke-width=\"1.2\""), 3);
		T_EQ_U("error bars: markers", count(out, "class=\"pt\""), 3);
		T_OK("error bars: legend", strstr(out, ">68 %<") != NULL &&
		    strstr(out, ">upper bound<") != NULL);
		T_OK("error bars: log range from the positive ends",
		    strstr(out, ">10" SUP_M SUP3 "<") != NULL);
		free(out);
	}
	hop_svg_free(s);
	T_OK("bad sizes refused", hop_svg_new(0, 1, 300, 300, NULL) == NULL &&
	    hop_svg_new(1, 1, 10, 300, NULL) == NULL);
	s = hop_svg_new(1, 1, 300, 300, "old title");
	T_OK("title replaced", s != NULL &&
	    hop_svg_title(s, "new title") == 0 && (out = render(s)) != NULL);
	if (out != NULL) {
		T_OK("title replaced: the new one drawn, not the old",
		    strstr(out, ">new title<") != NULL &&
		    strstr(out, "old title") == NULL);
		free(out);
		out = NULL;
	}
	T_OK("title removed", s != NULL && hop_svg_title(s, NULL) == 0 &&
	    (out = render(s)) != NULL && strstr(out, "new title") == NULL);
	free(out);
	hop_svg_free(s);
	t_legend();
	t_ticks();
	t_crowded();
	t_equal();
	t_legend_outside();
	t_note();
	return t_done();
}
