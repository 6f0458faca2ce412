"""Count name collisions by wording over sampled instances of every generator (scenes and texts only: render=False).

A collision is one of:
  option~answer     a wrong option named like the answer ("dish" and "petri dish"; `names_clash`)
  option~target    a wrong option named like the asked-about object itself (the answer's pictured object)
  noun fits N       a noun the question refers by (the reference object; the target of a where-question) fits N != 1 pictured
                    objects by kind or by wording ("the disc" with a floppy disk and a flying disc); for how-many, an object
                    that fits the counted noun by wording but is not of its kind
  sg noun           a named noun of a scene-graph referring expression that fits, by wording, another object carrying the same
                    attributes; a video scene graph's subject named like another object of the clip
The check reads only the instance (plan, scene, question, options, answer) and `names_clash` + the taxonomy's hierarchy.
Generators are sampled evenly (-n in all); those slower than --slow-rate instances/s on a probe of 10 (after 3 warm-up ones) (the ones whose
scenes are placed by rendering checks) get --slow-n instances each instead, and the table says so.
Usage: python benchmarks/names_check.py [-n 100000] [--seed 0] [--slow-n 300] [--slow-rate 40]
"""
import argparse, collections, json, re, time
from tma_nb.generator import load_generators, get_generator
from tma_nb.taxonomy import names_clash

def _is(t, k, a): return k in t and a in t and bool(t._anc[t.index[t.resolve(k)], t.index[t.resolve(a)]])

def _names(t, objs): return [(o.get('category'), t[o['category']].name if o.get('category') in t else str(o.get('name', '')).lower()) for o in objs]

def _nodes(d):
    while d:
        yield d
        d = (d.get('relation') or {}).get('object')

def collisions(ins, t) -> list:
    out, ans, plan, sc = [], ins.answer, ins.plan, ins.scene
    wrong = [o for o in ins.options if o != ans]
    if ans in t: out += [f'option~answer {o!r}/{ans!r}' for o in wrong if o in t and names_clash(o, ans)]   # names, not positions
    objs = sc.get('objects', []) if isinstance(sc, dict) else []
    named = _names(t, objs)
    if ans in t:   # the asked-about objects: those of the answer's kind
        targets = {n for k, n in named if k and _is(t, k, ans)}
        if isinstance(sc, dict) and sc.get('target') is not None:
            targets |= {n for o, (k, n) in zip(objs, named) if o.get('id') == sc['target']}
        out += [f'option~target {o!r}/{n!r}' for o in wrong for n in targets if names_clash(o, n)]
    if 'subgraph' in plan or 'source_subgraph' in plan:   # scene graphs
        by_id = {o['id']: o for o in objs}
        for key in ('subgraph', 'source_subgraph', 'target_subgraph'):
            if key not in plan: continue
            for d in _nodes(json.loads(plan[key])):
                n = d.get('name')
                if not n or n not in t: continue
                word, attrs = t[n].name, set(d.get('attributes', []))
                hits = [o['id'] for o in by_id.values() if o.get('category') and not _is(t, o['category'], n) and attrs <= set(o.get('attributes', []))
                        and names_clash(word, t[o['category']].name if o['category'] in t else o['name'])]
                if hits: out.append(f'sg noun {word!r} fits {hits} by wording')
        return out
    if isinstance(sc, dict) and 'graph' in sc:   # video scene graphs: the subject vs the clip's other objects
        g = sc['graph']
        subj = re.sub(r'^the ', '', g.get('subject', ''))
        others = sorted({o['name'] for kf in g.get('keyframes', []) for o in kf.get('objects', [])})
        hits = [o for o in others if o == subj or names_clash(subj, o)]
        if hits: out.append(f'video subject {subj!r} named like {hits}')
        return out
    q = ins.question.lower()
    rk, tk = plan.get('reference_category'), plan.get('target_category')
    for k, must_be_one in ((rk, True), (tk, True)):
        if not k or k not in t: continue
        word = t[k].name
        said = re.search(rf'\b{re.escape(word)}\b', q) or re.search(rf'\b{re.escape(t[k].plural)}\b', q)
        if not said or (k == tk and ans == word): continue    # a what-question's answer is not a referring noun
        fit = [n for c, n in named if c and (_is(t, c, k) or names_clash(word, n))]
        if 'how many' in q: out += [f'counted noun {word!r} fits {n!r} by wording' for c, n in named if c and not _is(t, c, k) and names_clash(word, n)]
        elif len(fit) != 1: out.append(f'noun {word!r} fits {len(fit)} objects {fit}')
    return out

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('-n', type=int, default=100_000); ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--slow-n', type=int, default=300); ap.add_argument('--slow-rate', type=float, default=40.0)
    ap.add_argument('--only', nargs='*')
    a = ap.parse_args()
    t0 = time.perf_counter()
    names = sorted(load_generators())
    if a.only: names = [n for n in names if n in a.only]
    rate = {}
    for name in names:   # probe: how fast are scenes and texts made?
        g = get_generator(name); s = g.space
        ps = s.plans(s.sample_indices(min(13, len(s)), a.seed + 1))
        for p in ps[:3]: g.generate(p, 0, a.seed + 1, render=False)   # warm-up (first renderer start)
        ps = ps[3:]
        t1 = time.perf_counter()
        for p in ps: g.generate(p, 0, a.seed + 1, render=False)
        rate[name] = len(ps) / max(time.perf_counter() - t1, 1e-9)
    slow = [n for n in names if rate[n] < a.slow_rate]
    fast = [n for n in names if n not in slow]
    quota = {n: a.slow_n for n in slow}
    rest = max(a.n - a.slow_n * len(slow), 0)
    quota.update({n: rest // len(fast) + (i < rest % len(fast)) for i, n in enumerate(fast)})
    total, bad, examples = collections.Counter(), collections.Counter(), []
    print(f"{'generator':36} {'checked':>8} {'collisions':>10} {'s':>7}")
    for name in names:
        g = get_generator(name); s = g.space; N = len(s)
        want = quota[name]
        idx = list(s.sample_indices(min(N, want), a.seed))
        reps = -(-want // len(idx))
        t1, t = time.perf_counter(), g.taxonomy
        for i in range(reps):
            for p in s.plans(idx[:want - i * len(idx)] if i == reps - 1 else idx):
                ins = g.generate(p, index=i, seed=a.seed, render=False)
                total[name] += 1
                c = collisions(ins, t)
                if c:
                    bad[name] += 1
                    if len(examples) < 20: examples.append((name, p, ins.question, ins.options, ins.answer, c))
        print(f"{name:36} {total[name]:>8} {bad[name]:>10} {time.perf_counter() - t1:>7.1f}{'  (slow: --slow-n)' if name in slow else ''}", flush=True)
    dt = time.perf_counter() - t0
    print(f"checked {sum(total.values())} instances of {len(names)} generators in {dt:.0f} s; collisions {sum(bad.values())} (target 0)")
    for e in examples: print('COLLISION', e)
    return 1 if bad else 0

if __name__ == '__main__': raise SystemExit(main())
