/*
 * hops.c - see hops.h.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hops.h"

static int
grow(void **p, size_t *cap, size_t n, size_t size)
{
	void *np;
	size_t ncap;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 64;
	if ((np = realloc(*p, ncap * size)) == NULL)
		return -1;
	*p = np;
	*cap = ncap;
	return 0;
}

/* Load the hop and per-atom records of an open stream into run. */
static int
load(struct hop_reader *r, const char *name, struct hop_run *run,
    struct hop_err *err)
{
	struct hop_record rec;
	size_t hcap = 0, acap = 0;
	int st;

	while ((st = hop_reader_next(r, &rec, err)) == 1) {
		if (rec.type == HOP_REC_HOP) {
			if (grow((void **)&run->hops, &hcap, run->nhops,
			    sizeof(*run->hops)) != 0)
				goto nomem;
			if (hop_event_decode(r, &rec, &run->hops[run->nhops],
			    err) != 0)
				return -1;
			run->nhops++;
		} else if (rec.type == HOP_REC_ATOM) {
			if (grow((void **)&run->atoms, &acap, run->natoms,
			    sizeof(*run->atoms)) != 0)
				goto nomem;
			if (hop_atom_decode(r, &rec, &run->atoms[run->natoms],
			    err) != 0)
				return -1;
			run->natoms++;
		}
	}
	if (st < 0)
		return -1;
	if (run->natoms == 0 && run->nhops > 0) {
		hop_err_set(err, "%s: %zu hop record%s but no per-atom "
		    "records: not the whole output of a hop finder "
		    "(kmeans-hops writes one per atom)", name, run->nhops,
		    run->nhops == 1 ? "" : "s");
		return -1;
	}
	if (run->natoms == 0 && hop_reader_frames(r) == 0) {
		hop_err_set(err, "%s: no records (no frames, hops or per-atom "
		    "records): not the output of a hop finder (run "
		    "kmeans-hops)", name);
		return -1;
	}
	if (run->natoms == 0) {
		hop_err_set(err, "%s: a frame stream where hops were expected "
		    "(run kmeans-hops first)", name);
		return -1;
	}
	return hop_header_copy(&run->h, hop_reader_header(r), err);
nomem:
	hop_err_set(err, "%s: out of memory", name);
	return -1;
}

static int
load_reader(struct hop_reader *r, struct hop_run *run, struct hop_err *err)
{
	const char *name;

	if (r == NULL)
		return -1;
	name = hop_reader_name(r);
	if ((run->name = strdup(name)) == NULL) {
		hop_err_set(err, "%s: out of memory", name);
		hop_reader_free(r);
		return -1;
	}
	if (load(r, name, run, err) != 0) {
		hop_reader_free(r);
		hop_run_free(run);
		return -1;
	}
	hop_reader_free(r);
	return 0;
}

int
hop_run_load(FILE *fp, const char *name, struct hop_run *run,
    struct hop_err *err)
{
	memset(run, 0, sizeof(*run));
	hop_header_init(&run->h);
	return load_reader(hop_reader_open(fp, name, err), run, err);
}

int
hop_run_load_path(const char *path, struct hop_run *run, struct hop_err *err)
{
	memset(run, 0, sizeof(*run));
	hop_header_init(&run->h);
	return load_reader(hop_reader_open_path(path, err), run, err);
}

void
hop_run_free(struct hop_run *run)
{
	free(run->name);
	free(run->hops);
	free(run->atoms);
	hop_header_free(&run->h);
	memset(run, 0, sizeof(*run));
	hop_header_init(&run->h);
}

int
hop_runs_load(char *const *paths, int npaths, struct hop_run **runs,
    size_t *nruns, struct hop_err *err)
{
	size_t n = npaths > 0 ? (size_t)npaths : 1, i;
	struct hop_run *r = calloc(n, sizeof(*r));

	if (r == NULL) {
		hop_err_set(err, "out of memory");
		return -1;
	}
	for (i = 0; i < n; i++)
		if (hop_run_load_path(npaths > 0 ? paths[i] : "-", &r[i],
		    err) != 0) {
			hop_runs_free(r, i + 1);
			return -1;
		}
	*runs = r;
	*nruns = n;
	return 0;
}

void
hop_runs_free(struct hop_run *runs, size_t nruns)
{
	size_t i;

	for (i = 0; i < nruns; i++)
		hop_run_free(&runs[i]);
	free(runs);
}

double
hop_length(const struct hop_event *hp)
{
	double dx = hp->end_pos[0] - hp->start_pos[0];
	double dy = hp->end_pos[1] - hp->start_pos[1];
	double dz = hp->end_pos[2] - hp->start_pos[2];

	return sqrt(dx * dx + dy * dy + dz * dz);
}

double
hop_site_dist(const struct hop_event *hp)
{
	double dx = hp->to_centre[0] - hp->from_centre[0];
	double dy = hp->to_centre[1] - hp->from_centre[1];
	double dz = hp->to_centre[2] - hp->from_centre[2];

	return sqrt(dx * dx + dy * dy + dz * dz);
}

double
hop_duration_ps(const struct hop_header *h, const struct hop_event *hp)
{
	return (double)(hp->end - hp->start) * h->dt_fs / 1000.0;
}

void
hop_tsv_header(FILE *fp)
{
	fputs("atom\tspecies\tstart\tend\tduration_ps\tlength_A\tbackhop\n",
	    fp);
}

void
hop_tsv_row(FILE *fp, const struct hop_header *h, const struct hop_event *hp)
{
	fprintf(fp, "%u\t%s\t%llu\t%llu\t%.6g\t%.4f\t%d\n", hp->atom,
	    h->species[hp->species].name, (unsigned long long)hp->start,
	    (unsigned long long)hp->end, hop_duration_ps(h, hp),
	    hop_length(hp), (hp->flags & HOP_EVENT_BACK) ? 1 : 0);
}
