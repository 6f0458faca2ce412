"""Plan enumeration time of the scene-graph generators on GQA-sized random scene graphs (the shipped fixture is tiny).
Writes N random scene graphs (O objects with 0-3 attributes, R relations, random boxes on a 640x480 image) to a temporary
file and times the first `len(space)` of each generator (no disk cache), in ms per scene graph.
Usage: python benchmarks/sg_enumerate.py [-n 100] [--objects 20] [--relations 40] [--seed 0]
"""
import argparse, json, random, tempfile, time
from pathlib import Path
from tma_nb.scenegraph import sg_vocabulary, SGWhatObject, SGWhatAttribute, SGWhatRelation

NAMES = ['man', 'woman', 'cup', 'table', 'chair', 'dog', 'cat', 'car', 'tree', 'shirt', 'hat', 'plate', 'window', 'sign', 'pole',
         'building', 'grass', 'sky', 'light', 'glove']
RELS = ['to the left of', 'to the right of', 'on', 'wearing', 'holding', 'in front of', 'behind', 'near', 'above', 'below', 'next to', 'has']

def synth(n, n_obj, n_rel, seed):
    V, r, out = sg_vocabulary(), random.Random(seed), {}
    attrs = [a for t in ('color', 'material', 'shape', 'size', 'texture') for a in V.values[t]]
    for gi in range(n):
        objs = {}
        for i in range(n_obj):
            x, y = r.randint(0, 500), r.randint(0, 400)
            objs[str(i)] = dict(name=r.choice(NAMES), x=x, y=y, w=min(r.randint(10, 140), 640 - x), h=min(r.randint(10, 140), 480 - y),
                                attributes=r.sample(attrs, r.randint(0, 3)), relations=[])
        for _ in range(n_rel):
            a, b = r.sample(list(objs), 2)
            objs[a]['relations'].append(dict(name=r.choice(RELS), object=b))
        out[str(gi)] = dict(width=640, height=480, objects=objs)
    return out

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('-n', type=int, default=100); ap.add_argument('--objects', type=int, default=20)
    ap.add_argument('--relations', type=int, default=40); ap.add_argument('--seed', type=int, default=0)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / 'sg.json'
        p.write_text(json.dumps(synth(a.n, a.objects, a.relations, a.seed)))
        for G in (SGWhatObject, SGWhatAttribute, SGWhatRelation):
            g = G(scene_graphs=p, cache=False)
            t = time.perf_counter(); N = len(g.space); dt = time.perf_counter() - t
            print(f"{G.name:18} {N:>8} plans from {a.n} scene graphs in {dt:.2f} s ({1000 * dt / a.n:.1f} ms per scene graph)")

if __name__ == '__main__': main()
