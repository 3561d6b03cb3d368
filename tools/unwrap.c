/*
 * unwrap - turn a stream of wrapped fractional coordinates into unwrapped
 * Cartesian ones.
 *
 * For each atom, the step between consecutive frames is taken in
 * fractional space and reduced to its minimum image (each component in
 * [-0.5, 0.5)), then carried into Cartesian space through the cell of the
 * later frame and added to the position so far, which starts at the first
 * frame's Cartesian position.  This holds for triclinic and variable cells
 * as long as no atom moves half a cell between two frames.  Memory is two
 * frames, whatever the length of the run.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "cli.h"
#include "stream.h"

static const char *prog = "unwrap";

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: unwrap [options] [FILE]\n"
	    "Unwrap a fractional hop stream (FILE or standard input) into "
	    "Cartesian coordinates.\n"
	    "  -h, --help      show this help and exit\n"
	    "  -q, --quiet     no warnings on standard error\n"
	    "  -V, --version   show the version and exit\n");
	hop_cli_exit(prog, status);
}

/* Pass a record this tool does not change on to the output. */
static int
pass_through(struct hop_reader *r, struct hop_writer *w,
    const struct hop_record *rec, struct hop_err *err)
{
	struct hop_atom a;
	struct hop_event hp;

	switch (rec->type) {
	case HOP_REC_ATOM:
		return hop_atom_decode(r, rec, &a, err) != 0 ? -1 :
		    hop_write_atom(w, &a, err);
	case HOP_REC_HOP:
		return hop_event_decode(r, rec, &hp, err) != 0 ? -1 :
		    hop_write_hop(w, &hp, err);
	default:
		return hop_write_record(w, rec->type, rec->payload, rec->len,
		    err);
	}
}

static int
unwrap(struct hop_reader *r, const char *name, int argc, char **argv)
{
	const struct hop_header *in = hop_reader_header(r);
	struct hop_header out;
	struct hop_writer *w = NULL;
	struct hop_record rec;
	struct hop_frame fr;
	struct hop_err err;
	size_t n = (size_t)in->natoms * 3, i;
	double *prev = NULL, *cart = NULL;
	uint64_t nf = 0;
	int st, status = HOP_EXIT_DATA;

	if (in->coords != HOP_COORDS_FRACTIONAL) {
		hop_die("%s: stream is already unwrapped (%s coordinates)",
		    name, hop_coords_name(in->coords));
	}
	if (hop_header_copy(&out, in, &err) != 0)
		hop_die("%s", err.msg);
	out.coords = HOP_COORDS_CARTESIAN_UNWRAPPED;
	if (hop_header_add_prov(&out, prog, HOP_VERSION, argc, argv, &err) != 0)
		goto fail;
	prev = hop_xreallocarray(NULL, n, sizeof(double));
	cart = hop_xreallocarray(NULL, n, sizeof(double));
	if ((w = hop_writer_open(stdout, "<stdout>", &out, &err)) == NULL)
		goto fail;
	while ((st = hop_reader_next(r, &rec, &err)) == 1) {
		if (rec.type != HOP_REC_FRAME) {
			if (pass_through(r, w, &rec, &err) != 0)
				goto fail;
			continue;
		}
		if (hop_frame_decode(r, &rec, &fr, &err) != 0)
			goto fail;
		if (hop_frame_check_finite(in, &rec, &fr, &err) != 0) {
			hop_err_prefix(&err, name);
			goto fail;
		}
		for (i = 0; i < n; i += 3) {
			double d[3], step[3];
			int k;

			for (k = 0; k < 3; k++) {
				d[k] = fr.pos[i + k] - (nf > 0 ? prev[i + k] :
				    0.0);
				prev[i + k] = fr.pos[i + k];
			}
			if (nf > 0)
				hop_min_image_frac(d);
			hop_frac_to_cart(d, fr.cell, step);
			for (k = 0; k < 3; k++)
				cart[i + k] = (nf > 0 ? cart[i + k] : 0.0) +
				    step[k];
		}
		if (hop_write_frame(w, fr.index, fr.cell, cart, &err) != 0)
			goto fail;
		nf++;
	}
	if (st < 0 || hop_writer_finish(w, &err) != 0)
		goto fail;
	status = HOP_EXIT_OK;
fail:
	if (status != HOP_EXIT_OK)
		hop_error("%s", err.msg);
	hop_writer_free(w);
	hop_header_free(&out);
	free(prev);
	free(cart);
	return status;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		HOP_LONGOPTS_GLOBAL,
		{NULL, 0, NULL, 0}
	};
	struct hop_reader *r;
	struct hop_err err;
	int c, status;

	hop_cli_init(prog, usage);
	while ((c = getopt_long(argc, argv, HOP_OPTSTR_GLOBAL, longopts,
	    NULL)) != -1)
		if (!hop_cli_global(c))
			usage(stderr, HOP_EXIT_USAGE);
	if (argc - optind > 1)
		usage(stderr, HOP_EXIT_USAGE);
	if (hop_cli_stream_stdout(&err) != 0) {
		hop_error("%s", err.msg);
		return HOP_EXIT_USAGE;
	}
	r = hop_reader_open_path(optind < argc ? argv[optind] : NULL, &err);
	if (r == NULL)
		hop_die("%s", err.msg);
	status = unwrap(r, hop_reader_name(r), argc, argv);
	hop_reader_free(r);
	if (hop_cli_finish(&status, &err) != 0)
		hop_error("%s", err.msg);
	return status;
}
