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
	int logy;
	int xfixed, yfixed;
	double xlo, xhi, ylo, yhi;
	char **cats;
	size_t ncats;
	struct item *items;
	size_t nitems, cap;
};

struct hop_svg {
	int rows, cols;
	double w, h;
	char *title;
	int failed;
	struct hop_svg_panel *panels;
};

/* Okabe-Ito: distinguishable with the common colour-vision deficiencies. */
static const char *const palette[HOP_SVG_NCOLOURS] = {
	"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
	"#F0E442", "#7F7F7F"
};

/* Panel margins in px: room for tick labels, axis labels and a title. */
#define ML 64.0
#define MR 12.0
#define MT 28.0
#define MB 46.0

static const char *
colour_of(int c)
{
	if (c < 0)
		return "#000000";
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
	}
	free(s->panels);
	free(s->title);
	free(s);
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

void
hop_svg_log_y(struct hop_svg_panel *p, int on)
{
	p->logy = on != 0;
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

/* The step of about target ticks over a range: 1, 2 or 5 times 10^k. */
static double
nice_step(double range, int target)
{
	double raw = range / target, mag = pow(10, floor(log10(raw)));
	double f = raw / mag;

	return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * mag;
}

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

/* A tick label with as many decimals as the step needs. */
static void
tick_label(char *buf, size_t n, double v, double step)
{
	int dec = step > 0 ? (int)ceil(-log10(step) - 1e-9) : 0;

	if (dec < 0)
		dec = 0;
	if (dec > 10)
		dec = 10;
	if (fabs(v) < step * 1e-9)
		v = 0;
	snprintf(buf, n, "%.*f", dec, v);
}

static void
marker(FILE *fp, double x, double y, const struct hop_svg_style *st,
    const char *cls)
{
	double r = st->size > 0 ? st->size : 3;
	const char *c = colour_of(st->colour);
	double op = st->opacity > 0 ? st->opacity : 1;

	switch (st->marker) {
	case HOP_MARK_SQUARE:
		fprintf(fp, "<rect class=\"%s\" x=\"%.2f\" y=\"%.2f\" "
		    "width=\"%.2f\" height=\"%.2f\" fill=\"%s\" "
		    "fill-opacity=\"%g\"/>\n", cls, x - r, y - r, 2 * r,
		    2 * r, c, op);
		break;
	case HOP_MARK_TRIANGLE:
		fprintf(fp, "<path class=\"%s\" d=\"M%.2f %.2fL%.2f %.2fL%.2f "
		    "%.2fZ\" fill=\"%s\" fill-opacity=\"%g\"/>\n", cls, x,
		    y - 1.2 * r, x + 1.1 * r, y + 0.8 * r, x - 1.1 * r,
		    y + 0.8 * r, c, op);
		break;
	case HOP_MARK_DIAMOND:
		fprintf(fp, "<path class=\"%s\" d=\"M%.2f %.2fL%.2f %.2fL%.2f "
		    "%.2fL%.2f %.2fZ\" fill=\"%s\" fill-opacity=\"%g\"/>\n",
		    cls, x, y - 1.3 * r, x + 1.3 * r, y, x, y + 1.3 * r,
		    x - 1.3 * r, y, c, op);
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
		    "%.2fZ\" fill=\"%s\" fill-opacity=\"%g\"/>\n", cls, x,
		    y + 1.2 * r, x + 1.1 * r, y - 0.8 * r, x - 1.1 * r,
		    y - 0.8 * r, c, op);
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
		    "r=\"%.2f\" fill=\"%s\" fill-opacity=\"%g\"/>\n", cls, x,
		    y, r, c, op);
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
 * cap; a bar with nothing inside the frame is left out.
 */
static void
errorbar(FILE *fp, const struct frame *f, double x, double lo, double hi,
    const struct hop_svg_style *st)
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
	fprintf(fp, "<path class=\"ebar\" d=\"M%.2f %.2fV%.2f", px, plo, phi);
	if (caplo)
		fprintf(fp, "M%.2f %.2fh%.2f", px - c, plo, 2 * c);
	if (caphi)
		fprintf(fp, "M%.2f %.2fh%.2f", px - c, phi, 2 * c);
	fprintf(fp, "\" fill=\"none\" stroke=\"%s\" stroke-width=\"%g\"/>\n",
	    colour_of(st->colour), st->width > 0 ? st->width : 1);
}

static void
draw_item(FILE *fp, const struct frame *f, const struct item *it,
    int clip)
{
	size_t j;
	int open = 0;

	if (it->kind == K_EBAR) {
		for (j = 0; j + 1 < it->n; j += 2)
			errorbar(fp, f, it->x[j], it->y[j], it->y[j + 1],
			    &it->st);
		return;
	}
	if (it->kind == K_POINTS) {
		for (j = 0; j < it->n; j++) {
			double x = it->x[j], y = it->y[j], px, py;

			if (!isfinite(x) || !isfinite(y))
				continue;
			px = tx(f, x);
			py = ty(f, y);
			/* Outside a fixed range or below a log axis: left
			 * out, so the count of markers is the count shown. */
			if (isnan(py) || px < f->x0 - 0.5 ||
			    px > f->x0 + f->pw + 0.5 || py < f->y0 - 0.5 ||
			    py > f->y0 + f->ph + 0.5)
				continue;
			marker(fp, px, py, &it->st, "pt");
		}
		return;
	}
	fprintf(fp, "<path clip-path=\"url(#c%d)\" d=\"", clip);
	for (j = 0; j < it->n; j++) {
		double x = it->x[j], y = it->y[j], py;

		py = ty(f, y);
		if (it->kind == K_POLY && isnan(py) && isfinite(y))
			py = f->y0 + f->ph; /* log axis: down to the bottom */
		if (!isfinite(x) || !isfinite(py)) {
			open = 0;
			continue;
		}
		fprintf(fp, "%s%.2f %.2f", open ? "L" : "M", tx(f, x), py);
		open = 1;
	}
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

static void
draw_legend(FILE *fp, const struct frame *f, const struct hop_svg_panel *p)
{
	size_t i, n = 0, maxlen = 0;
	double x, y, w;

	for (i = 0; i < p->nitems; i++)
		if (p->items[i].legend != NULL) {
			size_t l = strlen(p->items[i].legend);

			n++;
			maxlen = l > maxlen ? l : maxlen;
		}
	if (n == 0)
		return;
	w = 34 + 6.5 * (double)maxlen;
	x = f->x0 + f->pw - w - 6;
	y = f->y0 + 6;
	fprintf(fp, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
	    "fill=\"#ffffff\" fill-opacity=\"0.85\" stroke=\"#bbbbbb\"/>\n",
	    x, y, w, 16.0 * (double)n + 6);
	n = 0;
	for (i = 0; i < p->nitems; i++) {
		const struct item *it = &p->items[i];
		double ly = y + 14 + 16.0 * (double)n;

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
		fprintf(fp, "<text x=\"%.2f\" y=\"%.2f\">", x + 30, ly);
		put_text(fp, it->legend);
		fputs("</text>\n", fp);
	}
}

static void
draw_axes(FILE *fp, const struct frame *f, const struct hop_svg_panel *p)
{
	char buf[64];
	double v;
	int k;

	fprintf(fp, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
	    "fill=\"none\" stroke=\"#000000\"/>\n", f->x0, f->y0, f->pw, f->ph);
	/* x ticks (integers for categories). */
	for (k = 0; k <= 1000; k++) {
		double px;

		v = (p->ncats > 0 ? 0 : ceil(f->xlo / f->xstep - 1e-9) *
		    f->xstep) + k * f->xstep;
		if (v > f->xhi + 1e-9 * f->xstep)
			break;
		px = tx(f, v);
		fprintf(fp, "<path d=\"M%.2f %.2fv5\" stroke=\"#000000\"/>\n",
		    px, f->y0 + f->ph);
		fprintf(fp, "<text x=\"%.2f\" y=\"%.2f\" "
		    "text-anchor=\"middle\">", px, f->y0 + f->ph + 17);
		if (p->ncats > 0) {
			if ((size_t)k < p->ncats && p->cats[k] != NULL)
				put_text(fp, p->cats[k]);
		} else {
			tick_label(buf, sizeof(buf), v, f->xstep);
			put_text(fp, buf);
		}
		fputs("</text>\n", fp);
	}
	for (k = 0; k <= 1000; k++) {
		double py;

		v = ceil(f->ylo / f->ystep - 1e-9) * f->ystep + k * f->ystep;
		if (v > f->yhi + 1e-9 * f->ystep)
			break;
		py = f->y0 + f->ph - (v - f->ylo) / (f->yhi - f->ylo) * f->ph;
		fprintf(fp, "<path d=\"M%.2f %.2fh-5\" stroke=\"#000000\"/>\n",
		    f->x0, py);
		if (f->logy)
			snprintf(buf, sizeof(buf), "%g", pow(10, v));
		else
			tick_label(buf, sizeof(buf), v, f->ystep);
		fprintf(fp, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"end\">",
		    f->x0 - 8, py + 4);
		put_text(fp, buf);
		fputs("</text>\n", fp);
	}
	if (p->xlabel != NULL) {
		fprintf(fp, "<text x=\"%.2f\" y=\"%.2f\" "
		    "text-anchor=\"middle\">", f->x0 + f->pw / 2,
		    f->y0 + f->ph + 37);
		put_text(fp, p->xlabel);
		fputs("</text>\n", fp);
	}
	if (p->ylabel != NULL) {
		double cx = f->x0 - 48, cy = f->y0 + f->ph / 2;

		fprintf(fp, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\" "
		    "transform=\"rotate(-90 %.2f %.2f)\">", cx, cy, cx, cy);
		put_text(fp, p->ylabel);
		fputs("</text>\n", fp);
	}
	if (p->title != NULL) {
		fprintf(fp, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\" "
		    "font-weight=\"bold\">", f->x0 + f->pw / 2, f->y0 - 9);
		put_text(fp, p->title);
		fputs("</text>\n", fp);
	}
}

int
hop_svg_print(struct hop_svg *s, FILE *fp)
{
	double top = s->title != NULL ? 30 : 0;
	double W = s->w * s->cols, H = s->h * s->rows + top;
	int r, c;

	if (s->failed)
		return -1;
	fprintf(fp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
	    "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
	    "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" "
	    "font-size=\"12\">\n", W, H, W, H);
	fprintf(fp, "<rect width=\"100%%\" height=\"100%%\" "
	    "fill=\"#ffffff\"/>\n");
	if (s->title != NULL) {
		fprintf(fp, "<text x=\"%.2f\" y=\"20\" text-anchor=\"middle\" "
		    "font-size=\"15\" font-weight=\"bold\">", W / 2);
		put_text(fp, s->title);
		fputs("</text>\n", fp);
	}
	for (r = 0; r < s->rows; r++)
		for (c = 0; c < s->cols; c++) {
			const struct hop_svg_panel *p =
			    &s->panels[r * s->cols + c];
			int id = r * s->cols + c;
			struct frame f;
			size_t i;

			/* A panel nobody drew into stays blank. */
			if (p->nitems == 0 && p->title == NULL &&
			    p->xlabel == NULL && p->ylabel == NULL &&
			    p->ncats == 0)
				continue;
			f.x0 = c * s->w + ML;
			f.y0 = top + r * s->h + MT;
			f.pw = s->w - ML - MR;
			f.ph = s->h - MT - MB;
			auto_range(p, &f);
			fprintf(fp, "<clipPath id=\"c%d\"><rect x=\"%.2f\" "
			    "y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"/>"
			    "</clipPath>\n", id, f.x0, f.y0, f.pw, f.ph);
			fprintf(fp, "<g>\n");
			for (i = 0; i < p->nitems; i++)
				draw_item(fp, &f, &p->items[i], id);
			draw_axes(fp, &f, p);
			draw_legend(fp, &f, p);
			fprintf(fp, "</g>\n");
		}
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
