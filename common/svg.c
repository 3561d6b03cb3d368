/*
 * svg.c - see svg.h.  Items are kept per panel until the figure is
 * written, because ranges, ticks and legends depend on everything drawn.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "outfile.h"
#include "svg.h"

/* K_EBAR keeps bar i as the points (x, ylo) and (x, yhi) at 2i, 2i + 1,
 * so the automatic range sees both ends. */
enum kind { K_POINTS, K_LINE, K_POLY, K_EBAR };

struct item {
	enum kind kind;
	struct hop_svg_style st;
	double *x, *y;
	size_t n;
	char *legend;
};

struct hop_svg_panel {
	struct hop_svg *owner; /* to remember failures */
	char *title, *xlabel, *ylabel;
	char *note;            /* hop_svg_note */
	int logy;
	int equal;             /* hop_svg_equal_scale */
	int xfixed, yfixed;
	double xlo, xhi, ylo, yhi;
	char **cats;
	size_t ncats;
	struct item *items;
	size_t nitems, cap;
};

/* A growing list of boxes (the geometry record, or scratch marks). */
struct boxes {
	struct hop_svg_box *b;
	size_t n, cap;
	int failed;
};

struct hop_svg {
	int rows, cols;
	double w, h;
	char *title;
	int failed;
	struct hop_svg_panel *panels;
	struct boxes geo; /* of the last hop_svg_print */
};

/* Okabe-Ito: distinguishable with the common colour-vision deficiencies. */
static const char *const palette[HOP_SVG_NCOLOURS] = {
	"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
	"#F0E442", "#7F7F7F"
};

/* The smallest panel margins in px (hop_svg_new's size check); the
 * layout widens them to hold tick labels, axis labels and a title. */
#define ML 64.0
#define MR 12.0
#define MT 28.0
#define MB 46.0

/* The sequential map of HOP_SVG_CMAP colours: from dark blue through
 * teal to yellow (lightness rising, readable in grey), interpolated
 * between five anchors of matplotlib's viridis. */
static const char *
cmap_of(int k)
{
	static char table[256][8];
	static const double anchor[5][3] = {
		{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98},
		{253, 231, 37}
	};
	double f = k / 255.0 * 4;
	int i = f >= 4 ? 3 : (int)f, c;
	unsigned v[3];

	if (table[k][0] == '\0') {
		for (c = 0; c < 3; c++)
			v[c] = (unsigned)(anchor[i][c] + (f - i) *
			    (anchor[i + 1][c] - anchor[i][c]) + 0.5);
		snprintf(table[k], sizeof(table[k]), "#%02X%02X%02X", v[0],
		    v[1], v[2]);
	}
	return table[k];
}

static const char *
colour_of(int c)
{
	if (c < 0)
		return "#000000";
	if (c >= HOP_SVG_CMAP && c < HOP_SVG_CMAP + 256)
		return cmap_of(c - HOP_SVG_CMAP);
	return palette[c % HOP_SVG_NCOLOURS];
}

static char *
dup_or_null(const char *s, int *failed)
{
	char *d;

	if (s == NULL)
		return NULL;
	if ((d = strdup(s)) == NULL)
		*failed = 1;
	return d;
}

struct hop_svg *
hop_svg_new(int rows, int cols, double w, double h, const char *title)
{
	struct hop_svg *s;
	size_t i;

	if (rows < 1 || cols < 1 || rows > 1000 || cols > 1000 ||
	    !(w > ML + MR + 10) || !(h > MT + MB + 10) || w > 1e5 || h > 1e5)
		return NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->rows = rows;
	s->cols = cols;
	s->w = w;
	s->h = h;
	s->panels = calloc((size_t)rows * (size_t)cols, sizeof(*s->panels));
	s->title = dup_or_null(title, &s->failed);
	if (s->panels == NULL || s->failed) {
		hop_svg_free(s);
		return NULL;
	}
	for (i = 0; i < (size_t)rows * (size_t)cols; i++)
		s->panels[i].owner = s;
	return s;
}

void
hop_svg_free(struct hop_svg *s)
{
	size_t i, j, np;

	if (s == NULL)
		return;
	np = s->panels != NULL ? (size_t)s->rows * (size_t)s->cols : 0;
	for (i = 0; i < np; i++) {
		struct hop_svg_panel *p = &s->panels[i];

		for (j = 0; j < p->nitems; j++) {
			free(p->items[j].x);
			free(p->items[j].y);
			free(p->items[j].legend);
		}
		for (j = 0; j < p->ncats; j++)
			free(p->cats[j]);
		free(p->cats);
		free(p->items);
		free(p->title);
		free(p->xlabel);
		free(p->ylabel);
		free(p->note);
	}
	free(s->panels);
	free(s->title);
	free(s->geo.b);
	free(s);
}

int
hop_svg_title(struct hop_svg *s, const char *title)
{
	int failed = 0;
	char *t = dup_or_null(title, &failed);

	if (failed) {
		s->failed = 1;
		return -1;
	}
	free(s->title);
	s->title = t;
	return 0;
}

/* Remember a failure in the figure, so hop_svg_write reports it. */
static int
noted(struct hop_svg_panel *p, int rc)
{
	if (rc != 0)
		p->owner->failed = 1;
	return rc;
}

struct hop_svg_panel *
hop_svg_panel(struct hop_svg *s, int row, int col)
{
	if (row < 0 || col < 0 || row >= s->rows || col >= s->cols)
		return NULL;
	return &s->panels[(size_t)row * (size_t)s->cols + (size_t)col];
}

int
hop_svg_labels(struct hop_svg_panel *p, const char *title,
    const char *xlabel, const char *ylabel)
{
	int failed = 0;

	free(p->title);
	free(p->xlabel);
	free(p->ylabel);
	p->title = dup_or_null(title, &failed);
	p->xlabel = dup_or_null(xlabel, &failed);
	p->ylabel = dup_or_null(ylabel, &failed);
	return noted(p, failed ? -1 : 0);
}

int
hop_svg_note(struct hop_svg_panel *p, const char *text)
{
	int failed = 0;

	free(p->note);
	p->note = dup_or_null(text, &failed);
	return noted(p, failed ? -1 : 0);
}

void
hop_svg_log_y(struct hop_svg_panel *p, int on)
{
	p->logy = on != 0;
}

void
hop_svg_equal_scale(struct hop_svg_panel *p, int on)
{
	p->equal = on != 0;
}

void
hop_svg_xlim(struct hop_svg_panel *p, double lo, double hi)
{
	p->xfixed = lo < hi;
	p->xlo = lo;
	p->xhi = hi;
}

void
hop_svg_ylim(struct hop_svg_panel *p, double lo, double hi)
{
	p->yfixed = lo < hi;
	p->ylo = lo;
	p->yhi = hi;
}

int
hop_svg_categories(struct hop_svg_panel *p, const char *const *names,
    size_t n)
{
	size_t i;
	int failed = 0;

	if (p->cats != NULL || n > 100000 ||
	    (p->cats = calloc(n ? n : 1, sizeof(char *))) == NULL)
		return noted(p, -1);
	for (i = 0; i < n; i++)
		p->cats[i] = dup_or_null(names[i], &failed);
	p->ncats = n;
	return noted(p, failed ? -1 : 0);
}

static int
add_item(struct hop_svg_panel *p, enum kind kind, const double *x,
    const double *y, size_t n, const struct hop_svg_style *st,
    const char *legend)
{
	struct item *it;
	int failed = 0;

	if (n > ((size_t)1 << 28))
		return -1;
	if (p->nitems == p->cap) {
		size_t ncap = p->cap ? 2 * p->cap : 8;
		struct item *ni = realloc(p->items, ncap * sizeof(*ni));

		if (ni == NULL)
			return -1;
		p->items = ni;
		p->cap = ncap;
	}
	it = &p->items[p->nitems];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->st = *st;
	it->n = n;
	it->x = malloc((n ? n : 1) * sizeof(double));
	it->y = malloc((n ? n : 1) * sizeof(double));
	it->legend = dup_or_null(legend, &failed);
	if (it->x == NULL || it->y == NULL || failed) {
		free(it->x);
		free(it->y);
		free(it->legend);
		return -1;
	}
	if (n > 0) {
		memcpy(it->x, x, n * sizeof(double));
		memcpy(it->y, y, n * sizeof(double));
	}
	p->nitems++;
	return 0;
}

int
hop_svg_points(struct hop_svg_panel *p, const double *x, const double *y,
    size_t n, const struct hop_svg_style *st, const char *legend)
{
	return noted(p, add_item(p, K_POINTS, x, y, n, st, legend));
}

int
hop_svg_line(struct hop_svg_panel *p, const double *x, const double *y,
    size_t n, const struct hop_svg_style *st, const char *legend)
{
	return noted(p, add_item(p, K_LINE, x, y, n, st, legend));
}

int
hop_svg_errorbars(struct hop_svg_panel *p, const double *x,
    const double *ylo, const double *yhi, size_t n,
    const struct hop_svg_style *st, const char *legend)
{
	double *bx, *by;
	size_t i;
	int rc;

	if (n > ((size_t)1 << 26))
		return noted(p, -1);
	bx = malloc((n ? 2 * n : 1) * sizeof(double));
	by = malloc((n ? 2 * n : 1) * sizeof(double));
	if (bx == NULL || by == NULL) {
		free(bx);
		free(by);
		return noted(p, -1);
	}
	for (i = 0; i < n; i++) {
		bx[2 * i] = bx[2 * i + 1] = x[i];
		by[2 * i] = ylo[i];
		by[2 * i + 1] = yhi[i];
	}
	rc = add_item(p, K_EBAR, bx, by, 2 * n, st, legend);
	free(bx);
	free(by);
	return noted(p, rc);
}

int
hop_svg_polygon(struct hop_svg_panel *p, const double *x, const double *y,
    size_t n, const struct hop_svg_style *st, const char *legend)
{
	return noted(p, add_item(p, K_POLY, x, y, n, st, legend));
}

int
hop_svg_hist(struct hop_svg_panel *p, const double *edges, const double *h,
    size_t nbins, const struct hop_svg_style *st, const char *legend)
{
	size_t i, n = 2 * nbins + 2;
	double *x, *y;
	int rc;

	if (nbins == 0 || nbins > ((size_t)1 << 26))
		return noted(p, -1);
	x = malloc(n * sizeof(double));
	y = malloc(n * sizeof(double));
	if (x == NULL || y == NULL) {
		free(x);
		free(y);
		return noted(p, -1);
	}
	/* One outline: up and down the bar edges, closed along y = 0. */
	x[0] = edges[0];
	y[0] = 0;
	for (i = 0; i < nbins; i++) {
		x[2 * i + 1] = edges[i];
		x[2 * i + 2] = edges[i + 1];
		y[2 * i + 1] = y[2 * i + 2] = h[i];
	}
	x[n - 1] = edges[nbins];
	y[n - 1] = 0;
	rc = add_item(p, K_POLY, x, y, n, st, legend);
	free(x);
	free(y);
	return noted(p, rc);
}

int
hop_svg_violin(struct hop_svg_panel *p, double xc, double halfw,
    const double *y, const double *dens, size_t n, double median,
    const struct hop_svg_style *st)
{
	struct hop_svg_style ms = *st;
	double dmax = 0, *px, *py, mx[2], my[2], dm = 0;
	size_t i;
	int rc;

	if (n == 0 || n > ((size_t)1 << 26))
		return noted(p, -1);
	for (i = 0; i < n; i++)
		if (dens[i] > dmax)
			dmax = dens[i];
	if (!(dmax > 0))
		dmax = 1;
	px = malloc(2 * n * sizeof(double));
	py = malloc(2 * n * sizeof(double));
	if (px == NULL || py == NULL) {
		free(px);
		free(py);
		return noted(p, -1);
	}
	/* Right side upwards, then the left side back down. */
	for (i = 0; i < n; i++) {
		px[i] = xc + halfw * dens[i] / dmax;
		py[i] = y[i];
		px[2 * n - 1 - i] = xc - halfw * dens[i] / dmax;
		py[2 * n - 1 - i] = y[i];
	}
	rc = add_item(p, K_POLY, px, py, 2 * n, st, NULL);
	free(px);
	free(py);
	if (rc != 0 || !isfinite(median))
		return noted(p, rc);
	/* The median line spans the violin's width at the median. */
	for (i = 0; i + 1 < n; i++)
		if (y[i] <= median && median <= y[i + 1]) {
			double f = y[i + 1] > y[i] ?
			    (median - y[i]) / (y[i + 1] - y[i]) : 0;

			dm = dens[i] + f * (dens[i + 1] - dens[i]);
			break;
		}
	mx[0] = xc - halfw * dm / dmax;
	mx[1] = xc + halfw * dm / dmax;
	my[0] = my[1] = median;
	ms.colour = -1;
	ms.width = 1.5;
	ms.dashed = 0;
	return noted(p, add_item(p, K_LINE, mx, my, 2, &ms, NULL));
}

/* --- output --- */

/* XML text: escape the five special characters, drop control bytes. */
static void
put_text(FILE *fp, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '&')
			fputs("&amp;", fp);
		else if (c == '<')
			fputs("&lt;", fp);
		else if (c == '>')
			fputs("&gt;", fp);
		else if (c == '"')
			fputs("&quot;", fp);
		else if (c == '\'')
			fputs("&apos;", fp);
		else if (c >= 0x20 || c == '\t')
			fputc(c, fp);
	}
}

/* --- the geometry record --- */

static const char *const box_names[] = {
	"plot", "title", "label", "tick", "entry", "legend", "point", "line",
	"bar", "note"
};

const char *
hop_svg_box_name(enum hop_svg_box_kind k)
{
	if ((unsigned)k >= sizeof(box_names) / sizeof(box_names[0]))
		return "?";
	return box_names[k];
}

int
hop_svg_box_is_text(enum hop_svg_box_kind k)
{
	return k == HOP_BOX_TITLE || k == HOP_BOX_LABEL || k == HOP_BOX_TICK ||
	    k == HOP_BOX_ENTRY || k == HOP_BOX_NOTE;
}

int
hop_svg_box_is_mark(enum hop_svg_box_kind k)
{
	return k == HOP_BOX_POINT || k == HOP_BOX_LINE || k == HOP_BOX_BAR;
}

size_t
hop_svg_boxes(const struct hop_svg *s, struct hop_svg_box *out, size_t max)
{
	size_t n = s->geo.n < max ? s->geo.n : max;

	if (n > 0)
		memcpy(out, s->geo.b, n * sizeof(*out));
	return s->geo.n;
}

/* Record a box (corners in any order); bx NULL records nothing.  A
 * failed allocation is remembered and fails the print. */
static void
box_add(struct boxes *bx, enum hop_svg_box_kind k, int panel, double x0,
    double y0, double x1, double y1)
{
	struct hop_svg_box *b;

	if (bx == NULL || bx->failed)
		return;
	if (bx->n == bx->cap) {
		size_t ncap = bx->cap ? 2 * bx->cap : 256;

		if (ncap > ((size_t)1 << 26) ||
		    (b = realloc(bx->b, ncap * sizeof(*b))) == NULL) {
			bx->failed = 1;
			return;
		}
		bx->b = b;
		bx->cap = ncap;
	}
	b = &bx->b[bx->n++];
	b->kind = k;
	b->panel = panel;
	b->x0 = fmin(x0, x1);
	b->x1 = fmax(x0, x1);
	b->y0 = fmin(y0, y1);
	b->y1 = fmax(y0, y1);
}

/* --- text --- */

/* DejaVu Sans advance widths of ASCII 32..126, in 1/2048 em. */
static const unsigned short adv_ascii[95] = {
	651, 821, 942, 1716, 1303, 1946, 1597, 563, 799, 799, 1024, 1716,
	651, 739, 651, 690,
	1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303,
	690, 690, 1716, 1716, 1716, 1087, 2048,
	1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 604, 604, 1343, 1141,
	1767, 1532, 1612, 1235, 1612, 1423, 1300, 1251, 1499, 1401, 2025,
	1403, 1251, 1403,
	799, 690, 799, 1716, 1024, 1024,
	1255, 1300, 1126, 1300, 1260, 721, 1300, 1298, 569, 569, 1186, 569,
	1995, 1298, 1253, 1300, 1300, 842, 1067, 803, 1298, 1212, 1675, 1212,
	1212, 1075,
	1303, 690, 1303, 1716
};

/* The advance of one non-ASCII code point, in 1/2048 em: the characters
 * the tools write (superscripts, ×, −, ±, Å, Δ, Greek), else a wide
 * guess. */
static unsigned
adv_other(unsigned long cp)
{
	if (cp == 0xB2 || cp == 0xB3 || cp == 0xB9 || cp == 0x2070 ||
	    cp == 0x2071 || (cp >= 0x2074 && cp <= 0x2079))
		return 840;
	if (cp == 0x207B || cp == 0x207A)
		return 1100;
	if (cp == 0xD7 || cp == 0x2212 || cp == 0xB1 || cp == 0x2264 ||
	    cp == 0x2265)
		return 1716;
	if (cp == 0xB7 || cp == 0xA0)
		return 651;
	if (cp == 0xB0)
		return 1024;
	if (cp >= 0x300 && cp <= 0x36F)
		return 0; /* combining marks */
	if (cp >= 0x3B1 && cp <= 0x3C9)
		return 1300;
	return 1450;
}

/*
 * The width in px of UTF-8 text s at font size px, from DejaVu Sans's
 * advance widths (bold about 14 % wider): within 2 % of what
 * rsvg-convert draws.  The other fonts of the family list differ by a
 * few per cent; layouts leave some room.
 */
static double
text_width(const char *s, double size, int bold)
{
	const unsigned char *u = (const unsigned char *)s;
	double units = 0;

	while (*u) {
		unsigned long cp;
		int more;

		if (*u < 0x80) {
			units += *u >= 32 && *u < 127 ? adv_ascii[*u - 32] : 0;
			u++;
			continue;
		}
		if ((*u & 0xE0) == 0xC0)
			cp = *u & 0x1F, more = 1;
		else if ((*u & 0xF0) == 0xE0)
			cp = *u & 0x0F, more = 2;
		else if ((*u & 0xF8) == 0xF0)
			cp = *u & 0x07, more = 3;
		else
			cp = 0xFFFD, more = 0;
		u++;
		for (; more > 0 && (*u & 0xC0) == 0x80; more--, u++)
			cp = cp << 6 | (*u & 0x3F);
		units += adv_other(cp);
	}
	return units / 2048 * size * (bold ? 1.14 : 1);
}

/* Text anchors. */
enum { A_START, A_MIDDLE, A_END };

/*
 * Write text at (x, y) (its baseline), rotated by -90 degrees about
 * (x, y) when rot, and record its box: from the ascent (0.77 em) to the
 * descent (0.24 em), as wide as text_width says.  font-weight stays the
 * last attribute.
 */
static void
emit_text(FILE *fp, struct boxes *geo, enum hop_svg_box_kind kind,
    int panel, double x, double y, int anchor, double size, int bold,
    int rot, const char *s)
{
	double w = text_width(s, size, bold);
	double a = anchor == A_START ? 0 : anchor == A_MIDDLE ? w / 2 : w;

	if (rot)
		box_add(geo, kind, panel, x - 0.77 * size, y + a - w,
		    x + 0.24 * size, y + a);
	else
		box_add(geo, kind, panel, x - a, y - 0.77 * size, x - a + w,
		    y + 0.24 * size);
	if (fp == NULL)
		return;
	fprintf(fp, "<text x=\"%.2f\" y=\"%.2f\"", x, y);
	if (anchor != A_START)
		fprintf(fp, " text-anchor=\"%s\"",
		    anchor == A_MIDDLE ? "middle" : "end");
	if (size != 12)
		fprintf(fp, " font-size=\"%g\"", size);
	if (rot)
		fprintf(fp, " transform=\"rotate(-90 %.2f %.2f)\"", x, y);
	if (bold)
		fputs(" font-weight=\"bold\"", fp);
	fputc('>', fp);
	put_text(fp, s);
	fputs("</text>\n", fp);
}

/* --- ticks --- */

/* The step of about target ticks over a range: 1, 2 or 5 times 10^k. */
static double
nice_step(double range, int target)
{
	double raw = range / target, mag = pow(10, floor(log10(raw)));
	double f = raw / mag;

	return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * mag;
}

/* Append the integer e in superscript digits (and minus) to buf. */
static void
put_sup(char *buf, size_t n, int e)
{
	static const char *const sup[10] = {
		"\xe2\x81\xb0", "\xc2\xb9", "\xc2\xb2", "\xc2\xb3",
		"\xe2\x81\xb4", "\xe2\x81\xb5", "\xe2\x81\xb6", "\xe2\x81\xb7",
		"\xe2\x81\xb8", "\xe2\x81\xb9"
	};
	char digits[16];
	int i, len;

	if (e < 0)
		strncat(buf, "\xe2\x81\xbb", n - strlen(buf) - 1);
	len = snprintf(digits, sizeof(digits), "%d", e < 0 ? -e : e);
	for (i = 0; i < len; i++)
		strncat(buf, sup[digits[i] - '0'], n - strlen(buf) - 1);
}

/*
 * A number as a tick label: with dec decimals, or when sci as the
 * mantissa (dec decimals) times 10^e; 0 as "0" in that case; negative
 * numbers with a minus sign (U+2212), not a hyphen.
 */
static void
fmt_number(char *buf, size_t n, double v, int sci, int e, int dec)
{
	char num[40];

	buf[0] = '\0';
	if (sci && v == 0) {
		snprintf(buf, n, "0");
		return;
	}
	snprintf(num, sizeof(num), "%.*f", dec, fabs(sci ? v / pow(10, e) :
	    v));
	if (v < 0 && strspn(num, "0.") != strlen(num))
		strncat(buf, "\xe2\x88\x92", n - 1);
	strncat(buf, num, n - strlen(buf) - 1);
	if (sci) {
		strncat(buf, "\xc3\x97" "10", n - strlen(buf) - 1);
		put_sup(buf, n, e);
	}
}

#define MAXTICKS 256

struct tick {
	double v;    /* data units (log10 on a log axis) */
	int label;   /* 0: a minor tick, drawn shorter and not labelled */
	double w;    /* the label's width in px */
	char s[48];
};

struct axis {
	struct tick t[MAXTICKS];
	int n;
	double step; /* between labelled ticks (decades on a log axis) */
	int fine;    /* log axis: 2 and 5 times the decades labelled too */
};

static struct tick *
tick_add(struct axis *a, double v, int label)
{
	struct tick *t;

	if (a->n >= MAXTICKS)
		return NULL;
	t = &a->t[a->n++];
	t->v = v;
	t->label = label;
	t->s[0] = '\0';
	t->w = 0;
	return t;
}

/* Ticks at the multiples of a->step within [lo, hi], labelled as plain
 * decimals with as many decimals as the step needs, or as m×10ⁿ with
 * one n for the axis when that needs more than three decimals or the
 * numbers reach 10⁵ (n the step's own power when the mantissas then
 * stay below 100). */
static void
ticks_linear(struct axis *a, double lo, double hi)
{
	double step = a->step, big = 0, v;
	int k, e, dec, sci;

	a->n = 0;
	for (k = 0; k < MAXTICKS; k++) {
		v = (ceil(lo / step - 1e-9) + k) * step;
		if (v > hi + 1e-9 * step)
			break;
		if (fabs(v) < step * 1e-9)
			v = 0;
		tick_add(a, v, 1);
		big = fmax(big, fabs(v));
	}
	e = big > 0 ? (int)floor(log10(big) + 1e-9) : 0;
	dec = (int)ceil(-log10(step) - 1e-9);
	dec = dec < 0 ? 0 : dec;
	sci = dec > 3 || e >= 5;
	if (sci) {
		/* Whole mantissas when they stay below 100 (2×10⁻⁵ ...
		 * 12×10⁻⁵, not 0.2×10⁻⁴ ... 1.2×10⁻⁴). */
		int es = (int)floor(log10(step) + 1e-9);

		if (big / pow(10, es) < 99.5)
			e = es;
		dec = (int)ceil(-log10(step / pow(10, e)) - 1e-9);
		dec = dec < 0 ? 0 : dec;
	}
	dec = dec > 10 ? 10 : dec;
	for (k = 0; k < a->n; k++) {
		fmt_number(a->t[k].s, sizeof(a->t[k].s), a->t[k].v, sci, e,
		    dec);
		a->t[k].w = text_width(a->t[k].s, 12, 0);
	}
}

/*
 * A log axis (lo, hi in log10): labelled ticks at every a->step-th
 * decade, 10ⁿ, minor ticks at the other decades; when a->fine, 2×10ⁿ
 * and 5×10ⁿ labelled too; with one decade a step, minor ticks at 2..9
 * times the decades over up to 8 decades.
 */
static void
ticks_log(struct axis *a, double lo, double hi)
{
	int st = a->step >= 1 ? (int)a->step : 1;
	int d, m, minor = st == 1 && hi - lo <= 8;
	double d0 = floor(lo) - 1, d1 = ceil(hi) + 1;

	a->n = 0;
	if (!(d1 - d0 < 2000))
		return;
	for (d = (int)d0; d <= (int)d1; d++)
		for (m = 1; m <= 9; m++) {
			double v = d + log10(m);
			struct tick *t;
			int lab;

			if (v < lo - 1e-9 || v > hi + 1e-9)
				continue;
			if (m == 1)
				lab = ((d % st) + st) % st == 0;
			else if (a->fine && (m == 2 || m == 5))
				lab = 1;
			else if (minor)
				lab = 0;
			else
				continue;
			if ((t = tick_add(a, v, lab)) == NULL || !lab)
				continue;
			if (m > 1)
				snprintf(t->s, sizeof(t->s), "%d\xc3\x97", m);
			strncat(t->s, "10", sizeof(t->s) - strlen(t->s) - 1);
			put_sup(t->s, sizeof(t->s), d);
			t->w = text_width(t->s, 12, 0);
		}
}

/* Category names as the labels of ticks at 0, 1, ... */
static void
ticks_cats(struct axis *a, const struct hop_svg_panel *p)
{
	size_t i;

	a->n = 0;
	a->step = 1;
	for (i = 0; i < p->ncats && i < MAXTICKS; i++) {
		struct tick *t = tick_add(a, (double)i, 1);
		const char *name = p->cats[i] != NULL ? p->cats[i] : "";

		snprintf(t->s, sizeof(t->s), "%s", name);
		if (strlen(name) >= sizeof(t->s))
			memcpy(t->s + sizeof(t->s) - 4, "...", 4);
		t->w = text_width(t->s, 12, 0);
	}
}

/* --- layout --- */

/* The axes of one panel as drawn: ranges (log10 for a log axis) and the
 * plotting area in px. */
struct frame {
	double x0, y0, pw, ph;
	double xlo, xhi, ylo, yhi, xstep, ystep;
	int logy;
};

static double
tx(const struct frame *f, double x)
{
	return f->x0 + (x - f->xlo) / (f->xhi - f->xlo) * f->pw;
}

/* y in px, or NaN when it cannot be shown (<= 0 on a log axis). */
static double
ty(const struct frame *f, double y)
{
	if (f->logy) {
		if (!(y > 0))
			return NAN;
		y = log10(y);
	}
	return f->y0 + f->ph - (y - f->ylo) / (f->yhi - f->ylo) * f->ph;
}

/* A tick's position in px (its value already log10 on a log axis). */
static double
ty_raw(const struct frame *f, double v)
{
	return f->y0 + f->ph - (v - f->ylo) / (f->yhi - f->ylo) * f->ph;
}

static void
auto_range(const struct hop_svg_panel *p, struct frame *f)
{
	double xl = INFINITY, xh = -INFINITY, yl = INFINITY, yh = -INFINITY;
	size_t i, j;

	for (i = 0; i < p->nitems; i++)
		for (j = 0; j < p->items[i].n; j++) {
			double x = p->items[i].x[j], y = p->items[i].y[j];

			if (isfinite(x)) {
				xl = fmin(xl, x);
				xh = fmax(xh, x);
			}
			if (p->logy && !(y > 0))
				continue;
			if (isfinite(y)) {
				y = p->logy ? log10(y) : y;
				yl = fmin(yl, y);
				yh = fmax(yh, y);
			}
		}
	if (p->ncats > 0) {
		xl = -0.5;
		xh = (double)p->ncats - 0.5;
	} else if (p->xfixed) {
		xl = p->xlo;
		xh = p->xhi;
	}
	if (p->yfixed) {
		yl = p->logy ? log10(p->ylo) : p->ylo;
		yh = p->logy ? log10(p->yhi) : p->yhi;
	}
	if (!(xl <= xh))
		xl = 0, xh = 1;
	if (!(yl <= yh))
		yl = 0, yh = 1;
	if (xh - xl <= 1e-300 * fmax(1, fabs(xl)) || xh == xl)
		xl -= 0.5, xh += 0.5;
	if (yh - yl <= 1e-300 * fmax(1, fabs(yl)) || yh == yl)
		yl -= 0.5, yh += 0.5;
	/* A margin of 4% keeps markers off the frame, as plotting
	 * libraries do; ticks then fall inside the range. */
	if (p->ncats == 0 && !p->xfixed) {
		double m = 0.04 * (xh - xl);

		xl -= m;
		xh += m;
	}
	if (!p->yfixed) {
		double m = 0.04 * (yh - yl);

		yl -= m;
		yh += m;
		if (p->logy && floor(yh) < ceil(yl)) {
			/* Less than a decade: widen to whole decades so
			 * that the axis has a labelled tick. */
			yl = floor(yl);
			yh = ceil(yh);
		}
	}
	f->xstep = p->ncats > 0 ? 1 : nice_step(xh - xl, 5);
	if (p->logy) {
		f->ystep = ceil((yh - yl) / 8);
		if (f->ystep < 1)
			f->ystep = 1;
	} else {
		f->ystep = nice_step(yh - yl, 5);
	}
	f->xlo = xl;
	f->xhi = xh;
	f->ylo = yl;
	f->yhi = yh;
	f->logy = p->logy;
}

/* Everything placed in one panel. */
struct layout {
	struct frame f;
	struct axis xa, ya;
	int stagger;           /* category names on two rows */
	double cx0, cy0, cellw; /* the panel's cell */
	double ylab_x;         /* the y label's baseline */
	double title_size;
	int nleg;              /* legend entries */
	double lx, ly, lw, lh; /* the legend's frame */
	double ltop;           /* room above the plot for the legend */
};

/* Font size and the gaps of the layout, in px. */
#define FS 12.0
#define TICKLEN 5.0
#define TICKGAP 3.0  /* between a tick and its label */
#define ROW 14.0     /* a second row of category names */
#define LROW 16.0    /* a legend row */

/* The x axis's ticks for the plot width in L->f: numeric steps doubled
 * until neighbouring labels keep 8 px apart; categories that would touch
 * go on two rows. */
static void
fit_xticks(struct layout *L, const struct hop_svg_panel *p)
{
	struct frame *f = &L->f;
	int k, tries, clash;

	L->stagger = 0;
	for (tries = 0; tries < 12; tries++) {
		if (p->ncats > 0)
			ticks_cats(&L->xa, p);
		else {
			L->xa.step = f->xstep;
			ticks_linear(&L->xa, f->xlo, f->xhi);
		}
		clash = 0;
		for (k = 0; k + 1 < L->xa.n; k++) {
			double a = tx(f, L->xa.t[k].v), b = tx(f, L->xa.t[k + 1].v);

			if (a + L->xa.t[k].w / 2 + 8 > b - L->xa.t[k + 1].w / 2)
				clash = 1;
		}
		if (!clash)
			return;
		if (p->ncats > 0) {
			L->stagger = 1;
			return;
		}
		f->xstep *= 2;
	}
}

/* The y axis's ticks: labelled ones at least 14 px apart (the step
 * doubled, or a log axis's 2 and 5 dropped, until they are). */
static void
fit_yticks(struct layout *L)
{
	struct frame *f = &L->f;
	int tries, k, last;

	L->ya.step = f->ystep;
	L->ya.fine = f->logy && f->ystep <= 1 && f->yhi - f->ylo <= 2.5;
	for (tries = 0; tries < 12; tries++) {
		int clash = 0;

		if (f->logy)
			ticks_log(&L->ya, f->ylo, f->yhi);
		else
			ticks_linear(&L->ya, f->ylo, f->yhi);
		for (k = 0, last = -1; k < L->ya.n; k++) {
			if (!L->ya.t[k].label)
				continue;
			if (last >= 0 && fabs(ty_raw(f, L->ya.t[k].v) -
			    ty_raw(f, L->ya.t[last].v)) < 14)
				clash = 1;
			last = k;
		}
		if (!clash)
			return;
		if (f->logy && L->ya.fine)
			L->ya.fine = 0;
		else if (f->logy)
			L->ya.step += 1;
		else
			L->ya.step *= 2;
	}
}

/* The bottom margin: tick labels (one or two rows) and the x label. */
static double
bottom_margin(const struct layout *L, const struct hop_svg_panel *p)
{
	return TICKLEN + 12 + 3 + (L->stagger ? ROW : 0) +
	    (p->xlabel != NULL ? 20 : 0) + 6;
}

/* --- marks --- */

/* The box a marker of style st at (x, y) covers. */
static void
marker_box(double x, double y, const struct hop_svg_style *st, double b[4])
{
	double r = st->size > 0 ? st->size : 3, h = r, up = r, dn = r;

	switch (st->marker) {
	case HOP_MARK_TRIANGLE:
		h = 1.1 * r, up = 1.2 * r, dn = 0.8 * r;
		break;
	case HOP_MARK_TRIANGLE_DOWN:
		h = 1.1 * r, up = 0.8 * r, dn = 1.2 * r;
		break;
	case HOP_MARK_UPPER:
		h = 1.1 * r, up = 0.8 * r + 0.6, dn = 3.7 * r + 0.6;
		break;
	case HOP_MARK_DIAMOND:
		h = up = dn = 1.3 * r;
		break;
	case HOP_MARK_CROSS:
	case HOP_MARK_PLUS:
		h = up = dn = r + 0.75;
		break;
	default:
		break;
	}
	b[0] = x - h;
	b[1] = y - up;
	b[2] = x + h;
	b[3] = y + dn;
}

/*
 * Record points along the segment (ax, ay)-(bx, by) in px, clipped to
 * the plot area as the drawing is: about every 2.5 px, skipping those
 * within 2 px of the last one recorded (*lx, *ly), so that no two
 * neighbours are more than 4.5 px apart.
 */
static void
sample_seg(struct boxes *rec, int panel, const struct frame *f, double ax,
    double ay, double bx, double by, double *lx, double *ly)
{
	double dx = bx - ax, dy = by - ay, t0 = 0, t1 = 1;
	double pp[4] = {-dx, dx, -dy, dy};
	double qq[4] = {ax - f->x0, f->x0 + f->pw - ax, ay - f->y0,
	    f->y0 + f->ph - ay};
	int k, i, n;

	if (rec == NULL)
		return;
	for (k = 0; k < 4; k++) {
		if (pp[k] == 0) {
			if (qq[k] < 0)
				return;
			continue;
		}
		if (pp[k] < 0) {
			if (qq[k] / pp[k] > t1)
				return;
			t0 = fmax(t0, qq[k] / pp[k]);
		} else {
			if (qq[k] / pp[k] < t0)
				return;
			t1 = fmin(t1, qq[k] / pp[k]);
		}
	}
	n = (int)ceil(hypot(dx, dy) * (t1 - t0) / 2.5);
	n = n < 1 ? 1 : n > 100000 ? 100000 : n;
	for (i = 0; i <= n; i++) {
		double t = t0 + (t1 - t0) * i / n;
		double x = ax + t * dx, y = ay + t * dy;

		if (isfinite(*lx) && hypot(x - *lx, y - *ly) < 2)
			continue;
		box_add(rec, HOP_BOX_LINE, panel, x, y, x, y);
		*lx = x;
		*ly = y;
	}
}

/* A darker edge for the light yellow of the palette, so that its
 * markers stay visible on white and in greyscale. */
static const char *
edge_of(const struct hop_svg_style *st)
{
	if (st->colour >= 0 && st->colour % HOP_SVG_NCOLOURS == 6)
		return " stroke=\"#8C8000\" stroke-width=\"0.8\"";
	return "";
}

static void
marker(FILE *fp, double x, double y, const struct hop_svg_style *st,
    const char *cls)
{
	double r = st->size > 0 ? st->size : 3;
	const char *c = colour_of(st->colour), *e = edge_of(st);
	double op = st->opacity > 0 ? st->opacity : 1;

	switch (st->marker) {
	case HOP_MARK_SQUARE:
		fprintf(fp, "<rect class=\"%s\" x=\"%.2f\" y=\"%.2f\" "
		    "width=\"%.2f\" height=\"%.2f\" fill=\"%s\" "
		    "fill-opacity=\"%g\"%s/>\n", cls, x - r, y - r, 2 * r,
		    2 * r, c, op, e);
		break;
	case HOP_MARK_TRIANGLE:
		fprintf(fp, "<path class=\"%s\" d=\"M%.2f %.2fL%.2f %.2fL%.2f "
		    "%.2fZ\" fill=\"%s\" fill-opacity=\"%g\"%s/>\n", cls, x,
		    y - 1.2 * r, x + 1.1 * r, y + 0.8 * r, x - 1.1 * r,
		    y + 0.8 * r, c, op, e);
		break;
	case HOP_MARK_DIAMOND:
		fprintf(fp, "<path class=\"%s\" d=\"M%.2f %.2fL%.2f %.2fL%.2f "
		    "%.2fL%.2f %.2fZ\" fill=\"%s\" fill-opacity=\"%g\"%s/>\n",
		    cls, x, y - 1.3 * r, x + 1.3 * r, y, x, y + 1.3 * r,
		    x - 1.3 * r, y, c, op, e);
		break;
	case HOP_MARK_CROSS:
		fprintf(fp, "<path class=\"%s\" d=\"M%.2f %.2fL%.2f %.2fM%.2f "
		    "%.2fL%.2f %.2f\" stroke=\"%s\" stroke-width=\"1.5\" "
		    "stroke-opacity=\"%g\"/>\n", cls, x - r, y - r, x + r,
		    y + r, x - r, y + r, x + r, y - r, c, op);
		break;
	case HOP_MARK_PLUS:
		fprintf(fp, "<path class=\"%s\" d=\"M%.2f %.2fL%.2f %.2fM%.2f "
		    "%.2fL%.2f %.2f\" stroke=\"%s\" stroke-width=\"1.5\" "
		    "stroke-opacity=\"%g\"/>\n", cls, x - r, y, x + r, y, x,
		    y - r, x, y + r, c, op);
		break;
	case HOP_MARK_TRIANGLE_DOWN:
		fprintf(fp, "<path class=\"%s\" d=\"M%.2f %.2fL%.2f %.2fL%.2f "
		    "%.2fZ\" fill=\"%s\" fill-opacity=\"%g\"%s/>\n", cls, x,
		    y + 1.2 * r, x + 1.1 * r, y - 0.8 * r, x - 1.1 * r,
		    y - 0.8 * r, c, op, e);
		break;
	case HOP_MARK_UPPER:
		/* One element: the triangle, the stem from its tip and a
		 * filled arrowhead (an open subpath is filled as closed). */
		fprintf(fp, "<path class=\"%s\" d=\"M%.2f %.2fL%.2f %.2fL%.2f "
		    "%.2fZM%.2f %.2fV%.2fM%.2f %.2fL%.2f %.2fL%.2f %.2f\" "
		    "fill=\"%s\" fill-opacity=\"%g\" stroke=\"%s\" "
		    "stroke-width=\"1.2\" stroke-opacity=\"%g\"/>\n", cls,
		    x, y + 1.2 * r, x + 1.1 * r, y - 0.8 * r, x - 1.1 * r,
		    y - 0.8 * r, x, y + 1.2 * r, y + 3.7 * r, x - 0.6 * r,
		    y + 3.0 * r, x, y + 3.7 * r, x + 0.6 * r, y + 3.0 * r, c,
		    op, c, op);
		break;
	case HOP_MARK_NONE:
		break;
	default:
		fprintf(fp, "<circle class=\"%s\" cx=\"%.2f\" cy=\"%.2f\" "
		    "r=\"%.2f\" fill=\"%s\" fill-opacity=\"%g\"%s/>\n", cls, x,
		    y, r, c, op, e);
	}
}

static void
line_attrs(FILE *fp, const struct hop_svg_style *st)
{
	fprintf(fp, " fill=\"none\" stroke=\"%s\" stroke-width=\"%g\"%s",
	    colour_of(st->colour), st->width > 0 ? st->width : 1.5,
	    st->dashed ? " stroke-dasharray=\"6 4\"" : "");
}

/*
 * One error bar from lo to hi at x (data units).  An end beyond the
 * frame, or not drawable on a log axis, is cut at the frame without its
 * cap; a bar with nothing inside the frame is left out.  fp NULL only
 * records it.
 */
static void
errorbar(FILE *fp, struct boxes *rec, int panel, const struct frame *f,
    double x, double lo, double hi, const struct hop_svg_style *st)
{
	double px = tx(f, x), plo, phi, top = f->y0, bot = f->y0 + f->ph;
	double c = st->size > 0 ? st->size : 3;
	int caplo = 1, caphi = 1;

	if (!isfinite(x) || !isfinite(hi) || isnan(lo) ||
	    px < f->x0 - 0.5 || px > f->x0 + f->pw + 0.5)
		return;
	if (lo > hi) {
		double t = lo;

		lo = hi;
		hi = t;
	}
	phi = ty(f, hi);
	plo = ty(f, lo);
	if (isnan(phi) || phi > bot + 0.5)
		return;
	if (!isfinite(plo) || plo > bot) {
		plo = bot;
		caplo = 0;
	}
	if (plo < top - 0.5)
		return;
	if (phi < top) {
		phi = top;
		caphi = 0;
	}
	box_add(rec, HOP_BOX_BAR, panel, px - (caplo || caphi ? c : 1), phi,
	    px + (caplo || caphi ? c : 1), plo);
	if (fp == NULL)
		return;
	fprintf(fp, "<path class=\"ebar\" d=\"M%.2f %.2fV%.2f", px, plo, phi);
	if (caplo)
		fprintf(fp, "M%.2f %.2fh%.2f", px - c, plo, 2 * c);
	if (caphi)
		fprintf(fp, "M%.2f %.2fh%.2f", px - c, phi, 2 * c);
	fprintf(fp, "\" fill=\"none\" stroke=\"%s\" stroke-width=\"%g\"/>\n",
	    colour_of(st->colour), st->width > 0 ? st->width : 1);
}

/* A polygon's (or line's) vertex j in px: 0 when it cannot be drawn. */
static int
vertex(const struct frame *f, const struct item *it, size_t j, double *px,
    double *py)
{
	double x = it->x[j], y = it->y[j];

	*py = ty(f, y);
	if (it->kind == K_POLY && isnan(*py) && isfinite(y))
		*py = f->y0 + f->ph; /* log axis: down to the bottom */
	*px = tx(f, x);
	return isfinite(x) && isfinite(*py);
}

/* Draw one item (fp NULL: only record its marks into rec). */
static void
draw_item(FILE *fp, struct boxes *rec, int panel, const struct frame *f,
    const struct item *it, int clip)
{
	double lx = NAN, ly = NAN, ax = 0, ay = 0, fx = 0, fy = 0, px, py;
	size_t j;
	int open = 0;

	if (it->kind == K_EBAR) {
		for (j = 0; j + 1 < it->n; j += 2)
			errorbar(fp, rec, panel, f, it->x[j], it->y[j],
			    it->y[j + 1], &it->st);
		return;
	}
	if (it->kind == K_POINTS) {
		for (j = 0; j < it->n; j++) {
			double x = it->x[j], y = it->y[j], b[4];

			if (!isfinite(x) || !isfinite(y) ||
			    it->st.marker == HOP_MARK_NONE)
				continue;
			px = tx(f, x);
			py = ty(f, y);
			/* Outside a fixed range or below a log axis: left
			 * out, so the count of markers is the count shown. */
			if (isnan(py) || px < f->x0 - 0.5 ||
			    px > f->x0 + f->pw + 0.5 || py < f->y0 - 0.5 ||
			    py > f->y0 + f->ph + 0.5)
				continue;
			marker_box(px, py, &it->st, b);
			box_add(rec, HOP_BOX_POINT, panel, b[0], b[1], b[2],
			    b[3]);
			if (fp != NULL)
				marker(fp, px, py, &it->st, "pt");
		}
		return;
	}
	if (fp != NULL)
		fprintf(fp, "<path clip-path=\"url(#c%d)\" d=\"", clip);
	for (j = 0; j < it->n; j++) {
		if (!vertex(f, it, j, &px, &py)) {
			if (open && it->kind == K_POLY)
				sample_seg(rec, panel, f, ax, ay, fx, fy, &lx,
				    &ly);
			open = 0;
			continue;
		}
		if (fp != NULL)
			fprintf(fp, "%s%.2f %.2f", open ? "L" : "M", px, py);
		if (open)
			sample_seg(rec, panel, f, ax, ay, px, py, &lx, &ly);
		else
			sample_seg(rec, panel, f, px, py, px, py, &lx, &ly),
			fx = px, fy = py;
		ax = px;
		ay = py;
		open = 1;
	}
	if (open && it->kind == K_POLY)
		sample_seg(rec, panel, f, ax, ay, fx, fy, &lx, &ly);
	if (fp == NULL)
		return;
	if (it->kind == K_POLY) {
		double op = it->st.opacity > 0 ? it->st.opacity : 0.5;

		fprintf(fp, "Z\" fill=\"%s\" fill-opacity=\"%g\" stroke=\"%s\" "
		    "stroke-width=\"1\"/>\n", colour_of(it->st.colour), op,
		    colour_of(it->st.colour));
	} else {
		fputc('"', fp);
		line_attrs(fp, &it->st);
		fputs("/>\n", fp);
	}
}

/* Whether (x, y) in px lies inside the filled polygon it (even-odd). */
static int
poly_contains(const struct frame *f, const struct item *it, double x,
    double y)
{
	size_t j, k;
	int in = 0;

	for (j = 0, k = it->n - 1; j < it->n; k = j++) {
		double xj, yj, xk, yk;

		if (!vertex(f, it, j, &xj, &yj) || !vertex(f, it, k, &xk, &yk))
			continue;
		if ((yj > y) != (yk > y) &&
		    x < (xk - xj) * (y - yj) / (yk - yj) + xj)
			in = !in;
	}
	return in;
}

/* Whether a legend at (x, y), w x h, would cover a mark in m or lie on a
 * filled polygon of p (2 px of clearance). */
static int
legend_hits(const struct layout *L, const struct hop_svg_panel *p,
    const struct boxes *m, double x, double y, double w, double h)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		const struct hop_svg_box *b = &m->b[i];

		if (b->x1 >= x - 2 && b->x0 <= x + w + 2 && b->y1 >= y - 2 &&
		    b->y0 <= y + h + 2)
			return 1;
	}
	for (i = 0; i < p->nitems; i++) {
		const struct item *it = &p->items[i];
		int k;

		if (it->kind != K_POLY || it->n < 3)
			continue;
		for (k = 0; k < 5; k++)
			if (poly_contains(&L->f, it, x + w * (k == 4 ? 0.5 :
			    k % 2), y + h * (k == 4 ? 0.5 : k / 2)))
				return 1;
	}
	return 0;
}

/*
 * Place the legend: the first spot inside the plot area, 6 px from the
 * frame, that covers no mark (top right, top left, bottom right, bottom
 * left, top and bottom middle, right and left middle); else outside on
 * the right, the plot narrowed to make room (when it keeps half its
 * width); else above it, the plot lowered (when it keeps half its
 * height); else the inside spot covering the fewest marks.
 */
static void
place_legend(struct layout *L, const struct hop_svg_panel *p,
    struct boxes *m, double cellw)
{
	struct frame *f = &L->f;
	double w = L->lw, h = L->lh, xs[3], ys[3], pw;
	static const int order[8][2] = {
		{2, 0}, {0, 0}, {2, 2}, {0, 2}, {1, 0}, {1, 2}, {2, 1}, {0, 1}
	};
	size_t best = (size_t)-1;
	int k;

	xs[0] = f->x0 + 6;
	xs[1] = f->x0 + (f->pw - w) / 2;
	xs[2] = f->x0 + f->pw - w - 6;
	ys[0] = f->y0 + 6;
	ys[1] = f->y0 + (f->ph - h) / 2;
	ys[2] = f->y0 + f->ph - h - 6;
	if (w + 12 <= f->pw && h + 12 <= f->ph)
		for (k = 0; k < 8; k++) {
			double x = xs[order[k][0]], y = ys[order[k][1]];

			if (!legend_hits(L, p, m, x, y, w, h)) {
				L->lx = x;
				L->ly = y;
				return;
			}
		}
	pw = L->cx0 + cellw - 6 - w - 10 - f->x0;
	if (pw >= f->pw / 2) {
		f->pw = pw;
		L->lx = f->x0 + f->pw + 10;
		L->ly = f->y0;
		return;
	}
	if (h + 6 <= f->ph / 2 && w <= L->cx0 + cellw - 6 - f->x0) {
		L->lx = f->x0 + f->pw - w;
		if (L->lx < f->x0)
			L->lx = f->x0;
		L->ly = f->y0;
		L->ltop = h + 6;
		f->y0 += L->ltop;
		f->ph -= L->ltop;
		return;
	}
	/* Nowhere clear: the least covered spot inside. */
	L->lx = xs[2];
	L->ly = ys[0];
	for (k = 0; k < 8; k++) {
		double x = xs[order[k][0]], y = ys[order[k][1]];
		size_t i, n = 0;

		for (i = 0; i < m->n; i++) {
			const struct hop_svg_box *b = &m->b[i];

			n += b->x1 >= x && b->x0 <= x + w && b->y1 >= y &&
			    b->y0 <= y + h;
		}
		if (n < best) {
			best = n;
			L->lx = x;
			L->ly = y;
		}
	}
}

/*
 * An equal-scale panel's ranges for its plot area: the range of more
 * units per px kept, the other widened about its middle to as many, and
 * the ticks of both fitted again.
 */
static void
equalize(struct layout *L, const struct hop_svg_panel *p)
{
	struct frame *f = &L->f;
	double sx = (f->xhi - f->xlo) / f->pw, sy = (f->yhi - f->ylo) / f->ph;

	if (!p->equal || p->logy || p->ncats > 0)
		return;
	if (sx > sy) {
		double c = (f->ylo + f->yhi) / 2;

		f->ylo = c - sx * f->ph / 2;
		f->yhi = c + sx * f->ph / 2;
	} else {
		double c = (f->xlo + f->xhi) / 2;

		f->xlo = c - sy * f->pw / 2;
		f->xhi = c + sy * f->pw / 2;
	}
	f->xstep = nice_step(f->xhi - f->xlo, 5);
	f->ystep = nice_step(f->yhi - f->ylo, 5);
	fit_yticks(L);
	fit_xticks(L, p);
}

/*
 * The plot area narrowed or lowered for the legend (now outside it), of
 * avail px of height below the title: the ticks and one scale again, and
 * the left margin widened, the plot's right edge kept, when the y tick
 * labels come out wider than the tickw px it was made for (one scale can
 * widen their range): at most three rounds, the margin only growing.
 */
static void
refit(struct layout *L, const struct hop_svg_panel *p, double avail,
    double tickw)
{
	struct frame *f = &L->f;
	int pass, k;

	for (pass = 0; pass < 3; pass++) {
		double w2 = 0;

		fit_xticks(L, p);
		f->ph = fmax(20, avail - L->ltop - bottom_margin(L, p));
		fit_yticks(L);
		equalize(L, p);
		for (k = 0; k < L->ya.n; k++)
			w2 = fmax(w2, L->ya.t[k].w);
		if (w2 <= tickw || f->pw - (w2 - tickw) < 20)
			break;
		f->x0 += w2 - tickw;
		f->pw -= w2 - tickw;
		tickw = w2;
	}
}

/*
 * Lay out one panel in the cell at (cx0, cy0): ticks and margins, the
 * plot area, then the legend, using m as scratch space for the marks.
 * Returns -1 when out of memory.
 */
static int
layout_panel(const struct hop_svg *s, const struct hop_svg_panel *p,
    double cx0, double cy0, struct layout *L, struct boxes *m, int id)
{
	struct frame *f = &L->f;
	double maxw = 0, ml, mr, mt, lastw = 0, tw, tickw, pw, ph;
	size_t i;
	int k, pass;

	L->cx0 = cx0;
	L->cy0 = cy0;
	L->cellw = s->w;
	auto_range(p, f);
	L->title_size = FS;
	mt = 14;
	if (p->title != NULL) {
		mt = MT;
		tw = text_width(p->title, FS, 1);
		if (tw > s->w - 16)
			L->title_size = fmax(8, FS * (s->w - 16) / tw);
	}
	/* The plot's height (less a second row of category names, found
	 * below) spaces the y ticks. */
	f->y0 = cy0 + mt;
	f->ph = fmax(20, s->h - mt - bottom_margin(L, p));
	fit_yticks(L);
	/* One scale needs the plot area, which needs the y tick labels'
	 * width, which the ranges of one scale can widen: at most three
	 * rounds, the margin only growing. */
	for (pass = 0; pass < 3; pass++) {
		double w2 = 0;

		for (k = 0; k < L->ya.n; k++)
			maxw = fmax(maxw, L->ya.t[k].w);
		/* The y label's baseline: its descent (0.24 em) 5 px left
		 * of the widest tick label; its ascent (0.77 em) then needs
		 * the margin. */
		ml = TICKLEN + TICKGAP + maxw + (p->ylabel != NULL ? 5 + FS +
		    3 : 6);
		ml = fmax(ml, 24);
		/* The last x tick label may stick out right of the frame. */
		if (p->ncats > 0)
			ticks_cats(&L->xa, p);
		else {
			L->xa.step = f->xstep;
			ticks_linear(&L->xa, f->xlo, f->xhi);
		}
		if (L->xa.n > 0)
			lastw = L->xa.t[L->xa.n - 1].w;
		mr = fmax(MR, lastw / 2 + 4);
		f->x0 = cx0 + ml;
		f->pw = fmax(20, s->w - ml - mr);
		L->ylab_x = f->x0 - TICKLEN - TICKGAP - maxw - 5 - 0.24 * FS;
		fit_xticks(L, p);
		f->ph = fmax(20, s->h - mt - bottom_margin(L, p));
		if (!p->equal)
			break;
		equalize(L, p);
		for (k = 0; k < L->ya.n; k++)
			w2 = fmax(w2, L->ya.t[k].w);
		if (w2 <= maxw)
			break;
	}
	/* The legend's size. */
	L->nleg = 0;
	tickw = maxw;
	maxw = 0;
	for (i = 0; i < p->nitems; i++)
		if (p->items[i].legend != NULL) {
			L->nleg++;
			maxw = fmax(maxw, text_width(p->items[i].legend, FS, 0));
		}
	if (L->nleg == 0)
		return 0;
	L->lw = 30 + maxw + 8;
	L->lh = LROW * L->nleg + 6;
	m->n = 0;
	for (i = 0; i < p->nitems; i++)
		draw_item(NULL, m, id, f, &p->items[i], id);
	if (m->failed)
		return -1;
	pw = f->pw;
	ph = f->ph;
	place_legend(L, p, m, s->w);
	if (f->pw != pw || f->ph != ph)
		refit(L, p, s->h - mt, tickw);
	return 0;
}

/* --- drawing the layout --- */

static void
draw_legend(FILE *fp, struct boxes *geo, int id, const struct layout *L,
    const struct hop_svg_panel *p)
{
	size_t i, n = 0;
	double x = L->lx, y = L->ly;

	if (L->nleg == 0)
		return;
	box_add(geo, HOP_BOX_LEGEND, id, x, y, x + L->lw, y + L->lh);
	fprintf(fp, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
	    "fill=\"#ffffff\" fill-opacity=\"0.85\" stroke=\"#bbbbbb\"/>\n",
	    x, y, L->lw, L->lh);
	for (i = 0; i < p->nitems; i++) {
		const struct item *it = &p->items[i];
		double ly = y + 14 + LROW * (double)n;

		if (it->legend == NULL)
			continue;
		n++;
		if (it->kind == K_POINTS && it->st.marker == HOP_MARK_UPPER) {
			/* The triangle and its arrow span 4.5 radii: small
			 * enough for a legend row, centred on it. */
			struct hop_svg_style us = it->st;
			double r = us.size > 0 ? us.size : 3;

			us.size = r = r < 3.5 ? r : 3.5;
			marker(fp, x + 14, ly - 4 - 1.45 * r, &us, "legend");
		} else if (it->kind == K_POINTS) {
			marker(fp, x + 14, ly - 4, &it->st, "legend");
		} else if (it->kind == K_EBAR) {
			fprintf(fp, "<path d=\"M%.2f %.2fv-10M%.2f %.2fh8M%.2f "
			    "%.2fh8\" fill=\"none\" stroke=\"%s\" "
			    "stroke-width=\"%g\"/>\n", x + 14, ly + 1, x + 10,
			    ly + 1, x + 10, ly - 9, colour_of(it->st.colour),
			    it->st.width > 0 ? it->st.width : 1);
		} else if (it->kind == K_LINE) {
			fprintf(fp, "<path d=\"M%.2f %.2fh20\"", x + 4, ly - 4);
			line_attrs(fp, &it->st);
			fputs("/>\n", fp);
		} else {
			fprintf(fp, "<rect x=\"%.2f\" y=\"%.2f\" width=\"20\" "
			    "height=\"9\" fill=\"%s\" fill-opacity=\"0.5\"/>\n",
			    x + 4, ly - 9, colour_of(it->st.colour));
		}
		emit_text(fp, geo, HOP_BOX_ENTRY, id, x + 30, ly, A_START, FS,
		    0, 0, it->legend);
	}
}

/*
 * The end of the note's line that starts at note[start]: the last space
 * or the note's end before which its words fit in width px, or the end
 * of the first word when that alone is wider.  buf: len + 1 bytes.
 */
static size_t
note_line(const char *note, size_t len, size_t start, double width,
    char *buf)
{
	size_t end = start, i;

	for (i = start;; i++) {
		if (i < len && note[i] != ' ')
			continue;
		memcpy(buf, note + start, i - start);
		buf[i - start] = '\0';
		if (end > start && text_width(buf, FS, 0) > width)
			break;
		end = i;
		if (i >= len)
			break;
	}
	return end;
}

/* A note across the middle of the plot area, broken at spaces into lines
 * that fit its width, centred one above the other. */
static void
draw_note(FILE *fp, struct boxes *geo, int id, const struct frame *f,
    const char *note)
{
	size_t len = strlen(note), nl = 0, start, end, k;
	char *buf = malloc(len + 1);
	double y;

	if (buf == NULL) {
		geo->failed = 1;
		return;
	}
	for (start = 0;; start = end + 1) {
		end = note_line(note, len, start, f->pw - 8, buf);
		nl++;
		if (end >= len)
			break;
	}
	y = f->y0 + f->ph / 2 + 4 - (double)(nl - 1) * ROW / 2;
	for (start = 0, k = 0;; start = end + 1, k++) {
		end = note_line(note, len, start, f->pw - 8, buf);
		memcpy(buf, note + start, end - start);
		buf[end - start] = '\0';
		emit_text(fp, geo, HOP_BOX_NOTE, id, f->x0 + f->pw / 2,
		    y + (double)k * ROW, A_MIDDLE, FS, 0, 0, buf);
		if (end >= len)
			break;
	}
	free(buf);
}

static void
draw_axes(FILE *fp, struct boxes *geo, int id, const struct layout *L,
    const struct hop_svg_panel *p)
{
	const struct frame *f = &L->f;
	double bot = f->y0 + f->ph;
	int k, ticks = p->nitems > 0 || p->note == NULL;

	box_add(geo, HOP_BOX_PLOT, id, f->x0, f->y0, f->x0 + f->pw, bot);
	fprintf(fp, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
	    "fill=\"none\" stroke=\"#000000\"/>\n", f->x0, f->y0, f->pw, f->ph);
	if (p->note != NULL)
		draw_note(fp, geo, id, f, p->note);
	for (k = 0; (ticks || p->ncats > 0) && k < L->xa.n; k++) {
		const struct tick *t = &L->xa.t[k];
		double px = tx(f, t->v);

		fprintf(fp, "<path d=\"M%.2f %.2fv%g\" stroke=\"#000000\"/>\n",
		    px, bot, L->stagger && k % 2 ? TICKLEN + ROW - 10 :
		    TICKLEN);
		if (t->label && t->s[0] != '\0')
			emit_text(fp, geo, HOP_BOX_TICK, id, px, bot + 17 +
			    (L->stagger && k % 2 ? ROW : 0), A_MIDDLE, FS, 0,
			    0, t->s);
	}
	for (k = 0; ticks && k < L->ya.n; k++) {
		const struct tick *t = &L->ya.t[k];
		double py = ty_raw(f, t->v);

		fprintf(fp, "<path d=\"M%.2f %.2fh%g\" stroke=\"#000000\"/>\n",
		    f->x0, py, t->label ? -TICKLEN : -3.0);
		if (t->label)
			emit_text(fp, geo, HOP_BOX_TICK, id, f->x0 - TICKLEN -
			    TICKGAP, py + 4, A_END, FS, 0, 0, t->s);
	}
	if (p->xlabel != NULL)
		emit_text(fp, geo, HOP_BOX_LABEL, id, f->x0 + f->pw / 2, bot +
		    37 + (L->stagger ? ROW : 0), A_MIDDLE, FS, 0, 0, p->xlabel);
	if (p->ylabel != NULL)
		emit_text(fp, geo, HOP_BOX_LABEL, id, L->ylab_x,
		    f->y0 + f->ph / 2, A_MIDDLE, FS, 0, 1, p->ylabel);
	if (p->title != NULL) {
		/* Over the plot area, but within the panel's cell. */
		double w = text_width(p->title, L->title_size, 1);
		double x = f->x0 + f->pw / 2;

		x = fmin(x, L->cx0 + L->cellw - 6 - w / 2);
		x = fmax(x, L->cx0 + 6 + w / 2);
		emit_text(fp, geo, HOP_BOX_TITLE, id, x, f->y0 - 9, A_MIDDLE,
		    L->title_size, 1, 0, p->title);
	}
}

/* The geometry record as JSON in a <metadata> element. */
static void
put_geometry(FILE *fp, const struct boxes *geo)
{
	size_t i;

	fputs("<metadata id=\"hop-geometry\">{\"boxes\":[", fp);
	for (i = 0; i < geo->n; i++) {
		const struct hop_svg_box *b = &geo->b[i];

		fprintf(fp, "%s[\"%s\",%d,%.1f,%.1f,%.1f,%.1f]", i ? "," : "",
		    hop_svg_box_name(b->kind), b->panel, b->x0, b->y0, b->x1,
		    b->y1);
	}
	fputs("]}</metadata>\n", fp);
}

int
hop_svg_print(struct hop_svg *s, FILE *fp)
{
	double top = s->title != NULL ? 30 : 0;
	double W = s->w * s->cols, H = s->h * s->rows + top;
	struct boxes scratch = {0};
	struct layout *L;
	int r, c, rc = 0;

	s->geo.n = 0;
	s->geo.failed = 0;
	if (s->failed || (L = malloc(sizeof(*L))) == NULL)
		return -1;
	fprintf(fp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
	    "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
	    "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" "
	    "font-size=\"12\">\n", W, H, W, H);
	fprintf(fp, "<rect width=\"100%%\" height=\"100%%\" "
	    "fill=\"#ffffff\"/>\n");
	if (s->title != NULL) {
		double tw = text_width(s->title, 15, 1);

		emit_text(fp, &s->geo, HOP_BOX_TITLE, -1, W / 2, 20, A_MIDDLE,
		    tw > W - 16 ? fmax(8, 15 * (W - 16) / tw) : 15, 1, 0,
		    s->title);
	}
	for (r = 0; r < s->rows && rc == 0; r++)
		for (c = 0; c < s->cols; c++) {
			const struct hop_svg_panel *p =
			    &s->panels[r * s->cols + c];
			int id = r * s->cols + c;
			size_t i;

			/* A panel nobody drew into stays blank. */
			if (p->nitems == 0 && p->title == NULL &&
			    p->xlabel == NULL && p->ylabel == NULL &&
			    p->ncats == 0 && p->note == NULL)
				continue;
			memset(L, 0, sizeof(*L));
			if (layout_panel(s, p, c * s->w, top + r * s->h, L,
			    &scratch, id) != 0) {
				rc = -1;
				break;
			}
			fprintf(fp, "<clipPath id=\"c%d\"><rect x=\"%.2f\" "
			    "y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"/>"
			    "</clipPath>\n", id, L->f.x0, L->f.y0, L->f.pw,
			    L->f.ph);
			fprintf(fp, "<g>\n");
			for (i = 0; i < p->nitems; i++)
				draw_item(fp, &s->geo, id, &L->f, &p->items[i],
				    id);
			draw_axes(fp, &s->geo, id, L, p);
			draw_legend(fp, &s->geo, id, L, p);
			fprintf(fp, "</g>\n");
		}
	free(L);
	free(scratch.b);
	if (rc != 0 || s->geo.failed)
		return -1;
	put_geometry(fp, &s->geo);
	fputs("</svg>\n", fp);
	return ferror(fp) ? -1 : 0;
}

int
hop_svg_write(struct hop_svg *s, const char *path, struct hop_err *err)
{
	struct hop_outfile o;

	if (s->failed) {
		hop_err_set(err, "%s: out of memory while drawing", path);
		return -1;
	}
	if (hop_outfile_open(&o, path, err) != 0)
		return -1;
	if (hop_svg_print(s, o.fp) != 0) {
		hop_err_set(err, "%s: write error", path);
		hop_outfile_abort(&o);
		return -1;
	}
	return hop_outfile_commit(&o, err);
}
