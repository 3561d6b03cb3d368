/*
 * cli.c - see cli.h.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomrange.h"
#include "cli.h"
#include "convert.h"
#include "input.h"
#include "memsize.h"
#include "numparse.h"
#include "species.h"

const char *hop_prog = "hoptools";
int hop_quiet;
static void (*usage_fn)(FILE *, int);

void
hop_cli_init(const char *prog, void (*usage)(FILE *fp, int status))
{
	hop_prog = prog;
	usage_fn = usage;
}

/* The tool's usage on fp and exit with status (or just exit, before
 * hop_cli_init). */
static _Noreturn void
usage_exit(FILE *fp, int status)
{
	if (usage_fn != NULL)
		usage_fn(fp, status);
	hop_cli_exit(hop_prog, status);
}

int
hop_cli_global(int c)
{
	switch (c) {
	case HOP_OPT_HELP:
		usage_exit(stdout, HOP_EXIT_OK);
	case HOP_OPT_VERSION:
		hop_cli_version(hop_prog);
	case HOP_OPT_QUIET:
		hop_quiet = 1;
		return 1;
	default:
		return 0;
	}
}

/* "PROG: " PREFIX MESSAGE on stderr, stdout flushed first. */
static void
report(const char *prefix, const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "%s: %s", hop_prog, prefix);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
hop_die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report("", fmt, ap);
	va_end(ap);
	exit(HOP_EXIT_DATA);
}

int
hop_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report("", fmt, ap);
	va_end(ap);
	return HOP_EXIT_DATA;
}

void
hop_warn(const char *fmt, ...)
{
	va_list ap;

	if (hop_quiet)
		return;
	va_start(ap, fmt);
	report("warning: ", fmt, ap);
	va_end(ap);
}

void
hop_usage_bad(const char *opt, const char *arg, const char *want)
{
	fflush(stdout);
	fprintf(stderr, "%s: invalid --%s '%.64s' (want %s)\n", hop_prog, opt,
	    arg, want);
	usage_exit(stderr, HOP_EXIT_USAGE);
}

void
hop_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report("", fmt, ap);
	va_end(ap);
	usage_exit(stderr, HOP_EXIT_USAGE);
}

void
hop_usage_exit(const struct hop_err *err, int with_usage)
{
	if (err->msg[0] != '\0') {
		fflush(stdout);
		fprintf(stderr, "%s: %s\n", hop_prog, err->msg);
	}
	if (with_usage)
		usage_exit(stderr, HOP_EXIT_USAGE);
	hop_cli_exit(hop_prog, HOP_EXIT_USAGE);
}

void *
hop_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p == NULL)
		hop_die("out of memory");
	return p;
}

void *
hop_xcalloc(size_t n, size_t size)
{
	void *p = n && size ? calloc(n, size) : calloc(1, 1);

	if (p == NULL)
		hop_die("out of memory");
	return p;
}

void *
hop_xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		hop_die("out of memory");
	if (n == 0 || size == 0)
		n = size = 1;
	if ((p = realloc(p, n * size)) == NULL)
		hop_die("out of memory");
	return p;
}

char *
hop_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(hop_xmalloc(n), s, n);
}

void
hop_cli_list(struct hop_list *l, const char *opt, const char *arg,
    const char *want)
{
	struct hop_err err;

	if (hop_list_parse(l, arg, &err) == 0)
		return;
	if (errno == ENOMEM)
		hop_die("%s", err.msg);
	hop_usage_bad(opt, arg, want);
}

/* 1 when s is UTF-8 (shortest forms, no surrogates) without control
 * characters. */
static int
figure_text_ok(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	while (*u) {
		unsigned long cp, min;
		int more, i;

		if (*u < 0x80) {
			if (*u < 0x20 || *u == 0x7f)
				return 0;
			u++;
			continue;
		}
		if ((*u & 0xE0) == 0xC0)
			cp = *u & 0x1F, more = 1, min = 0x80;
		else if ((*u & 0xF0) == 0xE0)
			cp = *u & 0x0F, more = 2, min = 0x800;
		else if ((*u & 0xF8) == 0xF0)
			cp = *u & 0x07, more = 3, min = 0x10000;
		else
			return 0;
		for (i = 1; i <= more; i++) {
			if ((u[i] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (u[i] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0x80 && cp < 0xA0))
			return 0;
		u += more + 1;
	}
	return 1;
}

int
hop_cli_figure(struct hop_cli_figure *f, int c, const char *arg)
{
	const char *opt;

	switch (c) {
	case HOP_OPT_TITLE:
		opt = "title";
		f->title = arg;
		break;
	case HOP_OPT_XLABEL:
		opt = "xlabel";
		f->xlabel = arg;
		break;
	case HOP_OPT_YLABEL:
		opt = "ylabel";
		f->ylabel = arg;
		break;
	default:
		return 0;
	}
	if (strlen(arg) > 500 || !figure_text_ok(arg))
		hop_usage_bad(opt, arg, "UTF-8 text of up to 500 bytes without "
		    "control characters");
	return 1;
}

int
hop_cli_arrhenius(struct hop_cli_arrhenius *a, int c, const char *arg)
{
	if (c == HOP_OPT_AT) {
		if (hop_cli_double(arg, 1, 1e5, &a->at) != 0)
			hop_usage_bad("at", arg, "a temperature in K from 1 to "
			    "1e5");
		return 1;
	}
	if (c != HOP_OPT_MATERIAL)
		return 0;
	if (*arg == '\0')
		hop_usage_bad("material", arg, "a material name");
	a->material = arg;
	return 1;
}

const char *
hop_cli_figure_text(const char *given, const char *def)
{
	if (given == NULL)
		return def;
	return *given == '\0' ? NULL : given;
}

unsigned
hop_cli_jobs_default(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > HOP_JOBS_MAX ? HOP_JOBS_MAX : (unsigned)n;
}

unsigned
hop_cli_jobs(const char *arg)
{
	uint64_t n;

	if (hop_cli_u64(arg, 1, HOP_JOBS_MAX, &n) != 0)
		hop_usage_bad("jobs", arg, "1 to 64");
	return (unsigned)n;
}

int
hop_cli_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
hop_cli_double(const char *s, double min, double max, double *out)
{
	const char *end = s;
	double v;

	while (*end)
		end++;
	if (hop_parse_double(s, end, &v) != end || !isfinite(v) || v < min ||
	    v > max)
		return -1;
	*out = v;
	return 0;
}

int
hop_cli_close_stdout(void)
{
	int bad = ferror(stdout);

	if (fclose(stdout) != 0)
		return -1;
	if (bad) {
		errno = EIO;
		return -1;
	}
	return 0;
}

int
hop_cli_finish(int *status, struct hop_err *err)
{
	if (hop_cli_close_stdout() == 0 || *status != HOP_EXIT_OK)
		return 0;
	hop_err_set(err, "<stdout>: write error: %s", strerror(errno));
	*status = HOP_EXIT_DATA;
	return -1;
}

int
hop_cli_stream_stdout(struct hop_err *err)
{
	if (!isatty(STDOUT_FILENO))
		return 0;
	hop_err_set(err, "standard output is a terminal: redirect it to a "
	    "file or pipe it into another tool");
	return -1;
}

void
hop_cli_exit(const char *prog, int status)
{
	struct hop_err err;

	if (hop_cli_finish(&status, &err) != 0)
		fprintf(stderr, "%s: %s\n", prog, err.msg);
	exit(status);
}

void
hop_cli_version(const char *prog)
{
	printf("%s (hoptools) %s\n", prog, HOP_VERSION);
	hop_cli_exit(prog, HOP_EXIT_OK);
}

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

void
hop_progress_start(struct hop_progress *p, const char *what, uint64_t total)
{
	p->on = !hop_quiet && isatty(STDERR_FILENO);
	p->what = what;
	p->total = total;
	clock_gettime(CLOCK_MONOTONIC, &p->t0);
	p->last = 0;
}

void
hop_progress_update(struct hop_progress *p, uint64_t done)
{
	double el, t;

	if (!p->on)
		return;
	t = now();
	el = t - ((double)p->t0.tv_sec + p->t0.tv_nsec * 1e-9);
	if (t - p->last < 0.25 && done < p->total)
		return;
	p->last = t;
	if (p->total > 0 && done > 0) {
		double rate = done / (el > 1e-9 ? el : 1e-9);
		double eta = (double)(p->total - done) / rate;

		fprintf(stderr, "\r%llu/%llu %s, %.1f/s, ETA %.0f s   ",
		    (unsigned long long)done, (unsigned long long)p->total,
		    p->what, rate, eta);
	} else {
		fprintf(stderr, "\r%llu %s   ", (unsigned long long)done,
		    p->what);
	}
}

void
hop_progress_end(struct hop_progress *p)
{
	if (p->on)
		fprintf(stderr, "\r\033[K");
}

void
hop_cli_atoms(struct hop_atomrange *r, const char *arg)
{
	struct hop_err err;

	if (hop_atomrange_parse(r, arg, &err) != 0)
		hop_usage_error("invalid --atoms '%.64s': %s", arg, err.msg);
}

uint64_t
hop_cli_max_memory(const char *arg)
{
	uint64_t b;

	if (hop_memsize_parse(arg, &b) != 0)
		hop_usage_bad("max-memory", arg,
		    "a size such as 2G, 500M or 1048576");
	return b;
}

uint64_t
hop_cli_max_memory_default(void)
{
	uint64_t b = hop_memsize_physical();

	return b ? b : UINT64_MAX;
}

int
hop_cli_memory_check(const char *name, uint64_t need, uint64_t limit,
    const char *what, const char *split)
{
	char n[32], l[32];

	hop_memsize_format(need, n, sizeof(n));
	if (need > limit) {
		hop_memsize_format(limit, l, sizeof(l));
		return hop_error("%s: needs about %s (%s), more than "
		    "--max-memory %s; split the run by atoms (--atoms RANGE "
		    "on each part, or hopsplit), then %s", name, n, what, l,
		    split);
	}
	/* A statement, like the progress line: for a person at a terminal,
	 * never before an error message a script reads first. */
	if (!hop_quiet && isatty(STDERR_FILENO)) {
		fflush(stdout);
		fprintf(stderr, "%s: %s: needs about %s (%s)\n", hop_prog, name,
		    n, what);
	}
	return 0;
}

void
hop_cli_frame_species(const char *list, const char *species)
{
	struct hop_list l;
	size_t i, j;

	hop_cli_list(&l, "frame-species", list, "species names, "
	    "comma-separated");
	for (i = 0; i < l.n; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(l.v[i], l.v[j]) == 0)
				hop_usage_error("--frame-species names %s "
				    "twice", l.v[i]);
		if (species != NULL && strcmp(l.v[i], species) == 0)
			hop_usage_error("--frame-species holds %s, the "
			    "species analysed: the framework is the other "
			    "species", species);
	}
	hop_list_free(&l);
}

const char *
hop_cli_long_name(const struct option *lo, int c)
{
	for (; lo->name != NULL; lo++)
		if (lo->val == c)
			return lo->name;
	return NULL;
}

int
hop_cli_drift_framework(const struct hop_header *h, int drift,
    const char *list, int sp, const char *name, unsigned char *frame,
    char *names, size_t len, struct hop_err *err)
{
	int split;

	if (hop_species_drift_framework(h, drift, list, sp, name, frame,
	    names, len, &split, err) != 0)
		return -1;
	if (split)
		hop_warn("%s: %s", name, HOP_DRIFT_SPLIT_WARNING);
	return 0;
}

void
hop_cli_conv_warn(const struct hop_input *in, const struct hop_conv_src *src,
    const struct hop_conv_report *rep)
{
	char msg[1024];

	if (in != NULL && hop_input_unterminated(in))
		hop_warn("%s:%llu: the file ends without a newline: cut short? "
		    "(its last number may be incomplete)", hop_input_name(in),
		    (unsigned long long)hop_input_lineno(in));
	if (rep != NULL && hop_conv_report_text(src, rep, msg,
	    sizeof(msg)) != NULL)
		hop_warn("%s", msg);
}
