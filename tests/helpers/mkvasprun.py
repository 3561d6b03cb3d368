#!/usr/bin/python3
"""mkvasprun.py - write a small molecular-dynamics vasprun.xml in VASP's
own layout from a known trajectory, with the XDATCAR and INCAR VASP
would write beside it for the same run.

Neither pymatgen nor ASE writes vasprun.xml, so the tests make their own.
The layout follows real files (pymatgen's tests/files/relaxation/
vasprun.xml, VASP 5.2 and 6 runs) and the VASP wiki's vasprun.xml page:
<generator>, <incar>, <kpoints>, <parameters> in separators, <atominfo>
with its "atoms" and "atomtypes" arrays, the "initialpos" structure, one
<calculation> per ionic step (scsteps, structure with basis, volume,
rec_basis and positions, forces, stress, energy, time), then the
"finalpos" structure.  Numbers are printed as VASP prints them (F16.8 in
vasprun.xml, F12.8 positions and F12.6 lattice in XDATCAR).

As VASP does, every ionic step goes to vasprun.xml and every NBLOCK-th
(steps NBLOCK, 2 NBLOCK, ...) to XDATCAR, whose header is repeated before
each configuration when ISIF >= 3.

    mkvasprun.py --out DIR [--species Li:4,O:2] [--frames 12] [--seed 1]
        [--potim 2] [--nblock 1] [--tebeg 600] [--npt] [--ibrion 0]
        [--version 6.3.2] [--ml-outblock N] [--atoms N]

writes DIR/vasprun.xml, DIR/XDATCAR, DIR/INCAR and DIR/truth.npy (the
unwrapped fractional positions, frames x atoms x 3, before rounding).
--atoms N with --frames M makes a large file quickly (for make bench):
then only vasprun.xml is written.
"""

import argparse
import os
import sys

import numpy as np


def parse_species(s):
    out = []
    for part in s.split(","):
        name, n = part.split(":")
        out.append((name, int(n)))
    return out


def trajectory(rng, natoms, frames, npt):
    """Unwrapped fractional positions and the cell of every step."""
    x = np.empty((frames, natoms, 3))
    x[0] = rng.random((natoms, 3))
    for t in range(1, frames):
        step = rng.normal(0.0, 0.02, (natoms, 3))
        # A hop now and then, crossing the cell's faces.
        hop = rng.random(natoms) < 0.05
        step[hop] += rng.choice([-0.3, 0.3], size=(hop.sum(), 3))
        x[t] = x[t - 1] + step
    cell0 = np.array([[10.1, 0.0, 0.0], [0.5, 9.8, 0.0], [0.3, -0.2, 10.4]])
    cells = np.repeat(cell0[None], frames, axis=0)
    if npt:
        for t in range(frames):
            s = 1.0 + 0.01 * np.sin(0.7 * t) + 0.002 * t
            cells[t] = cell0 * s
            cells[t][1][0] += 0.01 * np.cos(0.3 * t)
    return x, np.round(cells, 6)


def wrapped(x):
    """Positions in [0, 1), rounded to VASP's 8 decimals."""
    w = np.round(x - np.floor(x), 8)
    w[w >= 1.0] = 0.0
    return w


def v3(a):
    return "%16.8f%17.8f%17.8f " % (a[0], a[1], a[2])


def varray(name, rows, ind):
    out = ['%s<varray name="%s" >' % (ind, name)]
    out += ["%s <v>%s</v>" % (ind, v3(r)) for r in rows]
    out.append("%s</varray>" % ind)
    return "\n".join(out)


def structure(cell, pos, ind, name=None):
    head = '%s<structure name="%s" >' % (ind, name) if name else \
        "%s<structure>" % ind
    rec = np.linalg.inv(cell).T
    return "\n".join([
        head,
        "%s <crystal>" % ind,
        varray("basis", cell, ind + "  "),
        '%s  <i name="volume">%17.8f </i>' % (ind, abs(np.linalg.det(cell))),
        varray("rec_basis", rec, ind + "  "),
        "%s </crystal>" % ind,
        varray("positions", pos, ind + " "),
        "%s</structure>" % ind])


def param(kind, name, value, ind):
    t = {"int": ' type="int"', "string": ' type="string"',
         "logical": ' type="logical"', "float": ""}[kind]
    if kind == "float":
        value = "%16.8f" % value
    elif kind == "int":
        value = "%6d" % value
    return '%s<i%s name="%s">%s</i>' % (ind, t, name, value)


def header(a, species, natoms, cell, pos0):
    isif = 3 if a.npt else 2
    types = len(species)
    incar = [
        param("string", "SYSTEM", a.system, "  "),
        param("string", "PREC", "normal", "  "),
        param("int", "IBRION", a.ibrion, "  "),
        param("int", "NSW", a.frames, "  "),
        param("int", "ISIF", isif, "  "),
        param("float", "POTIM", a.potim, "  "),
        param("float", "TEBEG", a.tebeg, "  "),
        param("int", "NBLOCK", a.nblock, "  "),
        param("float", "SMASS", 0.0, "  "),
    ]
    if a.ml_outblock:
        incar.append(param("logical", "ML_LMLFF", " T  ", "  "))
        incar.append(param("int", "ML_OUTBLOCK", a.ml_outblock, "  "))
    params = [
        ' <parameters>',
        '  <separator name="general" >',
        param("string", "SYSTEM", a.system, "   "),
        param("logical", "LCOMPAT", " F  ", "   "),
        '  </separator>',
        '  <separator name="electronic" >',
        param("string", "PREC", "normal", "   "),
        param("float", "ENMAX", 400.0, "   "),
        '   <separator name="electronic convergence" >',
        param("int", "NELM", 60, "    "),
        '   </separator>',
        '  </separator>',
        '  <separator name="ionic" >',
        param("int", "NSW", a.frames, "   "),
        param("int", "IBRION", a.ibrion, "   "),
        param("int", "ISIF", isif, "   "),
        param("float", "PSTRESS", 0.0, "   "),
        param("float", "EDIFFG", 0.001, "   "),
        param("int", "NFREE", 0, "   "),
        param("float", "POTIM", a.potim, "   "),
        param("float", "SMASS", 0.0, "   "),
        '  </separator>',
        '  <separator name="ionic md" >',
        param("float", "TEBEG", a.tebeg, "   "),
        param("float", "TEEND", a.tebeg, "   "),
        param("int", "NBLOCK", a.nblock, "   "),
        param("int", "KBLOCK", max(1, a.frames // a.nblock), "   "),
        param("int", "NPACO", 256, "   "),
        param("float", "APACO", 10.0, "   "),
        '  </separator>',
    ]
    if a.ml_outblock:
        params += ['  <separator name="machine learning" >',
                   param("logical", "ML_LMLFF", " T  ", "   "),
                   param("int", "ML_OUTBLOCK", a.ml_outblock, "   "),
                   '  </separator>']
    params.append(' </parameters>')
    atoms = []
    for k, (name, n) in enumerate(species):
        for _ in range(n):
            atoms.append('    <rc><c>%-2s</c><c>%4d</c></rc>' % (name, k + 1))
    atomtypes = [
        '    <rc><c>%4d</c><c>%-2s</c><c>%16.8f</c><c>%16.8f</c>'
        '<c>  PAW_PBE %s 06Sep2000                   </c></rc>'
        % (n, name, 7.0 + 9 * k, 1.0 + k, name)
        for k, (name, n) in enumerate(species)]
    return "\n".join([
        '<?xml version="1.0" encoding="ISO-8859-1"?>',
        '<modeling>',
        ' <generator>',
        '  <i name="program" type="string">vasp </i>',
        '  <i name="version" type="string">%s </i>' % a.version,
        '  <i name="subversion" type="string">18Apr23 (build Jun 30 2023 '
        '11:11:11) complex            parallel </i>',
        '  <i name="platform" type="string">LinuxGNU </i>',
        '  <i name="date" type="string">2024 03 12 </i>',
        '  <i name="time" type="string">10:21:43 </i>',
        ' </generator>',
        ' <incar>'] + incar + [
        ' </incar>',
        ' <kpoints>',
        '  <generation param="Gamma">',
        '   <v type="int" name="divisions">       1        1        1 </v>',
        '   <v name="usershift">      0.00000000       0.00000000       '
        '0.00000000 </v>',
        '  </generation>',
        '  <varray name="kpointlist" >',
        '   <v>       0.00000000       0.00000000       0.00000000 </v>',
        '  </varray>',
        '  <varray name="weights" >',
        '   <v>       1.00000000 </v>',
        '  </varray>',
        ' </kpoints>'] + params + [
        ' <atominfo>',
        '  <atoms>%8d </atoms>' % natoms,
        '  <types>%8d </types>' % types,
        '  <array name="atoms" >',
        '   <dimension dim="1">ion</dimension>',
        '   <field type="string">element</field>',
        '   <field type="int">atomtype</field>',
        '   <set>'] + atoms + [
        '   </set>',
        '  </array>',
        '  <array name="atomtypes" >',
        '   <dimension dim="1">type</dimension>',
        '   <field type="int">atomspertype</field>',
        '   <field type="string">element</field>',
        '   <field>mass</field>',
        '   <field>valence</field>',
        '   <field type="string">pseudopotential</field>',
        '   <set>'] + atomtypes + [
        '   </set>',
        '  </array>',
        ' </atominfo>',
        structure(cell, pos0, " ", "initialpos")]) + "\n"


def energy(e, ind, md):
    names = ["e_fr_energy", "e_wo_entrp", "e_0_energy"]
    out = ["%s<energy>" % ind]
    out += ['%s <i name="%s">%16.8f </i>' % (ind, n, e) for n in names]
    if md:
        out += ['%s <i name="kinetic">%16.8f </i>' % (ind, 1.5),
                '%s <i name="lattice kinetic">%16.8f </i>' % (ind, 0.0),
                '%s <i name="nosepot">%16.8f </i>' % (ind, 0.1),
                '%s <i name="nosekinetic">%16.8f </i>' % (ind, 0.01),
                '%s <i name="total">%16.8f </i>' % (ind, e + 1.61)]
    out.append("%s</energy>" % ind)
    return "\n".join(out)


def calculation(t, cell, pos, rng, natoms):
    e = -5.0 * natoms + 0.01 * np.sin(t)
    sc = []
    for k in range(2):
        sc += ["  <scstep>",
               '   <time name="dav">    0.10    0.10</time>',
               '   <time name="total">    0.12    0.12</time>',
               energy(e + 0.1 / (k + 1), "   ", False),
               "  </scstep>"]
    forces = rng.normal(0.0, 0.5, (natoms, 3))
    stress = np.diag([1.0, 1.0, 1.0]) * (10 + t)
    return "\n".join([" <calculation>"] + sc + [
        structure(cell, pos, "  "),
        varray("forces", forces, "  "),
        varray("stress", stress, "  "),
        energy(e, "  ", True),
        '  <time name="totalsc">    0.30    0.30</time>',
        " </calculation>"]) + "\n"


def xdat_head(a, species, cell):
    return "\n".join([
        a.system,
        "           1",
        "\n".join("    %12.6f%12.6f%12.6f" % tuple(r) for r in cell),
        "".join("   %-2s" % n for n, _ in species),
        "".join("%6d" % n for _, n in species)]) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", required=True)
    p.add_argument("--species", default="Li:4,O:2")
    p.add_argument("--frames", type=int, default=12)
    p.add_argument("--atoms", type=int, default=0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--potim", type=float, default=2.0)
    p.add_argument("--nblock", type=int, default=1)
    p.add_argument("--tebeg", type=float, default=600.0)
    p.add_argument("--npt", action="store_true")
    p.add_argument("--ibrion", type=int, default=0)
    p.add_argument("--version", default="6.3.2")
    p.add_argument("--ml-outblock", type=int, default=0)
    p.add_argument("--system", default="Li4 O2 md")
    a = p.parse_args()
    rng = np.random.default_rng(a.seed)
    if a.atoms:
        n = max(1, a.atoms // 3)
        species = [("Li", a.atoms - n), ("O", n)]
    else:
        species = parse_species(a.species)
    natoms = sum(n for _, n in species)
    x, cells = trajectory(rng, natoms, a.frames, a.npt)
    os.makedirs(a.out, exist_ok=True)
    big = a.atoms > 0
    with open(os.path.join(a.out, "vasprun.xml"), "w") as f:
        f.write(header(a, species, natoms, cells[0], wrapped(x[0])))
        for t in range(a.frames):
            f.write(calculation(t, cells[t], wrapped(x[t]), rng, natoms))
        f.write(structure(cells[-1], wrapped(x[-1]), " ", "finalpos"))
        f.write("\n</modeling>\n")
    if big:
        return 0
    np.save(os.path.join(a.out, "truth.npy"), x)
    with open(os.path.join(a.out, "XDATCAR"), "w") as f:
        for t in range(a.nblock - 1, a.frames, a.nblock):
            if t == a.nblock - 1 or a.npt:
                f.write(xdat_head(a, species, cells[t]))
            f.write("Direct configuration=%6d\n" % (t + 1))
            for r in wrapped(x[t]):
                f.write("  %10.8f  %10.8f  %10.8f\n" % tuple(r))
    with open(os.path.join(a.out, "INCAR"), "w") as f:
        f.write("SYSTEM = %s\nIBRION = %d\nNSW = %d\nPOTIM = %g\n"
                "TEBEG = %g\nNBLOCK = %d\nISIF = %d\n"
                % (a.system, a.ibrion, a.frames, a.potim, a.tebeg,
                   a.nblock, 3 if a.npt else 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
