#!/usr/bin/python3
"""mkh5.py - write one known trajectory as XDATCAR, as a vaspout.h5 in
VASP 6's layout (paths as py4vasp's schema reads them) and as H5MD files
(the H5MD 1.1 specification), with h5py, for tests/cli/h52bin.sh.

usage: mkh5.py DIR [good|bad|big ATOMS FRAMES [h5md|vasp]]

good: DIR/XDATCAR, DIR/vaspout.h5, DIR/md-nm.h5 (orthorhombic box, nm,
ps times, wrapped positions with image), DIR/md-tri.h5 (triclinic matrix,
Angstrom, fs, wrapped, no image, steps), DIR/md-npt.h5 (edges per frame),
DIR/two.h5 (two particle groups).
bad: DIR/bad-*.h5, each damaged in one way.
big: DIR/big.h5, an H5MD (or with a fifth argument vasp, a vaspout.h5)
file of ATOMS x FRAMES, written in chunks.
"""
import sys

import h5py
import numpy as np

D = sys.argv[1]
WHAT = sys.argv[2] if len(sys.argv) > 2 else "good"

NAMES = ["Li", "O"]
COUNTS = [2, 4]
N = sum(COUNTS)
F = 7
TRI = np.array([[8.0, 0, 0], [1.0, 9.0, 0], [0.5, -1.0, 10.0]])
ORT = np.diag([8.0, 9.0, 10.0])


def traj(cell, seed=7):
    """Unwrapped fractional positions (F x N x 3) crossing the cell."""
    rng = np.random.default_rng(seed)
    f0 = rng.random((N, 3))
    v = (rng.random((N, 3)) - 0.5) * 0.3
    return np.array([f0 + v * t for t in range(F)])


def xdatcar(path, cell, fu, title="h5 test"):
    fw = fu - np.floor(fu)
    with open(path, "w") as fp:
        fp.write(f"{title}\n1.0\n")
        for row in cell:
            fp.write(" %.12f %.12f %.12f\n" % tuple(row))
        fp.write(" ".join(NAMES) + "\n" + " ".join(map(str, COUNTS)) + "\n")
        for t in range(F):
            fp.write(f"Direct configuration= {t + 1}\n")
            for a in fw[t]:
                fp.write(" %.15f %.15f %.15f\n" % tuple(a))


def vaspout(path, cell, fu, potim=2.0, nblock=1, **damage):
    fw = fu - np.floor(fu)
    with h5py.File(path, "w") as h:
        h["version/major"] = 6
        h["version/minor"] = 4
        h["version/patch"] = 2
        h["input/incar/POTIM"] = potim
        h["input/incar/NBLOCK"] = np.int32(nblock)
        h["input/incar/TEBEG"] = 1600.0
        h["input/incar/IBRION"] = np.int32(0)
        types = damage.get("ion_types", NAMES)
        counts = damage.get("number_ion_types", COUNTS)
        if types is not None:
            h["results/positions/ion_types"] = np.array(types, dtype="S2")
        h["results/positions/number_ion_types"] = np.array(counts,
                                                            dtype=np.int32)
        g = h.create_group("intermediate/ion_dynamics")
        pos = damage.get("positions", fw)
        if pos is not None:
            g["position_ions"] = pos
        g["lattice_vectors"] = damage.get("lattice",
                                          np.array([cell] * len(fw)))
        g["scale"] = 1.0
        g["energies"] = np.zeros((len(fw), 3))
        g["forces"] = np.zeros_like(fw)


def h5md(path, cell, fu, unit="nm", tunit="ps", image=True, edges="fixed",
         group="all", species=(1, 1, 8, 8, 8, 8), dt=2.0, **damage):
    """Cartesian positions: wrapped into the cell, with image counts."""
    fw = fu - np.floor(fu)
    img = np.floor(fu)
    scale = {"nm": 0.1, "A": 1.0, "Angstrom": 1.0, None: 1.0,
             "furlong": 1.0}[unit]
    with h5py.File(path, "w") as h:
        m = h.create_group("h5md")
        m.attrs["version"] = np.array(damage.get("version", [1, 1]),
                                      dtype=np.int32)
        m.create_group("author").attrs["name"] = "hoptools test"
        c = m.create_group("creator")
        c.attrs["name"] = "mkh5.py"
        c.attrs["version"] = "1"
        groups = [group] if isinstance(group, str) else group
        for gname in groups:
            p = h.create_group(f"particles/{gname}")
            box = p.create_group("box")
            box.attrs["dimension"] = np.int32(3)
            box.attrs["boundary"] = np.array(
                damage.get("boundary", ["periodic"] * 3), dtype="S8")
            cells = damage.get("cells", np.array([cell] * len(fw)))
            if edges == "fixed":
                box["edges"] = (np.diag(cell) if np.allclose(
                    cell, np.diag(np.diag(cell))) else cell) * scale
                ed = box["edges"]
            else:
                e = box.create_group("edges")
                e["step"] = np.arange(len(fw), dtype=np.int64) * 5
                e["time"] = np.arange(len(fw)) * dt
                e["value"] = np.array([np.diag(x) for x in cells]) * scale
                ed = e["value"]
            if unit is not None:
                ed.attrs["unit"] = unit
            r = np.einsum("fnk,fkj->fnj", fw, cells) * scale
            if "positions" in damage:
                r = damage["positions"]
            pos = p.create_group("position")
            pos["value"] = r
            if unit is not None:
                pos["value"].attrs["unit"] = unit
            steps = damage.get("steps", np.arange(len(fw)) * 5)
            pos["step"] = np.asarray(steps, dtype=np.int64)
            if tunit is not None:
                pos["time"] = damage.get("times", np.arange(len(fw)) * dt)
                pos["time"].attrs["unit"] = tunit
            if image:
                ig = p.create_group("image")
                ig["step"] = pos["step"][()]
                ig["value"] = img.astype(np.int32)
            if species is not None:
                p["species"] = np.array(species, dtype=np.int32)


def good():
    fu = traj(TRI)
    xdatcar(f"{D}/XDATCAR", TRI, fu)
    vaspout(f"{D}/vaspout.h5", TRI, fu)
    vaspout(f"{D}/vaspout-nblock.h5", TRI, fu, nblock=5)
    # Ion types Li O Li (two POTCARs of one element, or unsorted atoms).
    vaspout(f"{D}/vaspout-repeated.h5", TRI, fu, ion_types=["Li", "O", "Li"],
            number_ion_types=[1, 4, 1])
    # Orthorhombic for the edges-vector H5MD files.
    fo = traj(ORT, seed=11)
    xdatcar(f"{D}/XDATCAR-ort", ORT, fo)
    # nm and ps: 0.002 ps = 2 fs between frames.
    h5md(f"{D}/md-nm.h5", ORT, fo, unit="nm", tunit="ps", dt=0.002)
    h5md(f"{D}/md-noimage.h5", ORT, fo, unit="nm", tunit="ps", dt=0.002,
         image=False)
    h5md(f"{D}/md-tri.h5", TRI, fu, unit="A", tunit="fs", image=False,
         dt=2.0)
    h5md(f"{D}/md-notime.h5", ORT, fo, unit="nm", tunit=None)
    h5md(f"{D}/md-z.h5", ORT, fo, species=(3, 3, 8, 8, 8, 8), dt=0.002)
    h5md(f"{D}/md-nounit.h5", ORT, fo, unit=None, dt=0.002)
    h5md(f"{D}/two.h5", ORT, fo, group=["all", "ions"], dt=0.002)
    # NpT: the box grows by 1% a frame; fractional positions as before.
    cells = np.array([ORT * (1 + 0.01 * t) for t in range(F)])
    h5md(f"{D}/md-npt.h5", ORT, fo, edges="time", cells=cells, dt=0.002)
    with open(f"{D}/XDATCAR-npt", "w") as fp:
        fw = fo - np.floor(fo)
        for t in range(F):
            fp.write("npt\n1.0\n")
            for row in cells[t]:
                fp.write(" %.12f %.12f %.12f\n" % tuple(row))
            fp.write("Li O\n2 4\n")
            fp.write(f"Direct configuration= {t + 1}\n")
            for a in fw[t]:
                fp.write(" %.15f %.15f %.15f\n" % tuple(a))


def bad():
    fu = traj(TRI)
    fo = traj(ORT, seed=11)
    fw = fu - np.floor(fu)
    vaspout(f"{D}/bad-nopos.h5", TRI, fu, positions=None)
    vaspout(f"{D}/bad-rank.h5", TRI, fu, positions=fw[:, :, 0])
    vaspout(f"{D}/bad-count.h5", TRI, fu, number_ion_types=[2, 3])
    vaspout(f"{D}/bad-names.h5", TRI, fu, ion_types=["Li", "O", "S"])
    vaspout(f"{D}/bad-lattice.h5", TRI, fu,
            lattice=np.array([TRI] * (F - 1)))
    nan = fw.copy()
    nan[3, 4, 1] = np.nan
    vaspout(f"{D}/bad-nan.h5", TRI, fu, positions=nan)
    vaspout(f"{D}/bad-potim.h5", TRI, fu, potim=-1.0)
    h5md(f"{D}/bad-version.h5", ORT, fo, version=[2, 0])
    h5md(f"{D}/bad-unit.h5", ORT, fo, unit="furlong")
    h5md(f"{D}/bad-boundary.h5", ORT, fo,
         boundary=["periodic", "periodic", "none"])
    h5md(f"{D}/bad-species.h5", ORT, fo, species=(1, 1, 8, 8, 8))
    h5md(f"{D}/bad-times.h5", ORT, fo, dt=0.002,
         times=[0, 0.002, 0.004, 0.007, 0.008, 0.010, 0.012])
    with h5py.File(f"{D}/bad-empty.h5", "w") as h:
        h["something"] = 1
    h5md(f"{D}/bad-noparticles.h5", ORT, fo, group=[])


def big(atoms, frames, kind):
    """A file of ATOMS x FRAMES, random walks in a 30 A cube, written a
    block of frames at a time (one HDF5 chunk per frame)."""
    rng = np.random.default_rng(1)
    L = 30.0
    f0 = rng.random((atoms, 3))
    with h5py.File(f"{D}/big.h5", "w") as h:
        if kind == "vasp":
            nli = atoms // 3
            h["input/incar/POTIM"] = 2.0
            h["results/positions/ion_types"] = np.array(["Li", "O"],
                                                        dtype="S2")
            h["results/positions/number_ion_types"] = np.array(
                [nli, atoms - nli], dtype=np.int32)
            g = h.create_group("intermediate/ion_dynamics")
            v = g.create_dataset("position_ions", (frames, atoms, 3),
                                 dtype="f8", chunks=(1, atoms, 3))
            g["lattice_vectors"] = np.array([np.eye(3) * L] * frames)
            scale = 1.0
        else:
            m = h.create_group("h5md")
            m.attrs["version"] = np.array([1, 1], dtype=np.int32)
            p = h.create_group("particles/all")
            box = p.create_group("box")
            box.attrs["dimension"] = np.int32(3)
            box.attrs["boundary"] = np.array(["periodic"] * 3, dtype="S8")
            box["edges"] = np.array([L, L, L])
            box["edges"].attrs["unit"] = "A"
            pos = p.create_group("position")
            v = pos.create_dataset("value", (frames, atoms, 3), dtype="f8",
                                   chunks=(1, atoms, 3))
            v.attrs["unit"] = "A"
            pos["step"] = np.arange(frames, dtype=np.int64)
            pos["time"] = np.arange(frames) * 2.0
            pos["time"].attrs["unit"] = "fs"
            p["species"] = (np.arange(atoms) % 3 == 0).astype(np.int32) + 1
            scale = L
        block = 100
        last = np.zeros((atoms, 3))
        for s in range(0, frames, block):
            n = min(block, frames - s)
            d = last + rng.normal(0, 0.05, (n, atoms, 3)).cumsum(axis=0)
            last = d[-1]
            v[s:s + n] = ((f0 + d / L) % 1.0) * scale


if WHAT == "good":
    good()
elif WHAT == "bad":
    bad()
elif WHAT == "big":
    big(int(sys.argv[3]), int(sys.argv[4]),
        sys.argv[5] if len(sys.argv) > 5 else "h5md")
