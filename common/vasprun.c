/*
 * vasprun.c - see vasprun.h.
 *
 * libxml2's xmlTextReader pulls the document one node at a time from the
 * hop_input lines (fed back as bytes through xmlReaderForIO), and frees
 * each subtree once walked past, so memory stays that of one ionic step.
 * Subtrees the reader has no use for (scsteps, forces, kpoints, DOS, the
 * initial and final structures) are stepped over with xmlTextReaderNext.
 *
 * Line numbers: libxml2 stores an element's line in 16 bits, so messages
 * take the line of a text node (exact with XML_PARSE_BIG_LINES), else the
 * parser's line (xmlTextReaderGetParserLineNumber), which may run a few
 * lines ahead of the node.
 *
 * The parser is asked for no network, no external entities and no DTD.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

#include "numparse.h"
#include "vasprun.h"

#define TEXT_MAX 4096      /* bytes of text kept for one element */
#define XMLMSG_MAX 200

/* The <i name="..."> values read from <generator>, <incar> and
 * <parameters>. */
enum { P_SYSTEM, P_IBRION, P_ISIF, P_POTIM, P_NBLOCK, P_TEBEG,
	P_ML_OUTBLOCK, P_VERSION, P_N };
static const char *const pnames[P_N] = {
	"SYSTEM", "IBRION", "ISIF", "POTIM", "NBLOCK", "TEBEG",
	"ML_OUTBLOCK", "version"
};

/* Top-level sections (children of <modeling>). */
enum sect { S_NONE, S_GENERATOR, S_INCAR, S_PARAMETERS, S_ATOMINFO,
	S_CALC };

/* What a collected element's text is for. */
enum want { W_NONE, W_PARAM, W_ATOMS, W_TYPES, W_CELL, W_ATOM_C,
	W_TYPE_C, W_BASIS_V, W_POS_V };

struct param {
	char *val;            /* malloc'ed text, or NULL when not seen */
	uint64_t line;
};

struct hop_vasprun {
	struct hop_input *in;
	const char *name;
	xmlTextReaderPtr r;
	struct hop_vasprun_info info;

	/* Bytes for libxml2: the current input line, then its newline. */
	const char *ln;
	size_t lnlen, lnoff;
	int nl_due, in_eof, in_failed;
	uint64_t closed_calcs; /* "</calculation>" lines fed to libxml2 */
	int closed_root;       /* a "</modeling>" line was fed */
	struct hop_err in_err;

	/* The parser's first fatal error (else its first error). */
	int xml_err, xml_fatal, xml_code;
	long xml_line;
	char xml_msg[XMLMSG_MAX];

	/* Element names, interned in the reader's dictionary, compared by
	 * pointer. */
	const xmlChar *n_modeling, *n_generator, *n_incar, *n_parameters,
	    *n_atominfo, *n_calculation, *n_structure, *n_crystal, *n_varray,
	    *n_v, *n_i, *n_c, *n_rc, *n_array, *n_atoms, *n_types,
	    *n_separator, *n_set;

	/* Where the walk is. */
	enum sect sect;
	int skip;             /* next advance steps over the subtree */
	int root_seen, root_closed, done, cut;
	uint64_t sect_line;

	/* Text being collected. */
	enum want want;
	int want_depth, want_param;
	char text[TEXT_MAX + 1];
	size_t tlen;
	int toolong;
	uint64_t tline;

	struct param par[P_N];

	/* <atominfo>. */
	int64_t decl_atoms, decl_types;
	int arr;              /* 1 atoms, 2 atomtypes, 0 other */
	uint32_t col;
	uint64_t nrows_atoms, nrows_types;
	uint64_t cap_atoms;
	uint32_t *atom_type;  /* each atom's type (1-based, as written) */
	uint16_t *atom_el;    /* each atom's element, into el_names */
	char (*el_names)[HOP_MAX_NAME + 1];
	uint32_t nel;
	struct hop_species *species;
	uint32_t *atom_species;
	uint64_t row_line;
	int atominfo_done;

	/* The ionic step being read. */
	uint64_t ordinal;     /* complete steps so far */
	uint64_t calc_line;
	int in_struct, struct_done, struct_seen;
	int vkind;            /* 1 basis, 2 positions, 0 none */
	uint64_t vrows, varray_line;
	int have_basis, have_pos;
	double cell[9];
	double *pos;
};

static long
parser_line(struct hop_vasprun *v)
{
	int l = v->r != NULL ? xmlTextReaderGetParserLineNumber(v->r) : 0;

	return l > 0 ? l : 1;
}

/* The line of the current node: exact for text nodes, else the parser's
 * (see the top of the file). */
static uint64_t
node_line(struct hop_vasprun *v)
{
	xmlNodePtr n = xmlTextReaderCurrentNode(v->r);
	long l = n != NULL ? xmlGetLineNo(n) : -1;

	if (l <= 0 || l == 65535)
		l = parser_line(v);
	return (uint64_t)l;
}

static void
xml_error(void *arg, xmlErrorPtr e)
{
	struct hop_vasprun *v = arg;
	size_t n;

	if (e == NULL || e->level < XML_ERR_ERROR)
		return;
	if (v->xml_fatal || (v->xml_err && e->level != XML_ERR_FATAL))
		return;
	v->xml_err = 1;
	v->xml_fatal = e->level == XML_ERR_FATAL;
	v->xml_code = e->code;
	v->xml_line = e->line > 0 ? e->line : parser_line(v);
	snprintf(v->xml_msg, sizeof(v->xml_msg), "%s",
	    e->message != NULL ? e->message : "XML error");
	n = strlen(v->xml_msg);
	while (n > 0 && isspace((unsigned char)v->xml_msg[n - 1]))
		v->xml_msg[--n] = '\0';
}

/* Whether a line starts (after blanks) with the end tag tag, as VASP
 * writes " </calculation>" and "</modeling>": libxml2 delivers an end tag
 * only once it has seen what follows, so at a cut the reader counts these
 * to know whether the last calculation it read was complete, and whether
 * the root was closed. */
static int
closes(const char *s, size_t n, const char *tag)
{
	size_t i = 0, k = strlen(tag);

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return n - i >= k && s[i] == '<' && s[i + 1] == '/' &&
	    memcmp(s + i, tag, k) == 0;
}

/* libxml2's read callback: the input's lines, each with its newline. */
static int
io_read(void *ctx, char *buf, int len)
{
	struct hop_vasprun *v = ctx;
	int n = 0;

	if (v->in_failed)
		return -1;
	while (n < len) {
		size_t k;

		if (v->lnoff == v->lnlen) {
			char *line;
			size_t ll;
			int r;

			if (v->nl_due) {
				buf[n++] = '\n';
				v->nl_due = 0;
				continue;
			}
			if (v->in_eof)
				break;
			r = hop_input_line(v->in, &line, &ll, &v->in_err);
			if (r < 0) {
				v->in_failed = 1;
				return n > 0 ? n : -1;
			}
			if (r == 0) {
				v->in_eof = 1;
				break;
			}
			if (closes(line, ll, "</calculation>"))
				v->closed_calcs++;
			else if (closes(line, ll, "</modeling>"))
				v->closed_root = 1;
			v->ln = line;
			v->lnlen = ll;
			v->lnoff = 0;
			v->nl_due = 1;
			continue;
		}
		k = v->lnlen - v->lnoff;
		if (k > (size_t)(len - n))
			k = (size_t)(len - n);
		memcpy(buf + n, v->ln + v->lnoff, k);
		v->lnoff += k;
		n += (int)k;
	}
	return n;
}

static int
io_close(void *ctx)
{
	(void)ctx;
	return 0;
}

/* The value of attribute name of the current element, malloc'ed by
 * libxml2 (xmlFree), or NULL. */
static char *
attr(struct hop_vasprun *v, const char *name)
{
	return (char *)xmlTextReaderGetAttribute(v->r, (const xmlChar *)name);
}

static int
attr_is(struct hop_vasprun *v, const char *name, const char *want)
{
	char *a = attr(v, name);
	int r = a != NULL && strcmp(a, want) == 0;

	xmlFree(a);
	return r;
}

/* The collected text with blanks trimmed at both ends, in place. */
static char *
trimmed(struct hop_vasprun *v)
{
	char *s = v->text, *e = v->text + v->tlen;

	while (s < e && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	*e = '\0';
	return s;
}

/* Show at most 40 bytes of s in a message. */
static int
shown(const char *s)
{
	size_t n = strlen(s);

	return n > 40 ? 40 : (int)n;
}

/* Whether [p, e) spells NaN or an infinity, as Fortran and C print
 * them ("NaN", "-Infinity", "inf"). */
static int
nonfinite_word(const char *p, const char *e)
{
	if (p < e && (*p == '-' || *p == '+'))
		p++;
	return e - p >= 3 && (strncasecmp(p, "nan", 3) == 0 ||
	    strncasecmp(p, "inf", 3) == 0);
}

/*
 * Parse the collected text as exactly n finite numbers into out.  0, or
 * -1 with err set; kind and index (from 1) name the element.
 */
static int
numbers(struct hop_vasprun *v, double *out, int n, const char *kind,
    uint64_t index, struct hop_err *err)
{
	const char *p = v->text, *end = v->text + v->tlen;
	char what[64];
	int k = 0;

	/* The fast path: n numbers separated by blanks. */
	for (;;) {
		const char *q;

		while (p < end && (*p == ' ' || *p == '\t' || *p == '\n'))
			p++;
		if (p == end || k == n)
			break;
		q = hop_parse_double(p, end, out + k);
		if (q == NULL || (q < end && *q != ' ' && *q != '\t' &&
		    *q != '\n') || !isfinite(out[k]))
			break;
		k++;
		p = q;
	}
	if (p == end && k == n && !v->toolong)
		return 0;
	/* Something is wrong: say what. */
	snprintf(what, sizeof(what), "%s %llu", kind,
	    (unsigned long long)index);
	p = v->text;
	k = 0;

	if (v->toolong) {
		hop_err_set(err, "%s:%llu: %s longer than %u bytes", v->name,
		    (unsigned long long)v->tline, what, TEXT_MAX);
		return -1;
	}
	for (;;) {
		const char *q;
		double d;

		while (p < end && isspace((unsigned char)*p))
			p++;
		if (p == end)
			break;
		if (k == n) {
			hop_err_set(err, "%s:%llu: %s has more than %d numbers "
			    "('%.*s')", v->name, (unsigned long long)v->tline,
			    what, n, shown(trimmed(v)), trimmed(v));
			return -1;
		}
		q = hop_parse_double(p, end, &d);
		if (q != NULL && q < end && !isspace((unsigned char)*q))
			q = NULL;
		if (q == NULL || !isfinite(d)) {
			const char *e = p;

			while (e < end && !isspace((unsigned char)*e))
				e++;
			if (q == NULL && !nonfinite_word(p, e))
				hop_err_set(err, "%s:%llu: %s: '%.*s' is not a "
				    "number", v->name,
				    (unsigned long long)v->tline, what,
				    (int)(e - p > 40 ? 40 : e - p), p);
			else
				hop_err_set(err, "%s:%llu: %s: '%.*s' is not a "
				    "finite number", v->name,
				    (unsigned long long)v->tline, what,
				    (int)(e - p > 40 ? 40 : e - p), p);
			return -1;
		}
		out[k++] = d;
		p = q;
	}
	if (k != n) {
		hop_err_set(err, "%s:%llu: %s has %d number%s, %d expected",
		    v->name, (unsigned long long)v->tline, what, k,
		    k == 1 ? "" : "s", n);
		return -1;
	}
	return 0;
}

/* The collected text as a non-negative integer below limit.  0 or -1. */
static int
count(struct hop_vasprun *v, uint64_t limit, int64_t *out, const char *what,
    struct hop_err *err)
{
	char *s = trimmed(v), *e;
	unsigned long long n;

	if (*s == '-' || !isdigit((unsigned char)*s) ||
	    (n = strtoull(s, &e, 10), *e != '\0') || n > limit) {
		hop_err_set(err, "%s:%llu: %s '%.*s' is not a count from 0 to "
		    "%llu", v->name, (unsigned long long)v->tline, what,
		    shown(s), s, (unsigned long long)limit);
		return -1;
	}
	*out = (int64_t)n;
	return 0;
}

/* Start collecting the text of the current element for w. */
static void
collect(struct hop_vasprun *v, enum want w, int depth)
{
	v->want = w;
	v->want_depth = depth;
	v->tlen = 0;
	v->toolong = 0;
	v->tline = 0;
}

static int
grow_atoms(struct hop_vasprun *v, struct hop_err *err)
{
	uint64_t cap = v->cap_atoms ? 2 * v->cap_atoms : 256;
	uint32_t *t;
	uint16_t *e;

	if (cap > HOP_MAX_ATOMS)
		cap = HOP_MAX_ATOMS;
	if (v->nrows_atoms >= cap) {
		hop_err_set(err, "%s:%llu: more than %u atoms", v->name,
		    (unsigned long long)v->row_line, HOP_MAX_ATOMS);
		return -1;
	}
	if ((t = realloc(v->atom_type, cap * sizeof(*t))) != NULL)
		v->atom_type = t;
	if ((e = realloc(v->atom_el, cap * sizeof(*e))) != NULL)
		v->atom_el = e;
	if (t == NULL || e == NULL) {
		hop_err_set(err, "%s: out of memory for %llu atoms", v->name,
		    (unsigned long long)cap);
		return -1;
	}
	v->cap_atoms = cap;
	return 0;
}

/* A species name as VASP writes it (blanks around it trimmed): not empty,
 * at most HOP_MAX_NAME bytes, no blank inside.  0 or -1. */
static int
check_name(struct hop_vasprun *v, const char *s, const char *what,
    struct hop_err *err)
{
	size_t n = strlen(s), i;

	for (i = 0; i < n; i++)
		if (isspace((unsigned char)s[i]) || s[i] == ',' ||
		    (unsigned char)s[i] < 0x20)
			break;
	if (n == 0 || n > HOP_MAX_NAME || i < n) {
		hop_err_set(err, "%s:%llu: %s '%.*s' is not a species name "
		    "(empty, longer than %u bytes, or with a blank or comma)",
		    v->name, (unsigned long long)v->tline, what, shown(s), s,
		    HOP_MAX_NAME);
		return -1;
	}
	return 0;
}

/* One <c> of an "atoms" row: element, then type. */
static int
atom_cell(struct hop_vasprun *v, struct hop_err *err)
{
	uint64_t i = v->nrows_atoms;
	char *s = trimmed(v);
	uint32_t k;
	int64_t t;

	if (v->col == 0) {
		/* No more rows than <atoms> said (it comes first in VASP's
		 * files): a lying count costs no memory. */
		if (v->decl_atoms >= 0 && i >= (uint64_t)v->decl_atoms) {
			hop_err_set(err, "%s:%llu: the \"atoms\" array has more "
			    "rows than the %lld of <atoms>", v->name,
			    (unsigned long long)v->tline,
			    (long long)v->decl_atoms);
			return -1;
		}
		if (i >= v->cap_atoms && grow_atoms(v, err) != 0)
			return -1;
		if (check_name(v, s, "element", err) != 0)
			return -1;
		for (k = 0; k < v->nel; k++)
			if (strcmp(v->el_names[k], s) == 0)
				break;
		if (k == v->nel) {
			void *p;

			if (v->nel == HOP_MAX_SPECIES) {
				hop_err_set(err, "%s:%llu: more than %u "
				    "elements", v->name,
				    (unsigned long long)v->tline,
				    HOP_MAX_SPECIES);
				return -1;
			}
			if ((p = realloc(v->el_names, (v->nel + 1) *
			    sizeof(*v->el_names))) == NULL) {
				hop_err_set(err, "%s: out of memory", v->name);
				return -1;
			}
			v->el_names = p;
			strcpy(v->el_names[v->nel++], s);
		}
		v->atom_el[i] = (uint16_t)k;
		v->atom_type[i] = 0;
	} else if (v->col == 1) {
		if (count(v, HOP_MAX_SPECIES, &t, "atom type", err) != 0)
			return -1;
		v->atom_type[i] = (uint32_t)t;
	}
	return 0;
}

/* One <c> of an "atomtypes" row: atoms per type, then element. */
static int
type_cell(struct hop_vasprun *v, struct hop_err *err)
{
	uint64_t i = v->nrows_types;
	char *s;
	int64_t n;

	if (v->col == 0) {
		void *p;

		if (i >= HOP_MAX_SPECIES) {
			hop_err_set(err, "%s:%llu: more than %u atom types",
			    v->name, (unsigned long long)v->tline,
			    HOP_MAX_SPECIES);
			return -1;
		}
		if (count(v, HOP_MAX_ATOMS, &n, "atomspertype", err) != 0)
			return -1;
		if ((p = realloc(v->species, (i + 1) *
		    sizeof(*v->species))) == NULL) {
			hop_err_set(err, "%s: out of memory", v->name);
			return -1;
		}
		v->species = p;
		memset(&v->species[i], 0, sizeof(v->species[i]));
		v->species[i].count = (uint32_t)n;
	} else if (v->col == 1) {
		s = trimmed(v);
		if (check_name(v, s, "element", err) != 0)
			return -1;
		strcpy(v->species[i].name, s);
	}
	return 0;
}

/* </atominfo>: every count must agree.  0 or -1. */
static int
atominfo_end(struct hop_vasprun *v, struct hop_err *err)
{
	const char *nm = v->name;
	unsigned long long ln = (unsigned long long)v->sect_line;
	uint64_t sum = 0, i, *cnt;
	uint32_t t;

	if (v->decl_atoms < 0 || v->decl_types < 0) {
		hop_err_set(err, "%s:%llu: <atominfo> without <%s>", nm, ln,
		    v->decl_atoms < 0 ? "atoms" : "types");
		return -1;
	}
	if (v->decl_atoms == 0) {
		hop_err_set(err, "%s:%llu: <atominfo> says 0 atoms", nm, ln);
		return -1;
	}
	if (v->nrows_types == 0 || v->nrows_atoms == 0) {
		hop_err_set(err, "%s:%llu: <atominfo> without its \"%s\" array",
		    nm, ln, v->nrows_types == 0 ? "atomtypes" : "atoms");
		return -1;
	}
	if ((int64_t)v->nrows_types != v->decl_types) {
		hop_err_set(err, "%s:%llu: the \"atomtypes\" array has %llu "
		    "rows, <types> says %lld", nm, ln,
		    (unsigned long long)v->nrows_types,
		    (long long)v->decl_types);
		return -1;
	}
	if ((int64_t)v->nrows_atoms != v->decl_atoms) {
		hop_err_set(err, "%s:%llu: the \"atoms\" array has %llu rows, "
		    "<atoms> says %lld", nm, ln,
		    (unsigned long long)v->nrows_atoms,
		    (long long)v->decl_atoms);
		return -1;
	}
	/* Two types of one element (two POTCARs) keep their rows here; the
	 * converter makes them one species (hop_atom_sel_build). */
	for (t = 0; t < v->nrows_types; t++)
		sum += v->species[t].count;
	if (sum != (uint64_t)v->decl_atoms) {
		hop_err_set(err, "%s:%llu: the atoms per type add up to %llu, "
		    "<atoms> says %lld", nm, ln, (unsigned long long)sum,
		    (long long)v->decl_atoms);
		return -1;
	}
	v->atom_species = malloc(v->nrows_atoms * sizeof(uint32_t));
	v->pos = malloc(3 * v->nrows_atoms * sizeof(double));
	cnt = calloc(v->nrows_types, sizeof(*cnt));
	if (v->atom_species == NULL || v->pos == NULL || cnt == NULL) {
		free(cnt);
		hop_err_set(err, "%s: out of memory for %llu atoms", nm,
		    (unsigned long long)v->nrows_atoms);
		return -1;
	}
	for (i = 0; i < v->nrows_atoms; i++) {
		t = v->atom_type[i];
		if (t < 1 || t > v->nrows_types) {
			hop_err_set(err, "%s:%llu: atom %llu has type %u, not "
			    "one of the %llu atom types", nm, ln,
			    (unsigned long long)i + 1, t,
			    (unsigned long long)v->nrows_types);
			free(cnt);
			return -1;
		}
		if (strcmp(v->el_names[v->atom_el[i]],
		    v->species[t - 1].name) != 0) {
			hop_err_set(err, "%s:%llu: atom %llu is %s but its type "
			    "%u is %s", nm, ln, (unsigned long long)i + 1,
			    v->el_names[v->atom_el[i]], t,
			    v->species[t - 1].name);
			free(cnt);
			return -1;
		}
		v->atom_species[i] = t - 1;
		cnt[t - 1]++;
	}
	for (t = 0; t < v->nrows_types; t++)
		if (cnt[t] != v->species[t].count) {
			hop_err_set(err, "%s:%llu: atom type %u (%s) has %u "
			    "atoms in \"atomtypes\" but %llu in \"atoms\"",
			    nm, ln, t + 1, v->species[t].name,
			    v->species[t].count, (unsigned long long)cnt[t]);
			free(cnt);
			return -1;
		}
	free(cnt);
	v->info.natoms = (uint32_t)v->nrows_atoms;
	v->info.nspecies = (uint32_t)v->nrows_types;
	v->info.species = v->species;
	v->info.atom_species = v->atom_species;
	v->info.atominfo_line = v->sect_line;
	v->atominfo_done = 1;
	return 0;
}

/* The end of a collected element: use its text.  0 or -1. */
static int
collected(struct hop_vasprun *v, struct hop_err *err)
{
	enum want w = v->want;
	int r = 0;

	v->want = W_NONE;
	v->text[v->tlen] = '\0';
	if (v->tline == 0)
		v->tline = node_line(v);
	switch (w) {
	case W_PARAM: {
		struct param *p = &v->par[v->want_param];
		char *s = trimmed(v);

		free(p->val);
		if ((p->val = strdup(s)) == NULL) {
			hop_err_set(err, "%s: out of memory", v->name);
			return -1;
		}
		p->line = v->tline;
		break;
	}
	case W_ATOMS:
		r = count(v, HOP_MAX_ATOMS, &v->decl_atoms, "<atoms>", err);
		break;
	case W_TYPES:
		r = count(v, HOP_MAX_SPECIES, &v->decl_types, "<types>", err);
		break;
	case W_ATOM_C:
		r = atom_cell(v, err);
		v->col++;
		break;
	case W_TYPE_C:
		r = type_cell(v, err);
		v->col++;
		break;
	case W_BASIS_V:
		if (v->vrows >= 3) {
			hop_err_set(err, "%s:%llu: the \"basis\" varray has more "
			    "than 3 vectors", v->name,
			    (unsigned long long)v->tline);
			return -1;
		}
		r = numbers(v, v->cell + 3 * v->vrows, 3, "basis vector",
		    v->vrows + 1, err);
		v->vrows++;
		break;
	case W_POS_V:
		if (v->vrows >= v->info.natoms) {
			hop_err_set(err, "%s:%llu: more positions than the %u "
			    "atoms of <atominfo>", v->name,
			    (unsigned long long)v->tline, v->info.natoms);
			return -1;
		}
		r = numbers(v, v->pos + 3 * v->vrows, 3, "position of atom",
		    v->vrows + 1, err);
		v->vrows++;
		break;
	default:
		break;
	}
	return r;
}

/* Which parameter an <i name="..."> is, or -1. */
static int
param_index(struct hop_vasprun *v, int generator)
{
	char *a = attr(v, "name");
	int k = -1, i;

	if (a == NULL)
		return -1;
	for (i = 0; i < P_N; i++)
		if (strcmp(a, pnames[i]) == 0 &&
		    (i == P_VERSION) == (generator != 0)) {
			k = i;
			break;
		}
	xmlFree(a);
	return k;
}

/* A start tag.  0, or -1 with err set. */
static int
start(struct hop_vasprun *v, const xmlChar *nm, int depth,
    struct hop_err *err)
{
	int k;

	if (depth == 0) {
		if (nm != v->n_modeling) {
			hop_err_set(err, "%s:%llu: not a vasprun.xml: the root "
			    "element is <%.40s>, not <modeling>", v->name,
			    (unsigned long long)node_line(v), (const char *)nm);
			return -1;
		}
		v->root_seen = 1;
		return 0;
	}
	if (depth == 1) {
		v->sect_line = node_line(v);
		if (nm == v->n_generator)
			v->sect = S_GENERATOR;
		else if (nm == v->n_incar)
			v->sect = S_INCAR;
		else if (nm == v->n_parameters)
			v->sect = S_PARAMETERS;
		else if (nm == v->n_atominfo && !v->atominfo_done) {
			v->sect = S_ATOMINFO;
			v->decl_atoms = v->decl_types = -1;
		} else if (nm == v->n_calculation) {
			if (!v->atominfo_done) {
				hop_err_set(err, "%s:%llu: a <calculation> "
				    "before any <atominfo>", v->name,
				    (unsigned long long)v->sect_line);
				return -1;
			}
			v->sect = S_CALC;
			v->calc_line = v->sect_line;
			v->in_struct = v->struct_done = v->struct_seen = 0;
			v->have_basis = v->have_pos = 0;
		} else {
			/* kpoints, the initialpos and finalpos structures,
			 * dos, ... */
			v->sect = S_NONE;
			v->skip = 1;
		}
		return 0;
	}
	switch (v->sect) {
	case S_GENERATOR:
	case S_INCAR:
	case S_PARAMETERS:
		if (nm == v->n_i && (k = param_index(v, v->sect ==
		    S_GENERATOR)) >= 0) {
			collect(v, W_PARAM, depth);
			v->want_param = k;
		} else if (nm != v->n_separator) {
			v->skip = 1;
		}
		return 0;
	case S_ATOMINFO:
		if (depth == 2) {
			if (nm == v->n_atoms)
				collect(v, W_ATOMS, depth);
			else if (nm == v->n_types)
				collect(v, W_TYPES, depth);
			else if (nm == v->n_array) {
				v->arr = attr_is(v, "name", "atoms") ? 1 :
				    attr_is(v, "name", "atomtypes") ? 2 : 0;
				if (v->arr == 0)
					v->skip = 1;
				else if ((v->arr == 1 && v->nrows_atoms) ||
				    (v->arr == 2 && v->nrows_types)) {
					hop_err_set(err, "%s:%llu: a second "
					    "\"%s\" array", v->name,
					    (unsigned long long)node_line(v),
					    v->arr == 1 ? "atoms" :
					    "atomtypes");
					return -1;
				}
			} else
				v->skip = 1;
		} else if (depth == 3 && nm != v->n_set) {
			v->skip = 1;
		} else if (depth == 4) {
			if (nm != v->n_rc) {
				v->skip = 1;
				return 0;
			}
			v->col = 0;
			v->row_line = node_line(v);
		} else if (depth == 5) {
			if (nm == v->n_c && v->col < 2)
				collect(v, v->arr == 1 ? W_ATOM_C : W_TYPE_C,
				    depth);
			else
				v->skip = 1;
		}
		return 0;
	case S_CALC:
		if (depth == 2) {
			if (nm == v->n_structure && !v->struct_seen) {
				v->in_struct = 1;
				v->struct_seen = 1;
			} else
				v->skip = 1;
			return 0;
		}
		if (!v->in_struct)
			return 0;
		if (depth == 3 && nm == v->n_crystal)
			return 0;
		if (nm == v->n_varray && ((depth == 3 &&
		    attr_is(v, "name", "positions")) || (depth == 4 &&
		    attr_is(v, "name", "basis")))) {
			v->vkind = depth == 4 ? 1 : 2;
			v->vrows = 0;
			v->varray_line = node_line(v);
			return 0;
		}
		if (nm == v->n_v && v->vkind != 0 && depth == (v->vkind == 1 ?
		    5 : 4)) {
			collect(v, v->vkind == 1 ? W_BASIS_V : W_POS_V, depth);
			return 0;
		}
		v->skip = 1;
		return 0;
	default:
		v->skip = 1;
		return 0;
	}
}

/* An end tag (or the end of an empty element).  Returns 0, 1 when an
 * ionic step is complete, -1 with err set. */
static int
end(struct hop_vasprun *v, const xmlChar *nm, int depth, struct hop_err *err)
{
	if (v->want != W_NONE && depth == v->want_depth)
		return collected(v, err);
	if (depth == 1) {
		enum sect s = v->sect;

		v->sect = S_NONE;
		if (s == S_ATOMINFO)
			return atominfo_end(v, err);
		if (s == S_CALC) {
			if (!v->struct_done) {
				hop_err_set(err, "%s:%llu: a <calculation> "
				    "without a complete <structure>", v->name,
				    (unsigned long long)v->calc_line);
				return -1;
			}
			return 1;
		}
		return 0;
	}
	if (v->sect == S_ATOMINFO && depth == 4 && nm == v->n_rc) {
		if (v->col < 2) {
			hop_err_set(err, "%s:%llu: a row of the \"%s\" array "
			    "with %u fields, 2 or more expected", v->name,
			    (unsigned long long)v->row_line,
			    v->arr == 1 ? "atoms" : "atomtypes", v->col);
			return -1;
		}
		if (v->arr == 1)
			v->nrows_atoms++;
		else
			v->nrows_types++;
		return 0;
	}
	if (v->sect != S_CALC || !v->in_struct)
		return 0;
	if (nm == v->n_varray && v->vkind != 0 && depth == (v->vkind == 1 ?
	    4 : 3)) {
		if (v->vkind == 1 && v->vrows != 3) {
			hop_err_set(err, "%s:%llu: the \"basis\" varray has "
			    "%llu vectors, 3 expected", v->name,
			    (unsigned long long)v->varray_line,
			    (unsigned long long)v->vrows);
			return -1;
		}
		if (v->vkind == 2 && v->vrows != v->info.natoms) {
			hop_err_set(err, "%s:%llu: the \"positions\" varray has "
			    "%llu row%s for the %u atoms of <atominfo>",
			    v->name, (unsigned long long)v->varray_line,
			    (unsigned long long)v->vrows,
			    v->vrows == 1 ? "" : "s", v->info.natoms);
			return -1;
		}
		if (v->vkind == 1)
			v->have_basis = 1;
		else
			v->have_pos = 1;
		v->vkind = 0;
		return 0;
	}
	if (depth == 2 && nm == v->n_structure) {
		v->in_struct = 0;
		if (!v->have_basis || !v->have_pos) {
			hop_err_set(err, "%s:%llu: a <structure> without its "
			    "\"%s\" varray", v->name,
			    (unsigned long long)v->calc_line,
			    v->have_basis ? "positions" : "basis");
			return -1;
		}
		v->struct_done = 1;
	}
	return 0;
}

/* Append the current text node's value to the collected text. */
static void
text(struct hop_vasprun *v)
{
	const char *s = (const char *)xmlTextReaderConstValue(v->r);
	size_t n = s != NULL ? strlen(s) : 0;

	if (v->tline == 0)
		v->tline = node_line(v);
	if (v->tlen + n > TEXT_MAX) {
		v->toolong = 1;
		n = TEXT_MAX - v->tlen;
	}
	memcpy(v->text + v->tlen, s, n);
	v->tlen += n;
}

/* What the walk stopped on, for the cut message. */
static void
cut_message(const struct hop_vasprun *v, struct hop_err *err)
{
	char where[128];

	if (v->sect == S_CALC)
		snprintf(where, sizeof(where), "inside ionic step %llu, whose "
		    "<calculation> starts on line %llu",
		    (unsigned long long)v->ordinal + 1,
		    (unsigned long long)v->calc_line);
	else if (!v->atominfo_done)
		snprintf(where, sizeof(where), "before the end of its <atominfo>");
	else
		snprintf(where, sizeof(where), "after ionic step %llu, before "
		    "</modeling>", (unsigned long long)v->ordinal);
	/* libxml2's push parser calls any early end "Extra content at the
	 * end of the document": not worth repeating. */
	if (v->xml_code == XML_ERR_DOCUMENT_END)
		hop_err_set(err, "%s:%ld: the file is cut %s", v->name,
		    v->xml_line, where);
	else
		hop_err_set(err, "%s:%ld: the file is cut %s (%s)", v->name,
		    v->xml_line, where, v->xml_msg);
}

/*
 * Walk on.  Returns 1 when a step is complete (next), or at the first
 * <calculation> (open, stop_at_calc), 0 at the end of the document (or a
 * cut: v->cut), -1 with err set.
 */
static int
walk(struct hop_vasprun *v, int stop_at_calc, struct hop_err *err)
{
	for (;;) {
		int r, type, depth;
		const xmlChar *nm;

		if (v->done)
			return 0;
		r = v->skip ? xmlTextReaderNext(v->r) :
		    xmlTextReaderRead(v->r);
		v->skip = 0;
		if (r == 0 && !v->xml_err) {
			v->done = 1;
			if (!v->root_seen) {
				hop_err_set(err, "%s: empty input (expected a "
				    "vasprun.xml)", v->name);
				return -1;
			}
			return 0;
		}
		if (r != 1) {
			v->done = 1;
			if (v->in_failed) {
				*err = v->in_err;
				return -1;
			}
			if (!v->xml_err) {
				v->xml_line = parser_line(v);
				snprintf(v->xml_msg, sizeof(v->xml_msg),
				    "XML error");
			}
			/* Cut: the error lies at the end of the input. */
			if (v->in_eof && v->root_seen && !v->root_closed &&
			    !v->closed_root &&
			    (uint64_t)v->xml_line + 1 >= hop_input_lineno(v->in)) {
				v->cut = 1;
				cut_message(v, err);
				return 0;
			}
			if (v->in_eof && !v->root_seen &&
			    hop_input_lineno(v->in) == 0) {
				hop_err_set(err, "%s: empty input (expected a "
				    "vasprun.xml)", v->name);
				return -1;
			}
			if (!v->root_seen)
				hop_err_set(err, "%s:%ld: not XML, so not a "
				    "vasprun.xml (%s)", v->name, v->xml_line,
				    v->xml_msg);
			else
				hop_err_set(err, "%s:%ld: not well-formed XML: "
				    "%s", v->name, v->xml_line, v->xml_msg);
			return -1;
		}
		type = xmlTextReaderNodeType(v->r);
		depth = xmlTextReaderDepth(v->r);
		switch (type) {
		case XML_READER_TYPE_ELEMENT:
			nm = xmlTextReaderConstLocalName(v->r);
			if (depth == 1 && stop_at_calc &&
			    nm == v->n_calculation) {
				if (start(v, nm, depth, err) != 0)
					return -1;
				if (xmlTextReaderIsEmptyElement(v->r)) {
					v->skip = 0;
					hop_err_set(err, "%s:%llu: an empty "
					    "<calculation>", v->name,
					    (unsigned long long)v->calc_line);
					return -1;
				}
				return 1;
			}
			if (v->want != W_NONE) {
				/* Markup inside a number's text. */
				v->skip = 1;
				break;
			}
			if (start(v, nm, depth, err) != 0)
				return -1;
			if (xmlTextReaderIsEmptyElement(v->r)) {
				v->skip = 0;
				if ((r = end(v, nm, depth, err)) != 0)
					return r;
			}
			break;
		case XML_READER_TYPE_END_ELEMENT:
			nm = xmlTextReaderConstLocalName(v->r);
			if (depth == 0)
				v->root_closed = 1;
			if ((r = end(v, nm, depth, err)) != 0)
				return r;
			break;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
		case XML_READER_TYPE_WHITESPACE:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
			if (v->want != W_NONE && depth == v->want_depth + 1)
				text(v);
			break;
		default:
			break;
		}
	}
}

/* A parameter as a finite double (NaN when absent).  0 or -1. */
static int
param_double(struct hop_vasprun *v, int k, double *out, struct hop_err *err)
{
	const char *s = v->par[k].val, *e;

	*out = NAN;
	if (s == NULL)
		return 0;
	e = s + strlen(s);
	if (*s == '\0' || (s = hop_parse_double(s, e, out)) != e ||
	    !isfinite(*out)) {
		hop_err_set(err, "%s:%llu: %s = '%.40s' is not a number",
		    v->name, (unsigned long long)v->par[k].line, pnames[k],
		    v->par[k].val);
		*out = NAN;
		return -1;
	}
	return 0;
}

/* A parameter as an integer (-1 when absent).  0 or -1. */
static int
param_int(struct hop_vasprun *v, int k, int64_t *out, struct hop_err *err)
{
	const char *s = v->par[k].val;
	char *e;
	long long n;

	*out = -1;
	if (s == NULL)
		return 0;
	n = strtoll(s, &e, 10);
	if (e == s || *e != '\0' || n < -1000000000LL || n > 1000000000LL) {
		hop_err_set(err, "%s:%llu: %s = '%.40s' is not an integer",
		    v->name, (unsigned long long)v->par[k].line, pnames[k], s);
		return -1;
	}
	*out = n;
	return 0;
}

struct hop_vasprun *
hop_vasprun_open(struct hop_input *in, struct hop_err *err)
{
	struct hop_vasprun *v = calloc(1, sizeof(*v));
	int r;

	if (v == NULL) {
		hop_err_set(err, "%s: out of memory", hop_input_name(in));
		return NULL;
	}
	v->in = in;
	v->name = hop_input_name(in);
	v->decl_atoms = v->decl_types = -1;
	v->r = xmlReaderForIO(io_read, io_close, v, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_COMPACT |
	    XML_PARSE_BIG_LINES | XML_PARSE_NOWARNING);
	if (v->r == NULL) {
		if (v->in_failed)
			*err = v->in_err;
		else
			hop_err_set(err, "%s: cannot start the XML reader",
			    v->name);
		free(v);
		return NULL;
	}
	xmlTextReaderSetStructuredErrorHandler(v->r, xml_error, v);
#define INTERN(f, s) v->f = xmlTextReaderConstString(v->r, \
	(const xmlChar *)s)
	INTERN(n_modeling, "modeling");
	INTERN(n_generator, "generator");
	INTERN(n_incar, "incar");
	INTERN(n_parameters, "parameters");
	INTERN(n_atominfo, "atominfo");
	INTERN(n_calculation, "calculation");
	INTERN(n_structure, "structure");
	INTERN(n_crystal, "crystal");
	INTERN(n_varray, "varray");
	INTERN(n_v, "v");
	INTERN(n_i, "i");
	INTERN(n_c, "c");
	INTERN(n_rc, "rc");
	INTERN(n_array, "array");
	INTERN(n_atoms, "atoms");
	INTERN(n_types, "types");
	INTERN(n_separator, "separator");
	INTERN(n_set, "set");
#undef INTERN
	r = walk(v, 1, err);
	if (r < 0)
		goto fail;
	if (r == 0) {
		if (v->cut)
			goto fail; /* err says where */
		hop_err_set(err, "%s: %s", v->name, v->atominfo_done ?
		    "no <calculation> (no ionic step)" :
		    "no <atominfo>: not a vasprun.xml, or not a complete one");
		goto fail;
	}
	v->info.title = v->par[P_SYSTEM].val != NULL ? v->par[P_SYSTEM].val :
	    "";
	v->info.version = v->par[P_VERSION].val != NULL ?
	    v->par[P_VERSION].val : "";
	if (param_double(v, P_POTIM, &v->info.potim, err) != 0 ||
	    param_double(v, P_TEBEG, &v->info.tebeg, err) != 0 ||
	    param_int(v, P_IBRION, &v->info.ibrion, err) != 0 ||
	    param_int(v, P_ISIF, &v->info.isif, err) != 0 ||
	    param_int(v, P_NBLOCK, &v->info.nblock, err) != 0 ||
	    param_int(v, P_ML_OUTBLOCK, &v->info.ml_outblock, err) != 0)
		goto fail;
	return v;
fail:
	hop_vasprun_free(v);
	return NULL;
}

const struct hop_vasprun_info *
hop_vasprun_info(const struct hop_vasprun *v)
{
	return &v->info;
}

int
hop_vasprun_next(struct hop_vasprun *v, struct hop_vasprun_frame *fr,
    struct hop_err *err)
{
	int r = walk(v, 0, err);

	if (r < 0)
		return -1;
	/* Cut after a </calculation> the reader had not yet delivered:
	 * that step is complete. */
	if (r == 0 && v->cut && v->sect == S_CALC && v->struct_done &&
	    v->closed_calcs > v->ordinal) {
		v->sect = S_NONE;
		r = 1;
	}
	if (r == 0) {
		if (v->cut && v->ordinal == 0)
			return -1; /* err: cut before any complete step */
		return 0;
	}
	fr->ordinal = v->ordinal++;
	fr->line = v->calc_line;
	fr->cell = v->cell;
	fr->pos = v->pos;
	return 1;
}

int
hop_vasprun_cut(const struct hop_vasprun *v, struct hop_err *err)
{
	if (!v->cut)
		return 0;
	cut_message(v, err);
	return 1;
}

/* "6.4.3" and later.  -1 when the version is not a number. */
static int
version_at_least_643(const char *s)
{
	int a = 0, b = 0, c = 0;

	if (sscanf(s, "%d.%d.%d", &a, &b, &c) < 2)
		return -1;
	return a > 6 || (a == 6 && (b > 4 || (b == 4 && c >= 3)));
}

int
hop_vasprun_dt(const struct hop_vasprun *v, double *dt_fs,
    struct hop_err *err)
{
	const struct hop_vasprun_info *i = &v->info;
	int ge;

	if (i->ibrion != 0) {
		if (i->ibrion < 0)
			hop_err_set(err, "%s: IBRION not found, so this may not "
			    "be molecular dynamics (give --dt FS)", v->name);
		else
			hop_err_set(err, "%s:%llu: IBRION = %lld: not molecular "
			    "dynamics (IBRION = 0); give --dt FS to convert "
			    "the ionic steps anyway", v->name,
			    (unsigned long long)v->par[P_IBRION].line,
			    (long long)i->ibrion);
		return -1;
	}
	if (isnan(i->potim)) {
		hop_err_set(err, "%s: POTIM not found (give --dt FS)",
		    v->name);
		return -1;
	}
	if (i->potim <= 0) {
		hop_err_set(err, "%s:%llu: POTIM = %g is not a positive time "
		    "step", v->name, (unsigned long long)v->par[P_POTIM].line,
		    i->potim);
		return -1;
	}
	*dt_fs = i->potim;
	if (i->ml_outblock > 1) {
		ge = version_at_least_643(i->version);
		if (ge < 0) {
			hop_err_set(err, "%s:%llu: ML_OUTBLOCK = %lld thins "
			    "vasprun.xml from VASP 6.4.3 on, and the version is "
			    "unknown (give --dt FS)", v->name,
			    (unsigned long long)v->par[P_ML_OUTBLOCK].line,
			    (long long)i->ml_outblock);
			return -1;
		}
		if (ge)
			*dt_fs *= (double)i->ml_outblock;
	}
	return 0;
}

void
hop_vasprun_free(struct hop_vasprun *v)
{
	int i;

	if (v == NULL)
		return;
	if (v->r != NULL)
		xmlFreeTextReader(v->r);
	for (i = 0; i < P_N; i++)
		free(v->par[i].val);
	free(v->atom_type);
	free(v->atom_el);
	free(v->el_names);
	free(v->species);
	free(v->atom_species);
	free(v->pos);
	free(v);
}
