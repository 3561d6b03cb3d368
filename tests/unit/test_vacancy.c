/*
 * test_vacancy.c - vacancies followed over a hand-made assignment, worked
 * by hand: four sites on a line (x = 3, 6, 9, 12 A in a 30 A cell), two
 * ions, and in turn a chain of two jumps in one frame (the vacancy moves
 * two sites back along it), a swap (no vacancy moves), two ions on one
 * site (a birth) and a jump onto a held site's vacancy with no site left
 * empty (a death); then the cursor's replay and D_vac_jump.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "siteocc.h"
#include "siteref.h"
#include "t.h"
#include "vacancy.h"

int
main(void)
{
	static const double cell[9] = {30, 0, 0, 0, 30, 0, 0, 0, 30};
	/* x of ions 0 and 1 per block of 3 frames. */
	static const double x[5][2] = {{3, 6}, {6, 9}, {9, 6}, {6, 6},
	    {6, 12}};
	struct hop_siteset s;
	struct hop_siteocc *o;
	struct hop_vacancies v;
	struct hop_vacdiff d;
	struct hop_vac_cursor c;
	struct hop_err err;
	uint32_t site[8];
	double pos[24], p[6];
	size_t i, t;

	hop_siteset_alloc(&s, 4, NULL);
	for (i = 0; i < 4; i++) {
		s.frac[3 * i] = 3.0 * (double)(i + 1) / 30;
		s.frac[3 * i + 1] = s.frac[3 * i + 2] = 0.5;
	}
	o = hop_siteocc_new(&s, cell, 2, 1.0, 1, &err);
	for (t = 0; t < 15; t++) {
		for (i = 0; i < 2; i++) {
			p[3 * i] = x[t / 3][i];
			p[3 * i + 1] = p[3 * i + 2] = 15;
		}
		hop_siteocc_frame(o, p, NULL, NULL, &err);
	}
	hop_siteocc_finish(o, &err);
	T_OK("vacancy: tracked", hop_vacancy_track(o, &s, cell, &v,
	    &err) == 0);
	/* Born at 0 on sites 2 and 3 (ids 0, 1); id 0 moves 2 -> 0 at
	 * frame 3; the swap at 6 moves none; id 2 born on site 2 at 9; id 1
	 * dies at 12. */
	T_EQ_U("vacancy: three identities", v.nvac, 3);
	T_EQ_U("vacancy: one birth after the start, one death",
	    v.births * 10 + v.deaths, 11);
	T_EQ_U("vacancy: one vacancy jump (the chain, in one step)",
	    v.vjumps, 1);
	T_NEAR("vacancy: the chain's step is two sites, 6 A", v.sum_l2, 36,
	    1e-9);
	T_EQ_U("vacancy: fewest 2, most 3", v.min * 10 + v.max, 23);
	T_NEAR("vacancy: mean (9 x 2 + 3 x 3 + 3 x 2) / 15", v.mean, 2.2,
	    1e-12);
	T_EQ_U("vacancy: site 0 empty from frame 3", v.empty_frames[0], 12);
	T_EQ_U("vacancy: site 1 never empty", v.empty_frames[1], 0);
	T_EQ_U("vacancy: site 2 empty 3 + 6 frames", v.empty_frames[2], 9);
	T_EQ_U("vacancy: site 3 empty until frame 12", v.empty_frames[3],
	    12);
	T_EQ_U("vacancy: one vacancy lasts the run", v.nconserved, 1);
	T_EQ_U("vacancy: lives", v.vac[0].born * 100 + (v.vac[1].died ==
	    12) * 10 + (v.vac[2].born == 9), 11);
	/* The replay. */
	hop_vac_cursor_init(&c, &v, site, pos);
	for (t = 0; t < 15; t++) {
		hop_vac_cursor_frame(&c, site, pos);
		if (t == 2)
			T_OK("vacancy: frame 2: ids 0, 1 on sites 2, 3, none "
			    "else", site[0] == 2 && site[1] == 3 &&
			    site[2] == HOP_SITE_GONE && pos[0] == 9);
		if (t == 3)
			T_OK("vacancy: frame 3: id 0 on site 0, unwrapped x 3",
			    site[0] == 0 && fabs(pos[0] - 3) < 1e-9);
		if (t == 8)
			T_OK("vacancy: frame 8: the swap moved none",
			    site[0] == 0 && site[1] == 3 &&
			    site[2] == HOP_SITE_GONE);
		if (t == 9)
			T_OK("vacancy: frame 9: id 2 born on site 2",
			    site[2] == 2 && fabs(pos[6] - 9) < 1e-9);
		if (t == 12)
			T_OK("vacancy: frame 12: id 1 gone",
			    site[1] == HOP_SITE_GONE && site[0] == 0 &&
			    site[2] == 2);
	}
	/* D_vac_jump = sum lambda^2 / (6 <N_v> t), t = 14 dt; too short
	 * for the MSD blocks. */
	T_OK("vacancy: diffusion", hop_vacancy_diffusion(&v, 0.5, 16, &d,
	    &err) == 0);
	T_NEAR("vacancy: D_vac_jump", d.d_jump, 36 / (6 * 2.2 * 14 * 0.5),
	    1e-12);
	T_OK("vacancy: no D_vac from 15 frames", isnan(d.d) &&
	    d.nblocks == 0);
	hop_vacancies_free(&v);
	hop_siteocc_free(o);
	hop_siteset_free(&s);
	return t_done();
}
