/*
 * test_svg.c - the SVG module: a scatter plot with a colour and a marker
 * per cluster (as kmeans-hops --svg-atom needs), lines, histograms,
 * violins, log axes, error bars and upper-limit markers, and text
 * escaping; the file written atomically.
 */
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
	T_OK("log axis decades", strstr(out, ">0.001<") != NULL &&
	    strstr(out, ">10<") != NULL);
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
		    strstr(out, ">0.001<") != NULL);
		free(out);
	}
	hop_svg_free(s);
	T_OK("bad sizes refused", hop_svg_new(0, 1, 300, 300, NULL) == NULL &&
	    hop_svg_new(1, 1, 10, 300, NULL) == NULL);
	return t_done();
}
