"""Run the independent validator over the scene-graph generators: every plan, with as many instance indices as it takes
to reach at least -n instances per generator (each index draws other wrong options and another option order).
Pictures are read and checked (size against the scene graph); clips are decoded and checked (frame count, size, rate) for
the first --frames instances of each video generator, the rest are checked on question, answer and options only (decoding
every clip of a 2,000-instance run would take minutes per generator).
By default the photo generators read the shipped photo fixture and the video generators the rendered video fixture.
--scene-graphs/--images point the photo generators at a GQA copy, --agqa/--agqa-videos the video generators at an AGQA-style copy;
--corpus N renders N tabletop clips with their exact scene graphs (tma corpus render) and runs all of them on that.
For the video generators it also prints how many instances offer a wrong option from the clip (an object or action that occurs in the
video outside the asked window or without the asked relation, a relation the subject has with the object only outside the window), out of
those whose plan has such a candidate, and how many plans and videos have none.
Usage: python benchmarks/validate_sg.py [-n 2000] [--seed 0] [--frames 300] [--scene-graphs FILE --images DIR] [--agqa FILE --agqa-videos DIR] [--corpus N]
"""
import argparse, collections, math, tempfile, time
from pathlib import Path
from tma_nb.generator import get_generator
from tma_nb.validate import Validator
import tma_nb.scenegraph, tma_nb.scenegraph_video

GENS = ['sg-what-object', 'sg-what-attribute', 'sg-what-relation']
VGENS = ['video-sg-what-object', 'video-sg-what-relation', 'video-sg-what-action']

def in_clip(ins) -> set:
    "Names in the instance's own video that are false for the asked window: read from the scene graph it carries, not from the generator."
    gr, plan = ins.scene['graph'], ins.plan
    if ins.generator == 'video-sg-what-object': return {o['name'] for k in gr['keyframes'] for o in k['objects']}
    if ins.generator == 'video-sg-what-action': return {x['name'] for x in gr['actions']}
    (s, e), = [(x['start'], x['end']) for x in gr['actions'] if x['name'] == plan['reference_action']]
    inside = {'before': lambda t: t < s, 'while': lambda t: s <= t <= e, 'after': lambda t: t > e}[plan['temporal_reference_type']]
    return {r for k in gr['keyframes'] if not inside(k['time']) for o in k['objects'] if o['name'] == plan['object_name'] for r in o[plan['relation_type']]}

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('-n', type=int, default=2000); ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--scene-graphs'); ap.add_argument('--images'); ap.add_argument('--agqa'); ap.add_argument('--agqa-videos')
    ap.add_argument('--frames', type=int, default=300, help='video instances per generator whose clip is decoded and checked')
    ap.add_argument('--corpus', type=int, default=0, help='render this many tabletop clips and validate on them')
    ap.add_argument('--only', choices=['photo', 'video'])
    a = ap.parse_args()
    if a.corpus:
        from tma_nb.scenegraph_corpus import render_corpus
        t0 = time.perf_counter()
        res = render_corpus(Path(tempfile.mkdtemp()), a.corpus, seed=a.seed, progress=True)
        print(f"rendered {a.corpus} clips and stills in {time.perf_counter() - t0:.1f} s")
        a.scene_graphs, a.images, a.agqa, a.agqa_videos = res['scene_graphs'], res['images'], res['video_scene_graphs'], res['videos']
    v, fails, total = Validator(), [], 0
    names = (GENS if a.only != 'video' else []) + (VGENS if a.only != 'photo' else [])
    for name in names:
        video = name in VGENS
        src = (dict(video_scene_graphs=a.agqa, videos=a.agqa_videos) if a.agqa else {}) if video else \
              (dict(scene_graphs=a.scene_graphs, images=a.images) if a.scene_graphs else {})
        g = get_generator(name, **src)
        t0 = time.perf_counter()
        N = len(g.space)
        t_plans = time.perf_counter() - t0
        if N == 0: print(f"{name:22} no plans"); continue
        reps = max(1, math.ceil(a.n / N))
        idx = g.space.sample_indices(min(N, a.n), a.seed) if N >= a.n else range(N)
        plans = g.space.plans(list(idx))
        t0, checked, failed, why, rendered = time.perf_counter(), 0, 0, collections.Counter(), 0
        cands = {i: bool(g.wrong_options(g.vsgs[p['video_scene_graph']], p)[0]) for i, p in enumerate(plans)} if video else {}
        offered = with_cand = 0
        for i in range(reps):
            for j, p in enumerate(plans):
                render = not video or rendered < a.frames
                ins = g.generate(p, index=i, seed=a.seed, render=render, accept=None)   # first draws, as drawn before any check
                probs = v.check(ins)
                checked += 1; rendered += render
                if probs: failed += 1; why.update(probs); fails.append((p, probs))
                if video:
                    with_cand += cands[j]
                    offered += bool(in_clip(ins) & (set(ins.options) - {ins.answer}))
        dt = time.perf_counter() - t0
        total += checked
        print(f"{name:22} plans {N:>6} (enumerated in {t_plans:.2f} s)  instances checked {checked:>6} (with pictures/clips {rendered:>5})  "
              f"failed {failed}  ({checked / dt:,.0f} instances/s)")
        if video:
            none_videos = {p['video_scene_graph'] for p in plans} - {p['video_scene_graph'] for j, p in enumerate(plans) if cands[j]}
            print(f"{'':22} in-clip wrong option offered in {offered}/{checked} instances ({offered / checked:.1%}); "
                  f"{offered}/{with_cand} of those whose clip has one; plans without a candidate {sum(not c for c in cands.values())}/{len(plans)} "
                  f"(videos where no plan has one: {len(none_videos)} of {len({p['video_scene_graph'] for p in plans})})")
        for k, c in why.most_common(5): print(f"    {c:>5}  {k}")
    print(f"checked {total}, failed {len(fails)}")
    return 1 if fails else 0

if __name__ == '__main__': raise SystemExit(main())
