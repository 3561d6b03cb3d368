/*
 * vacancy.c - vacancies followed as identities over the jumps of a site
 * assignment, and their diffusivity (see vacancy.h for the rules).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "msd.h"
#include "stats.h"
#include "vacancy.h"

/* Growing arrays. */
static int
grow(void **p, size_t *cap, size_t need, size_t size, struct hop_err *err)
{
	size_t c = *cap ? *cap : 64;
	void *q;

	if (need <= *cap)
		return 0;
	while (c < need)
		c *= 2;
	if ((q = realloc(*p, c * size)) == NULL) {
		hop_err_set(err, "out of memory");
		return -1;
	}
	*p = q;
	*cap = c;
	return 0;
}

static int
cmp_arrival(const void *a, const void *b)
{
	const struct hop_jump *x = *(const struct hop_jump *const *)a;
	const struct hop_jump *y = *(const struct hop_jump *const *)b;

	if (x->arrived != y->arrived)
		return x->arrived < y->arrived ? -1 : 1;
	if (x->ion != y->ion)
		return x->ion < y->ion ? -1 : 1;
	return 0;
}

/* The tracker's state while the jumps are replayed. */
struct trk {
	struct hop_vacancies *v;
	const struct hop_siteset *s;
	const double *cell;
	uint32_t *cnt;        /* ions holding each site */
	int64_t *vac_at;      /* the vacancy on each site, -1 */
	double *vpos;         /* per vacancy: unwrapped position */
	uint32_t *vsite;      /* per vacancy: its site */
	uint64_t *since;      /* per site: frame it became empty */
	uint64_t count;       /* vacancies now */
	size_t capvac, capmove, capv;
};

static int
event(struct trk *k, uint64_t t, uint32_t vac, enum hop_vac_event kind,
    struct hop_err *err)
{
	struct hop_vacancies *v = k->v;
	struct hop_vac_move *m;

	if (grow((void **)&v->move, &k->capmove, v->nmoves + 1,
	    sizeof(*v->move), err) != 0)
		return -1;
	m = &v->move[v->nmoves++];
	m->frame = t;
	m->vac = vac;
	m->site = k->vsite[vac];
	m->kind = kind;
	memcpy(m->pos, &k->vpos[3 * (size_t)vac], sizeof(m->pos));
	return 0;
}

/* A new vacancy on the empty site s at frame t. */
static int
born(struct trk *k, uint32_t site, uint64_t t, struct hop_err *err)
{
	struct hop_vacancies *v = k->v;
	uint32_t id = (uint32_t)v->nvac;

	if (grow((void **)&v->vac, &k->capvac, v->nvac + 1, sizeof(*v->vac),
	    err) != 0 || grow((void **)&k->vpos, &k->capv, 3 * (v->nvac + 1),
	    sizeof(double), err) != 0)
		return -1;
	{
		void *q = realloc(k->vsite, (v->nvac + 1) * sizeof(uint32_t));

		if (q == NULL) {
			hop_err_set(err, "out of memory");
			return -1;
		}
		k->vsite = q;
	}
	v->vac[id].born = t;
	v->vac[id].died = HOP_VAC_ALIVE;
	v->vac[id].moves = 0;
	k->vsite[id] = site;
	hop_frac_to_cart(&k->s->frac[3 * (size_t)site], k->cell,
	    &k->vpos[3 * (size_t)id]);
	k->vac_at[site] = id;
	v->nvac++;
	if (t > 0)
		v->births++;
	return event(k, t, id, HOP_VAC_BORN, err);
}

/* The jumps J[0 .. n) that arrive at frame t, taken together. */
static int
batch(struct trk *k, const struct hop_jump *const *J, size_t n, uint64_t t,
    uint32_t *before, unsigned char *used, struct hop_err *err)
{
	struct hop_vacancies *v = k->v;
	size_t i, q;

	/* Counts before, then after every jump of the frame. */
	for (i = 0; i < n; i++) {
		before[2 * i] = k->cnt[J[i]->from];
		before[2 * i + 1] = k->cnt[J[i]->to];
	}
	for (i = 0; i < n; i++) {
		/* A site counted twice keeps its first (true) count. */
		for (q = 0; q < i; q++) {
			if (J[q]->from == J[i]->from)
				before[2 * i] = before[2 * q];
			if (J[q]->to == J[i]->from)
				before[2 * i] = before[2 * q + 1];
			if (J[q]->from == J[i]->to)
				before[2 * i + 1] = before[2 * q];
			if (J[q]->to == J[i]->to)
				before[2 * i + 1] = before[2 * q + 1];
		}
	}
	for (i = 0; i < n; i++) {
		k->cnt[J[i]->from]--;
		k->cnt[J[i]->to]++;
		used[i] = 0;
	}
	/* Each filled site sends its vacancy back along the chain. */
	for (i = 0; i < n; i++) {
		uint32_t b = J[i]->to, cur = b;
		int64_t id = k->vac_at[b];
		double disp[3] = {0, 0, 0};
		size_t steps;
		int placed = 0;

		if (before[2 * i + 1] != 0 || k->cnt[b] == 0 || id < 0)
			continue;
		for (steps = 0; steps < n && !placed; steps++) {
			size_t j;

			for (j = 0; j < n; j++)
				if (!used[j] && J[j]->to == cur)
					break;
			if (j == n)
				break;
			used[j] = 1;
			for (q = 0; q < 3; q++)
				disp[q] -= J[j]->vec[q];
			cur = J[j]->from;
			if (k->cnt[cur] == 0 && k->vac_at[cur] < 0)
				placed = 1;
		}
		k->vac_at[b] = -1;
		v->empty_frames[b] += t - k->since[b];
		if (placed) {
			double l2 = disp[0] * disp[0] + disp[1] * disp[1] +
			    disp[2] * disp[2];

			for (q = 0; q < 3; q++)
				k->vpos[3 * (size_t)id + q] += disp[q];
			k->vsite[id] = cur;
			k->vac_at[cur] = id;
			k->since[cur] = t;
			v->vac[id].moves++;
			v->vjumps++;
			v->sum_l2 += l2;
			v->sum_l4 += l2 * l2;
			if (event(k, t, (uint32_t)id, HOP_VAC_MOVED, err) != 0)
				return -1;
		} else {
			v->vac[id].died = t;
			v->deaths++;
			k->count--;
			if (event(k, t, (uint32_t)id, HOP_VAC_DIED, err) != 0)
				return -1;
		}
	}
	/* Emptied sites that no chain reached: births. */
	for (i = 0; i < n; i++) {
		uint32_t a = J[i]->from;

		if (k->cnt[a] == 0 && k->vac_at[a] < 0) {
			k->since[a] = t;
			k->count++;
			if (born(k, a, t, err) != 0)
				return -1;
		}
	}
	return 0;
}

int
hop_vacancy_track(const struct hop_siteocc *o, const struct hop_siteset *s,
    const double cell[9], struct hop_vacancies *v, struct hop_err *err)
{
	struct trk k;
	const struct hop_jump *jumps, **J = NULL;
	const struct hop_residence *res;
	size_t nj, nr, i, b, maxb = 0;
	uint32_t nions = hop_siteocc_ions(o), *first = NULL, *before = NULL;
	uint64_t *firstt = NULL, t;
	unsigned char *used = NULL;
	int ret = -1;

	memset(v, 0, sizeof(*v));
	memset(&k, 0, sizeof(k));
	k.v = v;
	k.s = s;
	k.cell = cell;
	v->nsites = s->n;
	v->frames = hop_siteocc_frames(o);
	jumps = hop_siteocc_jumps(o, &nj);
	res = hop_siteocc_residences(o, &nr);
	k.cnt = calloc(s->n ? s->n : 1, sizeof(*k.cnt));
	k.vac_at = malloc((s->n ? s->n : 1) * sizeof(*k.vac_at));
	k.since = calloc(s->n ? s->n : 1, sizeof(*k.since));
	v->empty_frames = calloc(s->n ? s->n : 1, sizeof(uint64_t));
	first = malloc((nions ? nions : 1) * sizeof(*first));
	firstt = malloc((nions ? nions : 1) * sizeof(*firstt));
	J = malloc((nj ? nj : 1) * sizeof(*J));
	if (k.cnt == NULL || k.vac_at == NULL || k.since == NULL ||
	    v->empty_frames == NULL || first == NULL || firstt == NULL ||
	    J == NULL) {
		hop_err_set(err, "out of memory");
		goto out;
	}
	/* Each ion's first confirmed site, held from the start. */
	for (i = 0; i < nions; i++) {
		first[i] = UINT32_MAX;
		firstt[i] = UINT64_MAX;
	}
	for (i = 0; i < nr; i++)
		if (res[i].first < firstt[res[i].ion]) {
			firstt[res[i].ion] = res[i].first;
			first[res[i].ion] = res[i].site;
		}
	for (i = 0; i < nions; i++)
		if (first[i] != UINT32_MAX) {
			k.cnt[first[i]]++;
			v->ions_placed++;
		}
	for (i = 0; i < s->n; i++)
		k.vac_at[i] = -1;
	for (i = 0; i < s->n; i++)
		if (k.cnt[i] == 0) {
			k.count++;
			if (born(&k, (uint32_t)i, 0, err) != 0)
				goto out;
		}
	v->min = v->max = k.count;
	for (i = 0; i < nj; i++)
		J[i] = &jumps[i];
	qsort(J, nj, sizeof(*J), cmp_arrival);
	for (i = 0; i < nj; i = b) {
		for (b = i; b < nj && J[b]->arrived == J[i]->arrived; b++)
			;
		if (b - i > maxb) {
			void *p = realloc(before, 2 * (b - i) * sizeof(*before));
			void *u = p ? realloc(used, b - i) : NULL;

			if (p != NULL)
				before = p;
			if (u == NULL) {
				hop_err_set(err, "out of memory");
				goto out;
			}
			used = u;
			maxb = b - i;
		}
		t = J[i]->arrived;
		if (batch(&k, J + i, b - i, t, before, used, err) != 0)
			goto out;
		if (k.count < v->min)
			v->min = k.count;
		if (k.count > v->max)
			v->max = k.count;
	}
	for (i = 0; i < s->n; i++)
		if (k.vac_at[i] >= 0)
			v->empty_frames[i] += v->frames - k.since[i];
	v->mean = 0;
	for (i = 0; i < s->n; i++)
		v->mean += (double)v->empty_frames[i];
	v->mean = v->frames ? v->mean / (double)v->frames : NAN;
	for (i = 0; i < v->nvac; i++)
		v->nconserved += v->vac[i].born == 0 &&
		    v->vac[i].died == HOP_VAC_ALIVE;
	ret = 0;
out:
	free(k.cnt);
	free(k.vac_at);
	free(k.since);
	free(k.vpos);
	free(k.vsite);
	free(first);
	free(firstt);
	free(J);
	free(before);
	free(used);
	if (ret != 0)
		hop_vacancies_free(v);
	return ret;
}

void
hop_vacancies_free(struct hop_vacancies *v)
{
	free(v->vac);
	free(v->move);
	free(v->empty_frames);
	memset(v, 0, sizeof(*v));
}

void
hop_vac_cursor_init(struct hop_vac_cursor *c, const struct hop_vacancies *v,
    uint32_t *site, double *pos)
{
	size_t i;

	c->v = v;
	c->frame = 0;
	c->next = 0;
	for (i = 0; i < v->nvac; i++) {
		site[i] = HOP_SITE_GONE;
		pos[3 * i] = pos[3 * i + 1] = pos[3 * i + 2] = NAN;
	}
}

void
hop_vac_cursor_frame(struct hop_vac_cursor *c, uint32_t *site, double *pos)
{
	const struct hop_vacancies *v = c->v;

	while (c->next < v->nmoves && v->move[c->next].frame <= c->frame) {
		const struct hop_vac_move *m = &v->move[c->next++];

		site[m->vac] = m->kind == HOP_VAC_DIED ? HOP_SITE_GONE :
		    m->site;
		memcpy(&pos[3 * (size_t)m->vac], m->pos, sizeof(m->pos));
	}
	c->frame++;
}

#define WIN_FROM 0.05
#define WIN_TO 0.3

int
hop_vacancy_diffusion(const struct hop_vacancies *v, double dt_ps,
    size_t nblocks, struct hop_vacdiff *d, struct hop_err *err)
{
	struct hop_msd_traj *t = NULL;
	struct hop_vac_cursor c;
	uint32_t *site = NULL, *idx = NULL, nc = 0;
	double *pos = NULL, *cons = NULL, *self = NULL, *lag = NULL,
	    *slope = NULL, nt;
	size_t i, f, len, nb;
	int ret = -1;

	memset(d, 0, sizeof(*d));
	d->d = d->dd = d->d_jump = d->dd_jump = NAN;
	nt = v->mean * (double)(v->frames - 1) * dt_ps;
	if (v->mean > 0 && dt_ps > 0 && v->frames > 1) {
		d->d_jump = v->sum_l2 / (6 * nt);
		d->dd_jump = sqrt(v->sum_l4) / (6 * nt);
	}
	d->ntraj = v->nconserved < HOP_VAC_MAX_TRAJ ? v->nconserved :
	    HOP_VAC_MAX_TRAJ;
	nb = nblocks;
	while (nb >= 2 && v->frames / nb < HOP_MSD_MIN_BLOCK)
		nb--;
	if (v->nconserved == 0 || nb < 2 || !(dt_ps > 0))
		return 0;
	len = (size_t)(v->frames / nb);
	d->nblocks = nb;
	d->block_frames = len;
	site = malloc((v->nvac ? v->nvac : 1) * sizeof(*site));
	idx = malloc(d->ntraj * sizeof(*idx));
	pos = malloc(3 * (v->nvac ? v->nvac : 1) * sizeof(*pos));
	cons = malloc(3 * d->ntraj * sizeof(*cons));
	self = malloc(len * sizeof(*self));
	lag = malloc(len * sizeof(*lag));
	slope = malloc(nb * sizeof(*slope));
	if (site == NULL || idx == NULL || pos == NULL || cons == NULL ||
	    self == NULL || lag == NULL || slope == NULL) {
		hop_err_set(err, "out of memory");
		goto out;
	}
	for (i = 0; i < v->nvac && nc < d->ntraj; i++)
		if (v->vac[i].born == 0 && v->vac[i].died == HOP_VAC_ALIVE)
			idx[nc++] = (uint32_t)i;
	if ((t = hop_msd_traj_new(nc, HOP_MSD_X | HOP_MSD_Y | HOP_MSD_Z,
	    err)) == NULL)
		goto out;
	hop_vac_cursor_init(&c, v, site, pos);
	for (f = 0; f < v->frames; f++) {
		hop_vac_cursor_frame(&c, site, pos);
		for (i = 0; i < nc; i++)
			memcpy(&cons[3 * i], &pos[3 * (size_t)idx[i]],
			    3 * sizeof(double));
		if (hop_msd_traj_add(t, cons, NULL, err) != 0)
			goto out;
	}
	for (i = 0; i < len; i++)
		lag[i] = (double)i * dt_ps;
	for (i = 0; i < nb; i++) {
		if (hop_msd_traj_compute(t, i * len, len, 1, self, NULL,
		    err) != 0)
			goto out;
		hop_msd_fit_window(lag, self, len, WIN_FROM, WIN_TO,
		    &slope[i], NULL);
		slope[i] /= 6;
	}
	d->d = 0;
	for (i = 0; i < nb; i++)
		d->d += slope[i];
	d->d /= (double)nb;
	d->dd = hop_stddev(slope, nb) / sqrt((double)nb);
	ret = 0;
out:
	hop_msd_traj_free(t);
	free(site);
	free(idx);
	free(pos);
	free(cons);
	free(self);
	free(lag);
	free(slope);
	return ret;
}
