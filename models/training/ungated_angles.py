"""Ungated angle errors: spec angles (L1L5, L1S1, SS) from every reported vertebra in a predictions.json vs truth.

Usage: /usr/bin/python3 models/training/ungated_angles.py EVAL_OUT/predictions.json DATASET/annotations.json
"""
import json, math, sys
import numpy as np
LABELS = ['C2','C3','C4','C5','C6','C7','T1','T2','T3','T4','T5','T6','T7','T8','T9','T10','T11','T12','L1','L2','L3','L4','L5','S1']

def cross(u, v): return u[0]*v[1] - u[1]*v[0]
def angles(verts):
    v = {x['label']: x['corners'] for x in verts if x.get('score', 1) >= 0.5}
    if len(v) < 2: return {}
    order = sorted(v, key=LABELS.index)
    cen = lambda l: np.mean([c for c in v[l] if c is not None], axis=0)
    s = cen(order[0]) - cen(order[-1])
    d = np.zeros(2)
    for l in order:
        a, p = np.array(v[l][0]), np.array(v[l][1]); e = a - p; d += e / (np.linalg.norm(e) + 1e-12)
    h = np.sign(cross(s, d))
    def lord(U, L):
        dU, dL = np.array(U[0]) - np.array(U[1]), np.array(L[0]) - np.array(L[1])
        return -h * math.degrees(math.atan2(cross(dL, dU), float(np.dot(dL, dU))))
    out = {}
    if 'L1' in v and 'L5' in v and v['L5'][2] is not None: out['L1L5'] = lord((v['L1'][0], v['L1'][1]), (v['L5'][3], v['L5'][2]))
    if 'L1' in v and 'S1' in v: out['L1S1'] = lord((v['L1'][0], v['L1'][1]), (v['S1'][0], v['S1'][1]))
    if 'S1' in v:
        sa, sp = v['S1'][0], v['S1'][1]; out['SS'] = math.degrees(math.atan2(sa[1] - sp[1], abs(sa[0] - sp[0])))
    return out

pred = json.load(open(sys.argv[1]))['images']; truth = json.load(open(sys.argv[2]))['images']
errs = {k: [] for k in ('L1L5', 'L1S1', 'SS')}; missing = {k: 0 for k in errs}
for p, t in zip(pred, truth):
    ta, pa = angles(t['vertebrae']), angles(p['vertebrae'])
    for k in errs:
        if k in ta:
            if k in pa: errs[k].append(abs(pa[k] - ta[k]))
            else: missing[k] += 1
for k, e in errs.items():
    e = np.array(e)
    if len(e): print(f'{k}: n {len(e)} (not measured {missing[k]}), median |e| {np.median(e):.2f} deg, p95 {np.percentile(e, 95):.2f}, max {e.max():.1f}')
    else: print(f'{k}: n 0 (not measured {missing[k]})')
