/*
 * vacancy.h - vacancies where sites outnumber ions: which sites are empty
 * frame by frame, the vacancies followed as identities over time, and
 * their diffusivity.
 *
 * Occupation.  An ion holds its current site as siteocc.h defines it
 * (the flicker filter applied): from the arrival of a confirmed jump on,
 * it holds the new site; while it is between sites or on a flicker it
 * still holds its last site, so a site is not empty until its ion is
 * confirmed on another.  An ion holds its first confirmed site from the
 * start of the run (not from the frame that confirmed it).  An ion never
 * confirmed on any site holds none.  A site held by no ion is empty; it
 * holds one vacancy.
 *
 * Identities.  When an ion jumps from site A into the empty site B, the
 * vacancy of B moves to A: its unwrapped position moves by the
 * minimum-image vector from B to A (first frame's cell), so its
 * displacement over the run is a physical one and its MSD is meaningful.
 * All jumps that arrive in one frame are taken together: the counts of
 * ions per site are updated for all of them first; then each site that
 * was empty and is now held (in the order of the jumps) sends its
 * vacancy backwards along the frame's jumps (the jump that filled it,
 * then the jump that filled that jump's origin, ...) to the first site on
 * that chain that the frame left empty, adding up the vectors.  So a
 * chain A -> B -> C into the empty C moves C's vacancy to A in one step,
 * and two ions that swap sites move no vacancy.  A filled site whose
 * chain reaches no emptied site loses its vacancy (a death: two ions on
 * one site, or an ion that first appears there); an emptied site that no
 * chain reaches gets a new vacancy (a birth).  Vacancies are conserved,
 * and the vacancy mechanism's relations hold, only without births and
 * deaths.
 *
 * Diffusivity.  D_vac is fitted to the MSD of the conserved vacancies
 * (those that live the whole run; the first HOP_VAC_MAX_TRAJ of them by
 * identity, to bound memory at 24 bytes per vacancy and frame): the run
 * is cut into nblocks
 * consecutive blocks; in each, the MSD over every origin is fitted by a
 * straight line over the lags from 5 % to 30 % of the block's length
 * (msd.h: hop_msd_fit_window), D = slope / 6; D_vac is the mean over the
 * blocks and its standard error their standard deviation / sqrt(blocks).
 * D_vac_jump = sum lambda^2 / (6 <N_v> t) over every vacancy move (t =
 * (frames - 1) dt, as siteocc.h's D_jump), with
 * the standard error sqrt(sum lambda^4) / (6 <N_v> t) (Poisson): equal to
 * D_vac when the vacancy's moves are uncorrelated (a vacancy alone on a
 * lattice), so D_vac / D_vac_jump is the vacancy's correlation factor.
 *
 * Units: Angstrom, frames, and ps where dt_ps is given.  No I/O.  -1
 * means an error in err (out of memory).
 */
#ifndef HOP_VACANCY_H
#define HOP_VACANCY_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "siteocc.h"
#include "siteref.h"

#define HOP_VAC_ALIVE UINT64_MAX /* died: never */
#define HOP_VAC_MAX_TRAJ 256     /* vacancies fitted for D_vac, at most */

/* What happens to a vacancy at a frame. */
enum hop_vac_event { HOP_VAC_BORN, HOP_VAC_MOVED, HOP_VAC_DIED };

/* One event: from frame on, vacancy vac is at site with the unwrapped
 * Cartesian position pos (A, first frame's cell); DIED: gone from
 * frame on (site and pos where it was). */
struct hop_vac_move {
	uint64_t frame;
	uint32_t vac, site;
	enum hop_vac_event kind;
	double pos[3];
};

/* One vacancy's life. */
struct hop_vac {
	uint64_t born;     /* 0: empty from the start */
	uint64_t died;     /* HOP_VAC_ALIVE: to the end */
	uint64_t moves;    /* sites it moved to */
};

struct hop_vacancies {
	size_t nsites;
	uint64_t frames;
	uint32_t ions_placed;     /* ions ever on a site */
	size_t nvac;              /* identities */
	struct hop_vac *vac;
	size_t nmoves;            /* events in order of frame (births and
	                           * deaths included) */
	struct hop_vac_move *move;
	uint64_t *empty_frames;   /* per site: frames it was empty */
	double mean;              /* mean vacancies per frame */
	uint64_t min, max;        /* fewest and most in a frame */
	uint64_t births, deaths;  /* after the first frame */
	uint64_t vjumps;          /* vacancy moves */
	double sum_l2, sum_l4;    /* over them: lambda^2 and lambda^4, A^2
	                           * and A^4 */
	size_t nconserved;        /* vacancies alive the whole run */
};

/*
 * Follow the vacancies of the assignment o (finished) over the site set
 * s, whose sites are fractional in cell (the first frame's).  0, or -1
 * with err set (out of memory).  Free with hop_vacancies_free.
 */
int hop_vacancy_track(const struct hop_siteocc *o,
    const struct hop_siteset *s, const double cell[9],
    struct hop_vacancies *v, struct hop_err *err);
void hop_vacancies_free(struct hop_vacancies *v);

/* The diffusivity of the vacancies. */
struct hop_vacdiff {
	double d, dd;             /* D_vac, A^2/ps, and its standard error
	                           * (NaN: no conserved vacancy, or blocks
	                           * too short) */
	size_t nblocks, block_frames;
	size_t ntraj;             /* conserved vacancies fitted (at most
	                           * HOP_VAC_MAX_TRAJ) */
	double d_jump, dd_jump;   /* D_vac_jump, A^2/ps (NaN: no vacancy) */
};

/*
 * D_vac and D_vac_jump of v with dt_ps between frames, nblocks >= 2
 * blocks (fewer when the run is short: a block lasts at least
 * HOP_MSD_MIN_BLOCK frames; with fewer than two, d and dd are NaN).  0,
 * or -1 with err set (out of memory).
 */
int hop_vacancy_diffusion(const struct hop_vacancies *v, double dt_ps,
    size_t nblocks, struct hop_vacdiff *d, struct hop_err *err);

/*
 * Replay the vacancies frame by frame: a cursor starts at frame 0
 * (hop_vac_cursor_init) and hop_vac_cursor_frame applies the events of
 * the next frame, leaving in site[k] (HOP_SITE_GONE when vacancy k is
 * not alive) and pos[3 k] every vacancy's state at that frame.  site and
 * pos hold v->nvac and 3 v->nvac values.
 */
#define HOP_SITE_GONE UINT32_MAX
struct hop_vac_cursor {
	const struct hop_vacancies *v;
	uint64_t frame;  /* the next frame to apply */
	size_t next;     /* the next event */
};
void hop_vac_cursor_init(struct hop_vac_cursor *c,
    const struct hop_vacancies *v, uint32_t *site, double *pos);
void hop_vac_cursor_frame(struct hop_vac_cursor *c, uint32_t *site,
    double *pos);

#endif
