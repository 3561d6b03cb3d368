"""hopstream - read (and write) hoptools hop streams from Python.

    import hopstream
    s = hopstream.read("run/hops.bin")
    s.header["atoms"], s.header["dt_fs"]   # the header, as a dict
    s.frames                               # frames x atoms x 3 float64, or None
    s.hops, s.atoms                        # the hop and per-atom records

A hop stream is the one binary container every hoptools program reads
and writes; man/hopstream.5 describes it byte by byte and its section
PYTHON describes this module.  The module needs numpy only; when pandas is
importable the hop and atom tables are DataFrames, otherwise numpy
structured arrays with the same columns.

The reader refuses what the C readers refuse (a bad magic, a newer major
version, a checksum mismatch, a truncated stream, header fields or
records out of range, a header's time step, temperature or cell out of
range, non-finite positions in hop records, END counts that disagree,
bytes after END, and, as unwrap, kmeans-hops and msd do, non-finite
positions in frames), raising StreamError with the message hopcat prints,
and skips record kinds it does not know, keeping them so that write()
gives back the same bytes; write() refuses a header that a reader would
(ValueError).
"""

import io
import math
import os
import re
import struct
import sys
import zlib
from collections import namedtuple

try:
    import numpy as np
except ImportError as _e:  # a python3 without numpy (say pyenv's)
    raise ImportError("hopstream needs numpy (Debian: apt-get install "
                      "python3-numpy, whose python3 is /usr/bin/python3)"
                      ) from _e

__all__ = ["read", "write", "Stream", "StreamError", "Provenance",
           "MAGIC", "VERSION"]
__version__ = "0.1.0"

MAGIC = b"\x89HOP\r\n\x1a\n"
VERSION = (1, 0)
MAX_ATOMS = 50000000
MAX_SPECIES = 1024
MAX_NAME = 64
MAX_HEADER = 1 << 30
MAX_RECORD = 1 << 31
# The header's numbers (hopstream(5)): dt_fs NaN or in (0, DT_MAX_FS];
# temperature_K NaN or 0 (unknown) or in [T_MIN_K, T_MAX_K]; a finite cell.
DT_MAX_FS = 1e12
T_MIN_K = 1e-6
T_MAX_K = 1e7

REC_FRAME, REC_ATOM, REC_HOP, REC_END = 1, 2, 3, 255
COORDS = ("fractional", "cartesian-unwrapped")
FLAG_VARIABLE_CELL = 0x1
FLAGS_KNOWN = 0x1
HOP_BACK = 0x1

_HEAD_FIXED = 16
_HEAD_V10 = 112
_ATOM_LEN = 48
_HOP_LEN = 136
_HOP_XYZ = ("from_centre", "to_centre", "start_pos", "end_pos")
_END_LEN = 32

# The fixed records as numpy sees them (little-endian, packed).
ATOM_RECORD = np.dtype([
    ("atom", "<u4"), ("slot", "<u4"), ("species", "<u4"),
    ("nclusters", "<u4"), ("nhops", "<u4"), ("flags", "<u4"),
    ("silhouette", "<f8"), ("vib_rms_A", "<f8"), ("site_sep_A", "<f8")])
HOP_RECORD = np.dtype([
    ("atom", "<u4"), ("slot", "<u4"), ("species", "<u4"), ("flags", "<u4"),
    ("start", "<u8"), ("end", "<u8"),
    ("from_cluster", "<u4"), ("to_cluster", "<u4"),
    ("from_centre", "<f8", (3,)), ("to_centre", "<f8", (3,)),
    ("start_pos", "<f8", (3,)), ("end_pos", "<f8", (3,))])
assert ATOM_RECORD.itemsize == _ATOM_LEN and HOP_RECORD.itemsize == _HOP_LEN

Provenance = namedtuple("Provenance", "program version cmdline")

_ENC = ("utf-8", "surrogateescape")  # any bytes survive a round trip


class StreamError(ValueError):
    """A stream the hoptools readers refuse; str() is hopcat's message
    (without the leading "hopcat: ")."""


def _crc(*parts):
    c = 0
    for p in parts:
        c = zlib.crc32(p, c)
    return c & 0xFFFFFFFF


def _readn(f, n):
    """Up to n bytes (fewer only at end of input), read in growing
    pieces so that a corrupt length on a short stream costs no more
    memory than the bytes actually there."""
    chunks = []
    have = 0
    step = 65536
    while have < n:
        b = f.read(min(step, n - have))
        if not b:
            break
        chunks.append(b)
        have += len(b)
        step = min(have + 65536, 1 << 26)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


_SNIFF_LEN = 1024  # bytes looked at to say what a non-stream is


def _looks_like_text(b):
    # C's isprint || isspace in the "C" locale.
    return len(b) > 0 and all(32 <= c < 127 or c in b"\t\n\v\f\r" for c in b)


# A number as C's strtod reads one (hexadecimal, inf and nan included).
_STRTOD = re.compile(
    rb"[+-]?(?:0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)"
    rb"(?:[pP][+-]?[0-9]+)?|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
    rb"|(?i:infinity|inf|nan(?:\([0-9A-Za-z_]*\))?))")
_CSPACE = b" \t\n\v\f\r"


def _line_numbers(line):
    """How many numbers a line holds, -1 when it holds anything else."""
    if len(line) >= 256:
        return -1
    k = i = 0
    while True:
        while i < len(line) and line[i] in _CSPACE:
            i += 1
        if i == len(line):
            return k
        m = _STRTOD.match(line, i)
        if m is None:
            return -1
        i = m.end()
        k += 1


def _sniff(p):
    """What an input without the magic looks like, its converter and, for
    compressed data, its decompressor (as the C readers say it), or
    (None, None, None)."""
    if p[:2] == b"\x1f\x8b":
        return "gzip-compressed data", "xdat2bin", "zcat"
    if p[:6] == b"\xfd7zXZ\0":
        return "xz-compressed data", "xdat2bin", "xzcat"
    if p[:3] == b"BZh":
        return "bzip2-compressed data", "xdat2bin", "bzcat"
    if p[:4] == b"\x28\xb5\x2f\xfd":
        return "zstd-compressed data", "xdat2bin", "zstdcat"
    if p[:4] == b"PK\x03\x04":
        return "a zip archive of a trajectory", "xdat2bin", None
    if len(p) >= 262 and p[257:262] == b"ustar":
        return "a tar archive of a trajectory", "xdat2bin", None
    if not _looks_like_text(p[:_HEAD_FIXED]):
        return None, None, None
    at = 0
    while at < len(p) and p[at] in _CSPACE:
        at += 1
    if p[at:at + 5] == b"ITEM:":
        return "a LAMMPS dump trajectory", "lmp2bin", None
    lines = p[at:].split(b"\n", 2)
    if not lines[0] and len(lines) == 1:
        return None, None, None
    if _line_numbers(lines[0]) == 1:
        return "an XYZ trajectory", "xyz2bin", None
    if len(lines) > 1 and (lines[1] or len(lines) > 2) and \
            _line_numbers(lines[1]) in (1, 3):
        return "an XDATCAR trajectory", "xdat2bin", None
    return None, None, None


def _not_a_stream(name, p):
    what, conv, unz = _sniff(p)
    text = _looks_like_text(p[:_HEAD_FIXED])
    file = "FILE" if name == "<stdin>" else name
    if what is not None and unz is not None:
        return StreamError(
            "%s: not a hop stream (bad magic; it looks like %s): convert a "
            "trajectory first, e.g. %s %s | unwrap; decompress a compressed "
            "stream first (%s %s)" % (name, what, conv, file, unz, file))
    if what is not None:
        return StreamError(
            "%s: not a hop stream (%s; it looks like %s): convert it first, "
            "e.g. %s %s | unwrap" % (
                name, "it starts with text" if text else "bad magic", what,
                conv, "FILE" if name == "<stdin>" else name))
    if text:
        return StreamError("%s: not a hop stream (it starts with text; "
                           "convert a trajectory with xdat2bin first)" % name)
    return StreamError("%s: not a hop stream (bad magic)" % name)


class _Cur:
    """A bounds-checked cursor over the header body."""

    def __init__(self, b, pos):
        self.b, self.p, self.bad = b, pos, False

    def left(self):
        return len(self.b) - self.p

    def take(self, n):
        if self.bad or self.left() < n:
            self.bad = True
            return None
        v = self.b[self.p:self.p + n]
        self.p += n
        return v

    def u32(self):
        v = self.take(4)
        return 0 if v is None else struct.unpack("<I", v)[0]

    def string(self):
        n = self.u32()
        v = None if self.bad or n > self.left() else self.take(n)
        if v is None:
            self.bad = True
            return ""
        return bytes(v).decode(*_ENC)


def _header_numbers(dt_fs, temp, cell):
    """What is wrong with the header's numbers, as the C check says it,
    or None."""
    if not math.isnan(dt_fs) and not 0 < dt_fs <= DT_MAX_FS:
        return ("invalid header: dt_fs %g is not a time between frames (NaN "
                "if unknown, else above 0 and at most %g fs)"
                % (dt_fs, DT_MAX_FS))
    if not math.isnan(temp) and temp != 0 and not T_MIN_K <= temp <= T_MAX_K:
        return ("invalid header: temperature_K %g is out of range (NaN or 0 "
                "if unknown, else %g to %g K)" % (temp, T_MIN_K, T_MAX_K))
    for k, v in enumerate(cell):
        if not math.isfinite(v):
            return ("invalid header: cell component %d is %g (not finite)"
                    % (k + 1, v))
    return None


def _species_names(species):
    """What is wrong with the species table's names (one name per
    species), as the C check says it, or None."""
    first = {}
    for s, (nm, _) in enumerate(species):
        if nm in first:
            return ("invalid header: species %d and %d are both '%s' (one "
                    "name per species)" % (first[nm] + 1, s + 1, nm))
        first[nm] = s
    return None


def _parse_header(name, b):
    """The header body b as a dict of raw fields; StreamError as C."""
    n = len(b)
    if n < _HEAD_V10:
        raise StreamError("%s: invalid header (%d bytes, at least %d "
                          "expected)" % (name, n, _HEAD_V10))
    natoms, nspecies, coords, flags = struct.unpack_from("<4I", b, 0)
    dt_fs, temp = struct.unpack_from("<2d", b, 16)
    cell = struct.unpack_from("<9d", b, 32)
    nframes, = struct.unpack_from("<Q", b, 104)
    if natoms > MAX_ATOMS:
        raise StreamError("%s: header claims %d atoms, more than the limit "
                          "of %d" % (name, natoms, MAX_ATOMS))
    if nspecies > MAX_SPECIES or (nspecies == 0 and natoms):
        raise StreamError("%s: invalid header: %d species" % (name, nspecies))
    if coords >= len(COORDS):
        raise StreamError("%s: invalid header: unknown coordinate kind %d"
                          % (name, coords))
    if flags & ~FLAGS_KNOWN:
        raise StreamError("%s: invalid header: reserved flags 0x%x set"
                          % (name, flags & ~FLAGS_KNOWN))
    why = _header_numbers(dt_fs, temp, cell)
    if why is not None:
        raise StreamError("%s: %s" % (name, why))
    if temp == 0:
        temp = float("nan")  # unknown, as older writers said
    c = _Cur(b, _HEAD_V10)
    if c.left() // 6 < nspecies or c.left() // 4 < natoms:
        raise StreamError("%s: invalid header: %d species and %d atoms do "
                          "not fit in %d bytes" % (name, nspecies, natoms, n))
    species = []
    for i in range(nspecies):
        cnt = c.u32()
        q = c.take(2)
        ln = struct.unpack("<H", q)[0] if q is not None else 0
        nm = None if c.bad or ln == 0 or ln > MAX_NAME else c.take(ln)
        if nm is None:
            raise StreamError("%s: invalid header: bad species entry %d"
                              % (name, i + 1))
        species.append((bytes(nm).decode(*_ENC), cnt))
    total = sum(cnt for _, cnt in species)
    if total != natoms:
        raise StreamError("%s: invalid header: species counts add up to %d, "
                          "not %d atoms" % (name, total, natoms))
    why = _species_names(species)
    if why is not None:
        raise StreamError("%s: %s" % (name, why))
    q = c.take(4 * natoms)
    if q is None:
        raise StreamError("%s: invalid header: atom index table cut short"
                          % name)
    orig_index = np.frombuffer(q, "<u4").astype(np.uint32)
    title = c.string()
    nprov = c.u32()
    if not c.bad and nprov > c.left() // 12:
        raise StreamError("%s: invalid header: %d provenance entries do not "
                          "fit" % (name, nprov))
    prov = []
    for _ in range(nprov if not c.bad else 0):
        p = Provenance(c.string(), c.string(), c.string())
        if c.bad:
            break
        prov.append(p)
    if c.bad:
        raise StreamError("%s: invalid header: title or provenance cut short"
                          % name)
    # Bytes left are fields of a newer minor version: skipped.
    return dict(natoms=natoms, nspecies=nspecies, coords=coords, flags=flags,
                dt_fs=dt_fs, temperature_K=temp, cell=cell, nframes=nframes,
                species=species, orig_index=orig_index, title=title,
                provenance=prov)


def _g10(v):
    return "unknown" if math.isnan(v) else "%.10g" % v


def _have_pandas():
    try:
        import pandas  # noqa: F401
    except ImportError:
        return False
    return True


def _columns(t):
    if hasattr(t, "columns"):
        return list(t.columns)
    return list(t.dtype.names or ())


class Stream:
    """A whole hop stream in memory.

    header        dict: format, version, atoms, frames, nframes, species
                  [(name, count), ...], dt_fs, temperature_K (NaN when
                  unknown), coords ("fractional" or "cartesian-unwrapped"),
                  cell ("fixed" or "variable"), cell_A (3 x 3, rows a b c),
                  flags, title, hops, atom_records, provenance
                  [Provenance(program, version, cmdline), ...]
    orig_index    uint32 array: each atom's index in the source trajectory
    atom_species  array of each atom's species name, in stream order
    frames        float64 array frames x atoms x 3, or None
    frame_index   uint64 array: each frame's number in the source
    cells         float64 array frames x 3 x 3 with a variable cell, or None
    hops, atoms   DataFrames (structured arrays without pandas)
    unknown       [(type, payload bytes), ...]: records of unknown kinds
    record_types  uint32 array: the kind of every record, in stream order
    """

    def __init__(self, header, frames=None, frame_index=None, cells=None,
                 hops=None, atoms=None, unknown=(), record_types=None,
                 name="<stream>"):
        self.header = header
        self.name = name
        self.orig_index = np.asarray(header.get("orig_index", ()),
                                     dtype=np.uint32)
        self.frames = frames
        self.frame_index = frame_index
        self.cells = cells
        self.hops = hops
        self.atoms = atoms
        self.unknown = list(unknown)
        self.record_types = record_types

    @property
    def species(self):
        return list(self.header["species"])

    @property
    def atom_species(self):
        names = [nm for nm, cnt in self.header["species"] for _ in range(cnt)]
        return np.array(names, dtype=str)

    @property
    def provenance(self):
        return list(self.header["provenance"])

    def cartesian(self):
        """The frames in Cartesian Angstrom (frames x atoms x 3): as stored
        when the stream is unwrapped, else fractional times each frame's
        cell, as hopcat --xyz prints them.  None without frames."""
        if self.frames is None:
            return None
        if self.header["coords"] != "fractional":
            return self.frames.copy()
        if self.cells is not None:
            return np.einsum("fak,fkj->faj", self.frames, self.cells)
        return self.frames @ np.asarray(self.header["cell_A"])

    def header_lines(self):
        """hopcat --header's lines (key TAB value), as a list of str."""
        h = self.header
        out = ["format\thopstream %d.%d" % VERSION,
               "atoms\t%d" % h["atoms"],
               "frames\t%d" % h["frames"],
               "species\t" + ",".join("%s:%d" % s for s in h["species"]),
               "dt_fs\t" + _g10(h["dt_fs"]),
               "temperature_K\t" + _g10(h["temperature_K"]),
               "coords\t" + h["coords"],
               "cell\t" + h["cell"],
               "cell_A\t" + " ".join("%.10g" % v for v in
                                     np.asarray(h["cell_A"]).ravel()),
               "title\t" + h["title"],
               "hops\t%d" % h["hops"],
               "atom_records\t%d" % h["atom_records"]]
        out += ["provenance\t%s %s: %s" % tuple(p) for p in h["provenance"]]
        return out

    def __repr__(self):
        h = self.header
        return ("<hopstream %s: %d atoms, %d frame records, %d hops, %d atom "
                "records>" % (self.name, h["atoms"],
                              0 if self.frames is None else len(self.frames),
                              h["hops"], h["atom_records"]))


def _open(source, mode):
    """(file, name, close?) for a path, "-" or an open binary file."""
    if hasattr(source, "read" if mode == "rb" else "write"):
        return source, getattr(source, "name", "<stream>"), False
    if source is None or source == "-":
        std = sys.stdin if mode == "rb" else sys.stdout
        return std.buffer, "<stdin>" if mode == "rb" else "<stdout>", False
    path = os.fspath(source)
    try:
        return open(path, mode), path if isinstance(path, str) \
            else os.fsdecode(path), True
    except OSError as e:
        raise StreamError("%s: %s" % (path, e.strerror or e)) from e


def _hop_table(rec, species, dt_fs):
    n = len(rec)
    names = np.array([nm for nm, _ in species] or [""], dtype=str)
    start = rec["start"].astype(np.uint64)
    end = rec["end"].astype(np.uint64)
    cols = [("atom", rec["atom"].astype(np.uint32)),
            ("slot", rec["slot"].astype(np.uint32)),
            ("species", names[rec["species"]] if n else
             np.array([], dtype=names.dtype)),
            ("species_index", rec["species"].astype(np.uint32)),
            ("flags", rec["flags"].astype(np.uint32)),
            ("start", start), ("end", end),
            ("start_ps", start.astype(np.float64) * dt_fs / 1000.0),
            ("end_ps", end.astype(np.float64) * dt_fs / 1000.0),
            ("duration_ps", (end - start).astype(np.float64) * dt_fs / 1000.0)]
    d = rec["end_pos"] - rec["start_pos"]
    cols.append(("length_A", np.sqrt(d[:, 0] * d[:, 0] + d[:, 1] * d[:, 1]
                                     + d[:, 2] * d[:, 2])))
    cols.append(("backhop", (rec["flags"] & HOP_BACK) != 0))
    cols += [("from_cluster", rec["from_cluster"].astype(np.uint32)),
             ("to_cluster", rec["to_cluster"].astype(np.uint32))]
    for field, pre in (("from_centre", "from"), ("to_centre", "to"),
                       ("start_pos", "start"), ("end_pos", "end")):
        for k, ax in enumerate("xyz"):
            cols.append(("%s_%s_A" % (pre, ax),
                         rec[field][:, k].astype(np.float64)))
    d = rec["to_centre"] - rec["from_centre"]
    cols.append(("site_dist_A", np.sqrt(d[:, 0] * d[:, 0] + d[:, 1] * d[:, 1]
                                        + d[:, 2] * d[:, 2])))
    return cols


def _atom_table(rec, species):
    n = len(rec)
    names = np.array([nm for nm, _ in species] or [""], dtype=str)
    return [("atom", rec["atom"].astype(np.uint32)),
            ("slot", rec["slot"].astype(np.uint32)),
            ("species", names[rec["species"]] if n else
             np.array([], dtype=names.dtype)),
            ("species_index", rec["species"].astype(np.uint32)),
            ("nclusters", rec["nclusters"].astype(np.uint32)),
            ("nhops", rec["nhops"].astype(np.uint32)),
            ("flags", rec["flags"].astype(np.uint32)),
            ("silhouette", rec["silhouette"].astype(np.float64)),
            ("vib_rms_A", rec["vib_rms_A"].astype(np.float64)),
            ("site_sep_A", rec["site_sep_A"].astype(np.float64))]


def _table(cols, use_pandas):
    if use_pandas:
        import pandas as pd
        return pd.DataFrame({k: v for k, v in cols})
    dt = np.dtype([(k, v.dtype) for k, v in cols])
    out = np.empty(len(cols[0][1]), dtype=dt)
    for k, v in cols:
        out[k] = v
    return out


def read(source, pandas=None, finite=True):
    """Read a whole hop stream.

    source   a path, "-" for standard input, or a binary file object
    pandas   None: DataFrames when pandas imports; False: numpy structured
             arrays; True: DataFrames (ImportError without pandas)
    finite   refuse non-finite positions in frames, as unwrap, kmeans-hops
             and msd do (False lets them through)

    Returns a Stream; raises StreamError for anything a hoptools reader
    refuses, with the message hopcat gives (less its "hopcat: ").
    """
    use_pandas = _have_pandas() if pandas is None else bool(pandas)
    if use_pandas:
        import pandas as _pd  # noqa: F401  (ImportError for pandas=True)
    f, name, close = _open(source, "rb")
    try:
        return _read(f, name, use_pandas, finite)
    finally:
        if close:
            f.close()


def _read(f, name, use_pandas, finite):
    fixed = _readn(f, _HEAD_FIXED)
    if len(fixed) == 0:
        raise StreamError("%s: empty input (expected a hop stream)" % name)
    if len(fixed) < len(MAGIC) or fixed[:len(MAGIC)] != MAGIC:
        # A little more of what is no stream, to say what it is.
        if len(fixed) == _HEAD_FIXED:
            fixed += _readn(f, _SNIFF_LEN - _HEAD_FIXED)
        raise _not_a_stream(name, fixed)
    if len(fixed) < _HEAD_FIXED:
        raise StreamError("%s: truncated header (%d of %d bytes)"
                          % (name, len(fixed), _HEAD_FIXED))
    major, minor, hlen = struct.unpack_from("<HHI", fixed, 8)
    if major != VERSION[0]:
        raise StreamError("%s: unsupported hop stream version %d.%d (this "
                          "program reads %d.x)" % (name, major, minor,
                                                   VERSION[0]))
    if hlen > MAX_HEADER:
        raise StreamError("%s: invalid header length %d (limit %d)"
                          % (name, hlen, MAX_HEADER))
    hb = _readn(f, hlen + 4)
    if len(hb) < hlen + 4:
        raise StreamError("%s: truncated header (%d of %d bytes)"
                          % (name, _HEAD_FIXED + len(hb),
                             _HEAD_FIXED + hlen + 4))
    if _crc(fixed, hb[:hlen]) != struct.unpack_from("<I", hb, hlen)[0]:
        raise StreamError("%s: header checksum mismatch (stream corrupted)"
                          % name)
    h = _parse_header(name, memoryview(hb)[:hlen])
    natoms, nspecies = h["natoms"], h["nspecies"]
    var = bool(h["flags"] & FLAG_VARIABLE_CELL)
    lead = 80 if var else 8
    want = {REC_FRAME: lead + 24 * natoms, REC_ATOM: _ATOM_LEN,
            REC_HOP: _HOP_LEN, REC_END: _END_LEN}
    kind = {REC_FRAME: "frame", REC_ATOM: "atom", REC_HOP: "hop",
            REC_END: "end"}

    frames = None
    index = []
    cells = []
    nf = 0
    atoms_raw, hops_raw, unknown, types = [], [], [], []
    nrec = 0
    while True:
        num = nrec + 1
        head = _readn(f, 8)
        if len(head) < 8:
            if len(head) == 0:
                raise StreamError("%s: truncated stream: no end marker after "
                                  "%d records" % (name, nrec))
            raise StreamError("%s: record %d: truncated (%d of 8 bytes of "
                              "its head)" % (name, num, len(head)))
        typ, ln = struct.unpack("<II", head)
        if ln > MAX_RECORD:
            raise StreamError("%s: record %d: invalid length %d (stream "
                              "corrupted)" % (name, num, ln))
        w = want.get(typ, 0)
        if w and (ln < w or (ln != w and minor <= VERSION[1])):
            raise StreamError("%s: record %d: invalid %s record (%d bytes, "
                              "%d expected)" % (name, num, kind[typ], ln, w))
        body = _readn(f, ln + 4)
        if len(body) < ln + 4:
            raise StreamError("%s: record %d: truncated (%d of %d bytes)"
                              % (name, num, 8 + len(body), ln + 12))
        payload = memoryview(body)[:ln]
        if _crc(head, payload) != struct.unpack_from("<I", body, ln)[0]:
            raise StreamError("%s: record %d: checksum mismatch (stream "
                              "corrupted)" % (name, num))
        if typ == REC_END:
            counts = struct.unpack_from("<4Q", body, 0)
            got = (nrec, nf, len(atoms_raw), len(hops_raw))
            if counts != got:
                raise StreamError(
                    "%s: end marker counts (%d records, %d frames, %d atoms, "
                    "%d hops) disagree with what was read (%d, %d, %d, %d): "
                    "stream corrupted" % ((name,) + counts + got))
            if f.read(1):
                raise StreamError("%s: unexpected data after the end marker"
                                  % name)
            break
        nrec += 1
        types.append(typ)
        if typ == REC_FRAME:
            pos = np.frombuffer(payload, "<f8", natoms * 3, lead)
            if finite and not np.isfinite(pos).all():
                bad = int(np.flatnonzero(~np.isfinite(pos))[0]) // 3
                raise StreamError("%s: record %d: atom %d has a non-finite "
                                  "coordinate" % (name, num,
                                                  h["orig_index"][bad]))
            if frames is None or nf == len(frames):
                cap = max(16, 2 * nf)
                if frames is None:
                    cap = max(cap, _estimate(f, ln + 12) + 1)
                grown = np.empty((cap, natoms, 3), dtype=np.float64)
                if frames is not None:
                    grown[:nf] = frames[:nf]
                frames = grown
            frames[nf] = pos.reshape(natoms, 3)
            index.append(struct.unpack_from("<Q", payload, 0)[0])
            if var:
                cells.append(np.frombuffer(payload, "<f8", 9, 8).copy())
            nf += 1
        elif typ == REC_ATOM:
            slot, sp = struct.unpack_from("<II", payload, 4)
            if slot >= natoms or sp >= nspecies:
                raise StreamError("%s: record %d: invalid atom record (atom "
                                  "slot %d or species %d out of range)"
                                  % (name, num, slot, sp))
            atoms_raw.append(bytes(payload[:_ATOM_LEN]))
        elif typ == REC_HOP:
            slot, sp = struct.unpack_from("<II", payload, 4)
            start, end = struct.unpack_from("<QQ", payload, 16)
            if (slot >= natoms or sp >= nspecies or end < start or
                    (h["nframes"] > 0 and end >= h["nframes"])):
                raise StreamError("%s: record %d: invalid hop record (atom "
                                  "slot %d, species %d, frames %d-%d)"
                                  % (name, num, slot, sp, start, end))
            xyz = struct.unpack_from("<12d", payload, 40)
            for k, v in enumerate(xyz):
                if not math.isfinite(v):
                    raise StreamError(
                        "%s: record %d: invalid hop record (atom %d: %s is "
                        "not finite)" % (name, num,
                                         struct.unpack_from("<I", payload,
                                                            0)[0],
                                         _HOP_XYZ[k // 3]))
            hops_raw.append(bytes(payload[:_HOP_LEN]))
        else:
            unknown.append((typ, bytes(payload)))

    if frames is not None:
        frames = frames[:nf].copy() if len(frames) != nf else frames
    hrec = np.frombuffer(b"".join(hops_raw), HOP_RECORD)
    arec = np.frombuffer(b"".join(atoms_raw), ATOM_RECORD)
    header = {
        "format": "hopstream %d.%d" % VERSION,
        "version": (major, minor),
        "atoms": natoms,
        "frames": nf if nf > 0 else h["nframes"],
        "nframes": h["nframes"],
        "species": h["species"],
        "dt_fs": h["dt_fs"],
        "temperature_K": h["temperature_K"],
        "coords": COORDS[h["coords"]],
        "cell": "variable" if var else "fixed",
        "cell_A": np.array(h["cell"], dtype=np.float64).reshape(3, 3),
        "flags": h["flags"],
        "title": h["title"],
        "hops": len(hops_raw),
        "atom_records": len(atoms_raw),
        "provenance": h["provenance"],
        "orig_index": h["orig_index"],
    }
    return Stream(
        header, frames=frames,
        frame_index=np.array(index, dtype=np.uint64),
        cells=(np.array(cells, dtype=np.float64).reshape(-1, 3, 3)
               if var else None),
        hops=_table(_hop_table(hrec, h["species"], h["dt_fs"]), use_pandas),
        atoms=_table(_atom_table(arec, h["species"]), use_pandas),
        unknown=unknown, record_types=np.array(types, dtype=np.uint32),
        name=name)


def _estimate(f, reclen):
    """Frame records left in a regular file, to size the frames array
    once (0 when that cannot be known)."""
    try:
        st = os.fstat(f.fileno())
        if not (st.st_mode & 0o170000 == 0o100000):
            return 0
        return max(0, (st.st_size - f.tell()) // reclen)
    except (OSError, AttributeError, ValueError, io.UnsupportedOperation):
        return 0


# --- writing ---

def _col(t, name, n, default=None):
    if name in _columns(t):
        return np.asarray(t[name])
    if default is not None:
        return np.broadcast_to(default, (n,))
    raise ValueError("table lacks column %r" % name)


def _species_index(t, n, species):
    if "species_index" in _columns(t):
        return np.asarray(t["species_index"])
    idx = {nm: i for i, (nm, _) in enumerate(species)}
    return np.array([idx[str(s)] for s in np.asarray(t["species"])],
                    dtype=np.uint32)


def _nrows(t):
    return 0 if t is None else len(t)


def _record(typ, payload):
    head = struct.pack("<II", typ, len(payload))
    return head + payload + struct.pack("<I", _crc(head, payload))


def _header_bytes(h, orig_index):
    species = h["species"]
    natoms = sum(cnt for _, cnt in species)
    if len(species) > MAX_SPECIES or natoms > MAX_ATOMS:
        raise ValueError("too many species or atoms")
    if len(orig_index) != natoms:
        raise ValueError("%d original indices for %d atoms"
                         % (len(orig_index), natoms))
    flags = int(h.get("flags", FLAG_VARIABLE_CELL
                      if h.get("cell") == "variable" else 0))
    nan = float("nan")
    dt_fs = float(h.get("dt_fs", nan))
    temp = float(h.get("temperature_K", nan))
    cell = np.asarray(h.get("cell_A", np.zeros(9)),
                      dtype=np.float64).ravel().tolist()
    why = _header_numbers(dt_fs, temp, cell) or _species_names(species)
    if why is not None:
        raise ValueError(why)
    body = [struct.pack("<4I2d9dQ", natoms, len(species),
                        COORDS.index(h.get("coords", "fractional")), flags,
                        dt_fs, temp, *cell, int(h.get("nframes", 0)))]
    for nm, cnt in species:
        b = nm.encode(*_ENC)
        if not 0 < len(b) <= MAX_NAME:
            raise ValueError("species name %r is empty or longer than %d "
                             "bytes" % (nm, MAX_NAME))
        body.append(struct.pack("<IH", cnt, len(b)) + b)
    body.append(np.asarray(orig_index, dtype="<u4").tobytes())

    def string(s):
        b = s.encode(*_ENC)
        return struct.pack("<I", len(b)) + b
    body.append(string(h.get("title", "")))
    prov = list(h.get("provenance", ()))
    body.append(struct.pack("<I", len(prov)))
    for p in prov:
        body += [string(p[0]), string(p[1]), string(p[2])]
    body = b"".join(body)
    fixed = MAGIC + struct.pack("<HHI", VERSION[0], VERSION[1], len(body))
    return fixed + body + struct.pack("<I", _crc(fixed, body))


def write(dest, s, provenance=None):
    """Write Stream s as a hop stream (version 1.0) to dest: a path, "-"
    for standard output, or a binary file object.

    The header comes from s.header (species, coords, cell or flags, dt_fs,
    temperature_K, cell_A, nframes, title, provenance) and s.orig_index;
    the records from s.frames (with s.frame_index, and s.cells when the
    cell is variable), s.hops and s.atoms (DataFrames or structured
    arrays with the columns read() gives), and s.unknown, in the order of
    s.record_types when it is set (a stream read and written back is the
    same bytes), else frames, then hops, then atoms.  provenance, a
    (program, version, cmdline) triple, is appended to the header's
    provenance list, as every hoptools program does for itself.
    """
    h = dict(s.header)
    if provenance is not None:
        h["provenance"] = list(h.get("provenance", ())) + \
            [Provenance(*provenance)]
    natoms = sum(cnt for _, cnt in h["species"])
    flags = int(h.get("flags", FLAG_VARIABLE_CELL
                      if h.get("cell") == "variable" else 0))
    var = bool(flags & FLAG_VARIABLE_CELL)
    frames = s.frames
    nf = 0 if frames is None else len(frames)
    if nf:
        frames = np.asarray(frames, dtype="<f8")
        if frames.shape[1:] != (natoms, 3):
            raise ValueError("frames of shape %s for %d atoms"
                             % (frames.shape, natoms))
    findex = (np.arange(nf, dtype=np.uint64) if s.frame_index is None
              else np.asarray(s.frame_index, dtype=np.uint64))
    if var and nf and (s.cells is None or len(s.cells) != nf):
        raise ValueError("a variable cell needs s.cells, one per frame")
    nh, na = _nrows(s.hops), _nrows(s.atoms)

    hop_bytes = b""
    if nh:
        t = s.hops
        r = np.zeros(nh, HOP_RECORD)
        for k in ("atom", "slot", "start", "end"):
            r[k] = _col(t, k, nh)
        r["species"] = _species_index(t, nh, h["species"])
        if "flags" in _columns(t):
            r["flags"] = _col(t, "flags", nh)
        else:
            r["flags"] = np.where(_col(t, "backhop", nh, False), HOP_BACK, 0)
        r["from_cluster"] = _col(t, "from_cluster", nh, 0)
        r["to_cluster"] = _col(t, "to_cluster", nh, 0)
        for field, pre in (("from_centre", "from"), ("to_centre", "to"),
                           ("start_pos", "start"), ("end_pos", "end")):
            for k, ax in enumerate("xyz"):
                r[field][:, k] = _col(t, "%s_%s_A" % (pre, ax), nh)
        hop_bytes = r.tobytes()
    atom_bytes = b""
    if na:
        t = s.atoms
        r = np.zeros(na, ATOM_RECORD)
        for k in ("atom", "slot", "nclusters", "nhops"):
            r[k] = _col(t, k, na)
        r["species"] = _species_index(t, na, h["species"])
        r["flags"] = _col(t, "flags", na, 0)
        for k in ("silhouette", "vib_rms_A", "site_sep_A"):
            r[k] = _col(t, k, na, np.nan)
        atom_bytes = r.tobytes()

    order = s.record_types
    if order is None:
        order = [REC_FRAME] * nf + [REC_HOP] * nh + [REC_ATOM] * na + \
            [typ for typ, _ in s.unknown]
    order = [int(x) for x in order]
    want = {REC_FRAME: nf, REC_HOP: nh, REC_ATOM: na}
    for typ, n in want.items():
        if order.count(typ) != n:
            raise ValueError("record_types lists %d records of type %d, the "
                             "data has %d" % (order.count(typ), typ, n))
    if sum(1 for x in order if x not in want) != len(s.unknown):
        raise ValueError("record_types and unknown disagree")

    head = _header_bytes(h, s.orig_index)  # refused before dest is opened
    f, name, close = _open(dest, "wb")
    try:
        f.write(head)
        i = {REC_FRAME: 0, REC_HOP: 0, REC_ATOM: 0}
        u = 0
        for typ in order:
            if typ == REC_FRAME:
                k = i[typ]
                lead = struct.pack("<Q", int(findex[k]))
                if var:
                    lead += np.asarray(s.cells[k], dtype="<f8").tobytes()
                f.write(_record(typ, lead + frames[k].tobytes()))
            elif typ == REC_HOP:
                k = i[typ]
                f.write(_record(typ, hop_bytes[k * _HOP_LEN:
                                               (k + 1) * _HOP_LEN]))
            elif typ == REC_ATOM:
                k = i[typ]
                f.write(_record(typ, atom_bytes[k * _ATOM_LEN:
                                                (k + 1) * _ATOM_LEN]))
            else:
                ut, payload = s.unknown[u]
                if ut in (REC_FRAME, REC_ATOM, REC_HOP, REC_END):
                    raise ValueError("known record kind %d among the "
                                     "unknown ones" % ut)
                f.write(_record(ut, bytes(payload)))
                u += 1
                continue
            i[typ] += 1
        f.write(_record(REC_END, struct.pack("<4Q", len(order), nf, na, nh)))
        f.flush()
    finally:
        if close:
            f.close()
