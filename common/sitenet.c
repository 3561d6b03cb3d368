/*
 * sitenet.c - see sitenet.h.  The interface only: the method follows.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sitenet.h"

void
hop_sitenet_opts_init(struct hop_sitenet_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->max_points = 4000000;
}

struct hop_sitenet *
hop_sitenet_build(const struct hop_posstore *s, const size_t *ions,
    size_t nions, const double cell[9], const struct hop_sitenet_opts *o,
    struct hop_err *err)
{
	(void)s;
	(void)ions;
	(void)nions;
	(void)cell;
	(void)o;
	hop_err_set(err, "sites from the data: not implemented yet");
	return NULL;
}

void
hop_sitenet_free(struct hop_sitenet *net)
{
	if (net == NULL)
		return;
	free(net->site);
	free(net);
}

uint32_t
hop_sitenet_nearest(const struct hop_sitenet *net, const double r[3],
    double *d, int32_t img[3])
{
	(void)net;
	(void)r;
	if (d != NULL)
		*d = NAN;
	if (img != NULL)
		img[0] = img[1] = img[2] = 0;
	return HOP_SITE_NONE;
}

struct hop_sitenet_ws {
	size_t n;
};

struct hop_sitenet_ws *
hop_sitenet_ws_new(const struct hop_sitenet *net, size_t n)
{
	struct hop_sitenet_ws *w = calloc(1, sizeof(*w));

	(void)net;
	if (w != NULL)
		w->n = n;
	return w;
}

void
hop_sitenet_ws_free(struct hop_sitenet_ws *w)
{
	free(w);
}

int
hop_sitenet_assign(const struct hop_sitenet *net, struct hop_sitenet_ws *w,
    const double origin[3], const float *x, const float *y, const float *z,
    size_t n, struct hop_sitenet_path *path, struct hop_err *err)
{
	(void)net;
	(void)w;
	(void)origin;
	(void)x;
	(void)y;
	(void)z;
	(void)n;
	memset(path, 0, sizeof(*path));
	hop_err_set(err, "sites from the data: not implemented yet");
	return -1;
}

void
hop_sitenet_tally(struct hop_sitenet *net, const struct hop_sitenet_path *path)
{
	(void)net;
	(void)path;
}
