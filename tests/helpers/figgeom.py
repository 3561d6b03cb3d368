#!/usr/bin/python3
"""figgeom.py SVG: check the geometry a hoptools figure records in its
<metadata id="hop-geometry">: no text box (title, label, tick label, legend
entry) or legend overlaps another or a data mark, nothing lies outside the
figure, and every drawn point (class="pt") has its box.  Prints
"points N clashes N"; the first clashes go to standard error."""
import json, sys
import xml.etree.ElementTree as ET
NS = '{http://www.w3.org/2000/svg}'
root = ET.parse(sys.argv[1]).getroot()
W, H = float(root.get('width')), float(root.get('height'))
meta = [m for m in root.iter(NS + 'metadata')
        if m.get('id') == 'hop-geometry']
boxes = json.loads(meta[0].text)['boxes'] if len(meta) == 1 else []
TEXT = {'title', 'label', 'tick', 'entry', 'note'}
MARK = {'point', 'line', 'bar'}
def over(a, b):
    return (a[2] < b[4] - 0.5 and b[2] < a[4] - 0.5 and
            a[3] < b[5] - 0.5 and b[3] < a[5] - 0.5)
covers = [b for b in boxes if b[0] in TEXT or b[0] == 'legend']
marks = [b for b in boxes if b[0] in MARK]
bad = []
for i, a in enumerate(covers):
    if a[2] < 0 or a[3] < 0 or a[4] > W or a[5] > H:
        bad.append(('outside the figure', a))
    for b in covers[i + 1:]:
        own = {a[0], b[0]} == {'legend', 'entry'} and a[1] == b[1]
        if over(a, b) and not own:
            bad.append((a, b))
    bad += [(a, m) for m in marks if over(a, m)]
pts = sum(1 for e in root.iter() if e.get('class') == 'pt')
npoint = sum(1 for b in boxes if b[0] == 'point')
if not meta:
    bad.append('no geometry metadata')
if npoint != pts:
    bad.append('%d point boxes, %d class="pt" elements' % (npoint, pts))
for b in bad[:5]:
    print('clash:', b, file=sys.stderr)
print('points %d clashes %d' % (pts, len(bad)))
