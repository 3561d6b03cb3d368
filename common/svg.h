/*
 * svg.h - figures as self-contained SVG files: a grid of panels, each with
 * axes, "nice" ticks, labels, an optional logarithmic y axis or named
 * categories on x, and a legend; drawn with points (several marker
 * shapes), lines, error bars, filled polygons, histograms and violins.
 * The output is plain SVG 1.1 (no scripts, no external fonts or files)
 * that opens in a browser and in Inkscape and parses as XML.
 *
 * Usage: hop_svg_new, then hop_svg_panel for each panel, draw into the
 * panels, hop_svg_write (or hop_svg_print) once, hop_svg_free.  Drawing
 * copies its data.  Drawing functions return 0 or -1 (out of memory);
 * a failure is also remembered and reported by hop_svg_write, so callers
 * may check only there.  Ranges are automatic unless set.
 */
#ifndef HOP_SVG_H
#define HOP_SVG_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"

enum hop_marker {
	HOP_MARK_CIRCLE, HOP_MARK_SQUARE, HOP_MARK_TRIANGLE,
	HOP_MARK_DIAMOND, HOP_MARK_CROSS, HOP_MARK_PLUS,
	HOP_MARK_NONE,
	/* After HOP_MARK_NONE, so that tools cycling through the shapes
	 * before it (marker % HOP_MARK_NONE) keep their figures. */
	HOP_MARK_TRIANGLE_DOWN,
	/* An upper limit: a downward triangle centred on the value with an
	 * arrow pointing down from its tip (the arrow is about 2.5 marker
	 * radii long, in px: it shows a direction, not a value). */
	HOP_MARK_UPPER
};

/* How an item is drawn.  colour indexes a colour-blind-safe palette of
 * HOP_SVG_NCOLOURS colours (modulo); -1 is black. */
#define HOP_SVG_NCOLOURS 8
/* A sequential colour map for heat maps: colour HOP_SVG_CMAP + k, k = 0
 * (low, dark blue) to 255 (high, yellow), rising in lightness. */
#define HOP_SVG_CMAP 1024
struct hop_svg_style {
	int colour;
	enum hop_marker marker; /* points: shape */
	double size;            /* points: marker radius in px (0: 3) */
	int dashed;             /* lines */
	double width;           /* lines: stroke width in px (0: 1.5) */
	double opacity;         /* fills and points (0: 1, or 0.5 for fills) */
};

struct hop_svg;
struct hop_svg_panel;

/* A figure of rows x cols panels, each w x h pixels, with an optional
 * title over the whole figure.  NULL when out of memory. */
struct hop_svg *hop_svg_new(int rows, int cols, double w, double h,
    const char *title);
void hop_svg_free(struct hop_svg *s);
/* Replace the figure's title (NULL: none). */
int hop_svg_title(struct hop_svg *s, const char *title);

/* The panel at (row, col), 0-based; NULL when outside the grid.  A panel
 * without items, labels or categories is left blank. */
struct hop_svg_panel *hop_svg_panel(struct hop_svg *s, int row, int col);

/* Panel title and axis labels (any may be NULL). */
int hop_svg_labels(struct hop_svg_panel *p, const char *title,
    const char *xlabel, const char *ylabel);
/* Logarithmic y axis: values <= 0 are left out. */
void hop_svg_log_y(struct hop_svg_panel *p, int on);
/* One scale on both axes (a map: an Angstrom is as long along x as
 * along y): the shorter range is widened about its middle.  Not with a
 * logarithmic or categorical axis. */
void hop_svg_equal_scale(struct hop_svg_panel *p, int on);
/* Fixed axis ranges instead of automatic ones. */
void hop_svg_xlim(struct hop_svg_panel *p, double lo, double hi);
void hop_svg_ylim(struct hop_svg_panel *p, double lo, double hi);
/* Categorical x axis: category i sits at x = i, labelled names[i]. */
int hop_svg_categories(struct hop_svg_panel *p, const char *const *names,
    size_t n);
/*
 * A note written across the middle of the plot area (NULL: none), such
 * as why the panel shows nothing.  A panel with a note and no items
 * draws its frame, title and axis labels but no ticks (an empty panel
 * has no range to show), except its categories' names.
 */
int hop_svg_note(struct hop_svg_panel *p, const char *text);

/* Markers at (x[i], y[i]); legend NULL for no legend entry.  Each marker
 * is an element with class="pt" (legend markers are not). */
int hop_svg_points(struct hop_svg_panel *p, const double *x, const double *y,
    size_t n, const struct hop_svg_style *st, const char *legend);
/* A polyline through the points; non-finite points break the line. */
int hop_svg_line(struct hop_svg_panel *p, const double *x, const double *y,
    size_t n, const struct hop_svg_style *st, const char *legend);
/*
 * Vertical error bars: at x[i], from ylo[i] to yhi[i], with a cap at each
 * end (caps half st->size wide, 0: 3 px; stroke st->width, 0: 1 px).
 * Each bar shown is one element with class="ebar".  An end outside the
 * axis range, or on a log axis an end <= 0 (so a bar reaching down to
 * zero or below), is cut at the frame and drawn without its cap, which
 * shows the bar goes on.  A bar with a non-finite x or yhi, or a yhi <= 0
 * on a log axis, or wholly outside the range, is left out.  Ends <= 0 do
 * not count in a log axis's automatic range.
 */
int hop_svg_errorbars(struct hop_svg_panel *p, const double *x,
    const double *ylo, const double *yhi, size_t n,
    const struct hop_svg_style *st, const char *legend);
/* A closed, filled polygon. */
int hop_svg_polygon(struct hop_svg_panel *p, const double *x,
    const double *y, size_t n, const struct hop_svg_style *st,
    const char *legend);
/* A histogram: nbins bars between the nbins + 1 edges, of heights h. */
int hop_svg_hist(struct hop_svg_panel *p, const double *edges,
    const double *h, size_t nbins, const struct hop_svg_style *st,
    const char *legend);
/*
 * A violin centred at x = xc: the density dens[i] at y[i] (n points,
 * ascending y) is drawn symmetrically, its maximum halfw wide on each
 * side; a line marks the median.
 */
int hop_svg_violin(struct hop_svg_panel *p, double xc, double halfw,
    const double *y, const double *dens, size_t n, double median,
    const struct hop_svg_style *st);

/*
 * The geometry of the figure as last written: every box the writer
 * placed, in px of the SVG's coordinates (y down).  Text boxes are
 * estimated from DejaVu Sans's advance widths (the font the SVG asks
 * for first), from the ascent to the descent.  Data marks are points'
 * marker boxes, error bars' boxes, and points along every drawn line
 * and outline no more than 4 px apart (within the plot area, as drawn).
 * The same list is written into the SVG as
 *   <metadata id="hop-geometry">{"boxes":[["KIND",PANEL,X0,Y0,X1,Y1],
 *   ...]}</metadata>
 * (KIND as hop_svg_box_name gives it, PANEL -1 for the figure's title)
 * so that a test can read it from the file.
 */
enum hop_svg_box_kind {
	HOP_BOX_PLOT,   /* a panel's plot area (the frame) */
	HOP_BOX_TITLE,  /* text: the figure's or a panel's title */
	HOP_BOX_LABEL,  /* text: an axis label */
	HOP_BOX_TICK,   /* text: a tick label or category name */
	HOP_BOX_ENTRY,  /* text: a legend entry (its text) */
	HOP_BOX_LEGEND, /* a legend's frame, holding its entries */
	HOP_BOX_POINT,  /* mark: a point's marker (class="pt") */
	HOP_BOX_LINE,   /* mark: a point on a line or filled outline */
	HOP_BOX_BAR,    /* mark: an error bar (class="ebar") */
	HOP_BOX_NOTE    /* text: a panel's note (hop_svg_note) */
};
struct hop_svg_box {
	enum hop_svg_box_kind kind;
	int panel; /* row * cols + col; -1: the figure's title */
	double x0, y0, x1, y1;
};
/* The name of a kind ("plot", "title", "label", "tick", "entry",
 * "legend", "point", "line", "bar", "note"). */
const char *hop_svg_box_name(enum hop_svg_box_kind k);
/* 1 for the kinds that are text (title, label, tick, entry, note). */
int hop_svg_box_is_text(enum hop_svg_box_kind k);
/* 1 for the kinds that are data marks (point, line, bar). */
int hop_svg_box_is_mark(enum hop_svg_box_kind k);
/* Copy up to max boxes of the last hop_svg_print or hop_svg_write into
 * out (may be NULL when max is 0); returns how many there are. */
size_t hop_svg_boxes(const struct hop_svg *s, struct hop_svg_box *out,
    size_t max);

/*
 * Write the figure to fp. 0, or -1 when drawing failed earlier.
 * Layout: each panel's left margin holds its widest y tick label and
 * the y label left of it; numbers read as plain decimals, or as
 * m×10ⁿ when they need more than three decimals or reach 10⁵; a log
 * axis has its ticks at decades labelled 10ⁿ (and at 2 and 5 times
 * them when it spans few decades).  The legend goes into the corner of
 * the plot area (top right, top left, bottom right, bottom left, then
 * the middles of the edges) where it covers no data mark, else outside
 * the plot area on the right, the plot narrowed to make room (when it
 * keeps half its width), else above it, the plot lowered (when it keeps
 * half its height); only when neither fits, the corner covering the
 * fewest marks.
 */
int hop_svg_print(struct hop_svg *s, FILE *fp);
/* Write the figure to path atomically (see outfile.h). 0 or -1. */
int hop_svg_write(struct hop_svg *s, const char *path, struct hop_err *err);

#endif
