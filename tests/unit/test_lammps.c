/*
 * test_lammps.c - the LAMMPS dump reader: triclinic bounding boxes with
 * tilts of every sign, each kind of position columns, id order, what a
 * frame reports.  Dumps are written to a temporary file and read through
 * common/input.c as the tools do (t_input.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lammps.h"
#include "stream.h"
#include "t.h"
#include "t_input.h"

/* Open text as a dump (through a file); NULL with err set on error. */
static struct hop_lammps *
open_text(const char *text, struct hop_input **in, uint32_t max_type,
    struct hop_err *err)
{
	struct hop_lammps *l;

	if ((*in = t_input_text(text, err)) == NULL)
		return NULL;
	if ((l = hop_lammps_open(*in, max_type, err)) == NULL) {
		hop_input_close(*in);
		*in = NULL;
	}
	return l;
}

/*
 * A restricted triclinic cell with negative tilts: a = (6, 0, 0),
 * b = (-2, 7, 0), c = (1.5, -1, 8), origin (1, 2, 3).  Bounding box:
 * xlo_b = 1 + min(0, -2, 1.5, -0.5) = -1, xhi_b = 7 + max(...) = 8.5,
 * ylo_b = 2 + min(0, -1) = 1, yhi_b = 9 + 0 = 9.
 */
#define TRI_BOX "ITEM: BOX BOUNDS xy xz yz pp pp pp\n" \
	"-1 8.5 -2\n1 9 1.5\n3 11 -1\n"

static void
test_triclinic(void)
{
	struct hop_input *in;
	struct hop_lmp_frame fr;
	struct hop_err err;
	/* f = (0.5, 0.25, 0.5): r = o + f H = (1,2,3) + (3,0,0) +
	 * (-0.5,1.75,0) + (0.75,-0.5,4) = (4.25, 3.25, 7). */
	struct hop_lammps *l = open_text("ITEM: TIMESTEP\n40\n"
	    "ITEM: NUMBER OF ATOMS\n2\n" TRI_BOX
	    "ITEM: ATOMS id type x y z\n"
	    "2 3 4.25 3.25 7\n1 1 1 2 3\n", &in, 1024, &err);
	const struct hop_lmp_info *info;

	T_OK("triclinic: opens", l != NULL);
	if (l == NULL) {
		printf("# %s\n", err.msg);
		return;
	}
	info = hop_lammps_info(l);
	T_EQ_U("triclinic: atoms", info->natoms, 2);
	T_EQ_U("triclinic: largest type", info->ntypes, 3);
	T_EQ_U("triclinic: types in id order", info->type[0] * 10 +
	    info->type[1], 13);
	T_EQ_U("triclinic: fractional", info->coords, HOP_COORDS_FRACTIONAL);
	T_OK("triclinic: columns named", strcmp(info->columns, "x y z") == 0);
	T_EQ_U("triclinic: a frame", hop_lammps_next(l, &fr, &err), 1);
	T_EQ_U("triclinic: step", (uint64_t)fr.step, 40);
	T_EQ_U("triclinic: line", fr.line, 1);
	T_NEAR("triclinic: a", fr.cell[0], 6, 0);
	T_NEAR("triclinic: b", fabs(fr.cell[3] + 2) + fabs(fr.cell[4] - 7) +
	    fabs(fr.cell[5]), 0, 0);
	T_NEAR("triclinic: c", fabs(fr.cell[6] - 1.5) + fabs(fr.cell[7] + 1) +
	    fabs(fr.cell[8] - 8), 0, 0);
	T_NEAR("triclinic: origin", fabs(fr.origin[0] - 1) +
	    fabs(fr.origin[1] - 2) + fabs(fr.origin[2] - 3), 0, 0);
	T_NEAR("triclinic: atom at the origin", fabs(fr.pos[0]) +
	    fabs(fr.pos[1]) + fabs(fr.pos[2]), 0, 1e-15);
	T_NEAR("triclinic: fx", fr.pos[3], 0.5, 1e-15);
	T_NEAR("triclinic: fy", fr.pos[4], 0.25, 1e-15);
	T_NEAR("triclinic: fz", fr.pos[5], 0.5, 1e-15);
	T_EQ_U("triclinic: end", hop_lammps_next(l, &fr, &err), 0);
	hop_lammps_free(l);
	hop_input_close(in);
}

/* xs with image flags: unwrapped Cartesian relative to the first
 * frame's origin, through each frame's own box. */
static void
test_scaled_images(void)
{
	struct hop_input *in;
	struct hop_lmp_frame fr;
	struct hop_err err;
	struct hop_lammps *l = open_text("ITEM: TIMESTEP\n0\n"
	    "ITEM: NUMBER OF ATOMS\n1\n" TRI_BOX
	    "ITEM: ATOMS id type xs ys zs ix iy iz\n1 1 0.5 0.25 0.5 1 0 -2\n"
	    "ITEM: TIMESTEP\n5\nITEM: NUMBER OF ATOMS\n1\n"
	    "ITEM: BOX BOUNDS pp pp pp\n0 10\n0 10\n0 10\n"
	    "ITEM: ATOMS id type xs ys zs ix iy iz\n1 1 0.5 0.5 0.5 0 0 0\n",
	    &in, 1024, &err);

	T_OK("xs+image: opens", l != NULL);
	if (l == NULL)
		return;
	T_EQ_U("xs+image: unwrapped", hop_lammps_info(l)->coords,
	    HOP_COORDS_CARTESIAN_UNWRAPPED);
	hop_lammps_next(l, &fr, &err);
	/* (1.5, 0.25, -1.5) H = (9,0,0) + (-0.5,1.75,0) + (-2.25,1.5,-12) */
	T_NEAR("xs+image: x", fr.pos[0], 6.25, 1e-13);
	T_NEAR("xs+image: y", fr.pos[1], 3.25, 1e-13);
	T_NEAR("xs+image: z", fr.pos[2], -12, 1e-13);
	T_EQ_U("xs+image: second frame", hop_lammps_next(l, &fr, &err), 1);
	/* (5, 5, 5) in a box at the origin, minus the first origin. */
	T_NEAR("xs+image: frame 2 relative to origin 0", fabs(fr.pos[0] - 4) +
	    fabs(fr.pos[1] - 3) + fabs(fr.pos[2] - 2), 0, 1e-13);
	T_EQ_U("xs+image: ordinal", fr.ordinal, 1);
	T_EQ_U("xs+image: step", (uint64_t)fr.step, 5);
	T_EQ_U("xs+image: line of the second TIMESTEP", fr.line, 11);
	hop_lammps_free(l);
	hop_input_close(in);
}

/* Unwrapped columns win over wrapped ones; types over the limit given. */
static void
test_preference(void)
{
	struct hop_input *in;
	struct hop_lmp_frame fr;
	struct hop_err err;
	struct hop_lammps *l = open_text("ITEM: TIMESTEP\n0\n"
	    "ITEM: NUMBER OF ATOMS\n1\nITEM: BOX BOUNDS pp pp pp\n"
	    "-1 1\n-1 1\n-1 1\n"
	    "ITEM: ATOMS x y z id xu yu zu type ix iy iz\n"
	    "0 0 0 1 3 0 0 2 1 0 0\n", &in, 1024, &err);

	T_OK("preference: opens", l != NULL);
	if (l == NULL)
		return;
	T_OK("preference: xu yu zu chosen",
	    strcmp(hop_lammps_info(l)->columns, "xu yu zu") == 0);
	hop_lammps_next(l, &fr, &err);
	T_NEAR("preference: xu minus the origin", fr.pos[0], 4, 0);
	hop_lammps_free(l);
	hop_input_close(in);

	l = open_text("ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n1\n"
	    "ITEM: BOX BOUNDS pp pp pp\n0 1\n0 1\n0 1\n"
	    "ITEM: ATOMS id type xs ys zs\n1 3 0 0 0\n", &in, 2, &err);
	T_OK("max type: refused", l == NULL && strstr(err.msg, ":10: atom "
	    "type 3 has no name: names given for types 1 to 2") != NULL);
}

int
main(void)
{
	test_triclinic();
	test_scaled_images();
	test_preference();
	return t_done();
}
