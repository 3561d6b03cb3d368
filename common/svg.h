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

/* The panel at (row, col), 0-based; NULL when outside the grid.  A panel
 * without items, labels or categories is left blank. */
struct hop_svg_panel *hop_svg_panel(struct hop_svg *s, int row, int col);

/* Panel title and axis labels (any may be NULL). */
int hop_svg_labels(struct hop_svg_panel *p, const char *title,
    const char *xlabel, const char *ylabel);
/* Logarithmic y axis: values <= 0 are left out. */
void hop_svg_log_y(struct hop_svg_panel *p, int on);
/* Fixed axis ranges instead of automatic ones. */
void hop_svg_xlim(struct hop_svg_panel *p, double lo, double hi);
void hop_svg_ylim(struct hop_svg_panel *p, double lo, double hi);
/* Categorical x axis: category i sits at x = i, labelled names[i]. */
int hop_svg_categories(struct hop_svg_panel *p, const char *const *names,
    size_t n);

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

/* Write the figure to fp. 0, or -1 when drawing failed earlier. */
int hop_svg_print(struct hop_svg *s, FILE *fp);
/* Write the figure to path atomically (see outfile.h). 0 or -1. */
int hop_svg_write(struct hop_svg *s, const char *path, struct hop_err *err);

#endif
