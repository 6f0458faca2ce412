"""Queries on spaces nobody tuned for: a seeded family of random weakness profiles over simulated models, scored against exhaustive truth.

    python benchmarks/query_profiles.py run --profiles 20 --seeds 0,1,2 --budgets 0.05,0.1,0.15 --out out/query_profiles.csv
    python benchmarks/query_profiles.py run --profiles 2 --seeds 0 --budgets 0.1 --methods tma-fit,tma-active --out out/query_profiles_tma.csv
    python benchmarks/query_profiles.py run --profile-seed 1 --profiles 20 --seeds 0 --budgets 0.1 --out out/query_profiles_fresh.csv   # a fresh set
    python benchmarks/query_profiles.py run --profiles 20 --seeds 0,1,2 --budgets 0.15 --methods active --no-debug --out out/q15.csv   # threshold and Top-K only
    python benchmarks/query_profiles.py run --profiles 20 --seeds 0,1,2 --budgets 0.1 --methods active --no-debug --queries topk --out out/qk.csv   # Top-K only
    python benchmarks/query_profiles.py report out/query_profiles.csv [more.csv ...]

Spaces: `2d` is 2,500 random plans of grid-how-many; `union` is 1,250 of grid-how-many and 1,250 of 3d-how-many (the generator
column tells them apart). A profile is a SimulatedModel (base accuracy 0.7-0.9) with planted rules of one kind:
rare (1-3 small taxonomy nodes, 0.2-2 % of plans each, accuracy 0.05-0.3), subtree (a node with 2-10 % of plans, 0.3-0.5 below
base), conjunction (attribute_type x a category node, or grid 3 x two counts, or (union) generator x attribute_type), gradient
(accuracy falling with count), none, and mixed (rare + conjunction); a grouping (`by`) and a threshold (0.5-0.7) drawn with it.
Answers are drawn from the declared accuracy (DeclaredOracle, 15 per plan); the ground truth is the exhaustive draw.

Metrics per profile x seed x budget x method:
- cover_all / cover_weak: share of groups (of the groups truly beyond the threshold) whose exhaustive score lies inside the
  reported 95 % interval (an undecided group with no interval counts as not covered; a fully observed group's zero-width interval
  is compared with a 1e-9 tolerance, the two sums add in different orders); undecided: share of groups left undecided.
- f1: Threshold F1 of the answered groups against the truly-below groups. f1_tie: the same without the groups whose exhaustive
  score is within its own answers' noise of the threshold (1.96 binomial standard deviations of 15 answers x its plans): for those
  exhaustive evaluation cannot settle the side either, and the answer lists them as not settled. unsettled: share of groups the
  answer marks not settled (interval holds the threshold).
- topk_hit: Top-5 worst, tie-aware: a returned group is a hit when its true score is at most the 5th smallest true score.
  topk_hit_tie: the same, and a group whose true score is within its own answers' noise of the 5th smallest (1.96 binomial
  standard deviations of 15 answers x its plans, as for f1_tie) is a hit too: exhaustive evaluation cannot rank it out of the top 5.
  topk_prob: mean membership probability the answer gives its returned groups; topk_unsettled: share of them it marks not settled.
- debug (10 % only, default settings): recovered = share of planted weak rules (declared accuracy below the query's threshold
  minus 0.05, at least 1 % of the plans) whose plans the reported patterns cover for >= 90 %; spurious = share of reported patterns
  whose plans lie mostly (> 50 %) outside every planted rule below the threshold.
"""
from __future__ import annotations
import os
os.environ.setdefault('OMP_NUM_THREADS', '1'); os.environ.setdefault('OPENBLAS_NUM_THREADS', '1')
import argparse, json, sys, time
from pathlib import Path
import numpy as np
import pandas as pd

OUT = Path(__file__).resolve().parent.parent / 'out'
KINDS = ['rare', 'subtree', 'conjunction', 'gradient', 'none', 'mixed']

def make_space(name:str, n:int=2500, seed:int=0) -> pd.DataFrame:
    "`2d`: n random grid-how-many plans; `union`: n/2 of grid-how-many and n/2 of 3d-how-many."
    from tma_nb.generator import get_generator, load_generators
    load_generators()
    rng = np.random.default_rng(seed)
    parts = [('grid-how-many', n)] if name == '2d' else [('grid-how-many', n // 2), ('3d-how-many', n - n // 2)]
    dfs = []
    for g, k in parts:
        s = get_generator(g).space
        d = s.to_frame(np.sort(rng.choice(len(s), k, replace=False)))
        d['generator'] = g; dfs.append(d)
    df = pd.concat(dfs, ignore_index=True)
    df.insert(0, 'plan_index', np.arange(len(df)))
    return df

def _share(df, node):
    from tma_nb.taxonomy import default_taxonomy
    return np.isin(df.target_category.astype(str), default_taxonomy().subtree(node)).mean()

def make_profile(i:int, seed:int=0) -> dict:
    "Profile `i`: kind, space, base accuracy, planted rules, grouping and threshold, all drawn from a seeded generator."
    from tma_nb.taxonomy import default_taxonomy
    rng = np.random.default_rng([seed, i])
    kind = KINDS[i % len(KINDS)]
    space = '2d' if (i // len(KINDS)) % 2 == 0 else 'union'
    t = default_taxonomy()
    df = SPACES[space]
    nodes = [x for x in t.index if x in set(df.target_category.astype(str)) or len(t.subtree(x)) > 1]
    share = {x: _share(df, x) for x in nodes}
    base = float(np.round(rng.uniform(0.7, 0.9), 2))
    def pick(lo, hi, k=1):
        c = sorted(x for x, s in share.items() if lo <= s <= hi)
        return [str(x) for x in rng.choice(c, min(k, len(c)), replace=False)]
    rules = []
    def rare(): return [({'target_category': n}, float(np.round(rng.uniform(0.05, 0.3), 2))) for n in pick(0.002, 0.02, int(rng.integers(1, 4)))]
    def conj():
        r = rng.integers(3 if space == 'union' else 2)
        if r == 0:
            at = str(rng.choice(['color', 'style', 'orientation', 'size']))
            return [({'attribute_type': at, 'target_category': pick(0.1, 0.4)[0]}, float(np.round(rng.uniform(0.1, 0.4), 2)))]
        if r == 1:
            c = sorted(int(x) for x in rng.choice(np.arange(2, 10), 2, replace=False))
            return [({'grid': 3, 'count': c}, float(np.round(rng.uniform(0.1, 0.4), 2)))]
        at = str(rng.choice(['color', 'style', 'size']))
        return [({'generator': '3d-how-many', 'attribute_type': at}, float(np.round(rng.uniform(0.1, 0.4), 2)))]
    if kind == 'rare': rules = rare()
    elif kind == 'subtree': rules = [({'target_category': pick(0.02, 0.1)[0]}, float(np.round(base - rng.uniform(0.3, 0.5), 2)))]
    elif kind == 'conjunction': rules = conj()
    elif kind == 'gradient':
        slope = float(np.round(rng.uniform(0.03, 0.06), 3))
        rules = [({'count': c}, float(np.round(base - slope * (c - 1), 3))) for c in range(2, 10)]
    elif kind == 'mixed': rules = rare() + conj()
    bys = {'rare': ['target_category@0'], 'subtree': ['target_category@0', ['target_category@0', 'grid']],
           'conjunction': [['attribute_type', 'count'], ['grid', 'count'], ['target_category@0', 'attribute_type']],
           'gradient': [['attribute_type', 'count'], ['grid', 'count'], 'count'], 'none': ['target_category@0', ['attribute_type', 'count']],
           'mixed': ['target_category@0', ['attribute_type', 'count']]}[kind]
    by = bys[int(rng.integers(len(bys)))]
    if space == 'union' and isinstance(by, list) and rng.random() < 0.5: by = by + ['generator']
    threshold = float(rng.choice([0.5, 0.6, 0.7]))
    return dict(id=i, seed=seed, kind=kind, space=space, base=base, rules=rules, by=by, threshold=threshold)

SPACES = {}

def _rule_mask(df, conds):
    from tma_nb.query import pattern_mask
    from tma_nb.plans import COLUMNS, Column
    m = np.ones(len(df), bool)
    for c, v in conds.items():
        vs = v if isinstance(v, list) else [v]
        cat = COLUMNS.get(c, Column(c)).kind == 'category'
        m &= np.any([pattern_mask(df, [f'{c} in {x}' if cat else f'{c}={x}']) for x in vs], axis=0)
    return m

def rule_masks(df, rules):
    "Plans each rule decides (the first matching rule wins, as in SimulatedModel)."
    taken, out = np.zeros(len(df), bool), []
    for conds, _ in rules:
        m = _rule_mask(df, conds) & ~taken; taken |= m; out.append(m)
    return out

def run_profile(p:dict, seeds, budgets, methods, rows:list, debug_only:bool=False, debug:bool=True, queries=('threshold', 'topk')):
    from tma_nb.models import SimulatedModel
    from tma_nb.query import query, DeclaredOracle, group_labels, pattern_mask
    df = SPACES[p['space']]
    sim = SimulatedModel(f"profile-{p['id']}", p['base'], p['rules'])
    y = DeclaredOracle(sim)(df)[:, 0]
    lab = group_labels(df, p['by'])
    truth = pd.Series(y).groupby(lab).mean(); sizes = pd.Series(lab).value_counts().reindex(truth.index)
    c = p['threshold']; weak = truth.index[truth < c]
    masks = rule_masks(df, p['rules'])
    head = dict(profile_seed=p.get('seed', 0), profile=p['id'], kind=p['kind'], space=p['space'], by=str(p['by']), threshold=c, groups=len(truth), weak_groups=len(weak))
    for seed in seeds:
        for b in budgets:
            for m in methods:
                t0 = time.perf_counter()
                row = dict(head, seed=seed, budget=b, method=m)
                if not debug_only:
                    row.update(threshold_and_topk(df, sim, p, truth, weak, b, m, seed, sizes, queries))
                if debug and np.isclose(b, 0.1) and m in ('active', 'random'):
                    row.update(debug_metrics(df, sim, p, masks, b, m, seed))
                row['seconds'] = round(time.perf_counter() - t0, 1)
                rows.append(row)
                print(json.dumps({k: v for k, v in row.items() if k != 'debug_found'}), file=sys.stderr, flush=True)

N_ANSWERS = 15   # answers per plan (DeclaredOracle: 5 instances x 3 option orders)

def f1(got:set, want:set) -> float:
    "F1 of the answered groups `got` against the truly-beyond groups `want` (1 when both are empty)."
    pr = len(got & want) / len(got) if got else float(not want); rc = len(got & want) / len(want) if want else 1.0
    return 2 * pr * rc / (pr + rc) if pr + rc else 0.0

def threshold_and_topk(df, sim, p, truth, weak, b, m, seed, sizes, queries=('threshold', 'topk')) -> dict:
    """Coverage, undecided and not-settled shares, interval width and F1 of a threshold query; tie-aware hit of a Top-5 worst query.
    `f1_tie` leaves out the groups whose exhaustive score is itself within its answers' noise of the threshold (|score - c| <=
    1.96 sqrt(score (1 - score) / (15 plans))): exhaustive evaluation cannot tell their side either, so either answer is right."""
    row = {}
    if 'threshold' in queries: row.update(threshold_metrics(df, sim, p, truth, weak, b, m, seed, sizes))
    if 'topk' in queries: row.update(topk_metrics(df, sim, p, truth, b, m, seed, sizes))
    return row

def threshold_metrics(df, sim, p, truth, weak, b, m, seed, sizes) -> dict:
    "Coverage, undecided and not-settled shares, interval width, F1 and tie-aware F1 of a threshold query."
    from tma_nb.query import query, DeclaredOracle
    c = p['threshold']
    r = query('threshold', df, DeclaredOracle(sim), by=p['by'], threshold=c, budget=b, method=m, seed=seed)
    g = r.groups.set_index('group'); tv = truth.reindex(g.index)
    inside = (g.low - 1e-9 <= tv) & (tv <= g.high + 1e-9)   # a fully observed group's interval is its exact score (sums in another order)
    got, want = set(r.answer.group), set(weak)
    ties = set(truth.index[np.abs(truth - c) <= 1.96 * np.sqrt(truth * (1 - truth) / (N_ANSWERS * sizes))])
    row = dict(plans=r.plans_spent, cover_all=float(inside.mean()),
               cover_weak=float(inside[list(weak)].mean()) if len(weak) else np.nan, undecided=len(r.undecided) / len(g),
               unsettled=len(r.unsettled) / len(g), f1=f1(got, want), f1_tie=f1(got - ties, want - ties), ties=len(ties),
               width=float((g.high - g.low).median()))
    return row

def topk_metrics(df, sim, p, truth, b, m, seed, sizes) -> dict:
    "Hit and noise-aware hit of a Top-5 worst query, and the membership probability of the returned groups."
    from tma_nb.query import query, DeclaredOracle
    row, k = {}, min(5, len(truth) - 1)
    r2 = query('topk', df, DeclaredOracle(sim), by=p['by'], k=k, budget=b, method=m, seed=seed)
    kth = np.sort(truth.to_numpy())[k - 1]
    row['topk_hit'] = float(np.mean([truth[x] <= kth + 1e-12 for x in r2.answer.group])) if len(r2.answer) else 0.0
    # noise-aware: a returned group also counts when its exhaustive score is within its own answers' noise of the k-th score (the
    # rule of f1_tie with the k-th score as the threshold): exhaustive evaluation cannot tell it from the top k either
    se = np.sqrt(truth * (1 - truth) / (N_ANSWERS * sizes))
    row['topk_hit_tie'] = float(np.mean([truth[x] <= kth + 1.96 * se[x] + 1e-12 for x in r2.answer.group])) if len(r2.answer) else 0.0
    row['topk_prob'] = float(r2.answer.prob.mean()) if len(r2.answer) else np.nan   # the answer's own membership probability
    row['topk_unsettled'] = len(r2.unsettled) / len(r2.answer) if len(r2.answer) else np.nan   # returned groups the answer marks not settled
    return row

def debug_metrics(df, sim, p, masks, b, m, seed) -> dict:
    "Planted weak rules recovered by a debugging query with default settings, and the share of its patterns that are spurious."
    from tma_nb.query import query, DeclaredOracle, pattern_mask
    row = {}
    d = query('debug', df, DeclaredOracle(sim), budget=b, method=m, seed=seed)
    cd = d.params['threshold']
    below = [mk for mk, (_, a) in zip(masks, p['rules']) if a < cd]
    planted = [mk for mk, (_, a) in zip(masks, p['rules']) if a < cd - 0.05 and mk.sum() >= 0.01 * len(df)]
    union = np.any(below, axis=0) if below else np.zeros(len(df), bool)
    pm = [pattern_mask(df, pt) for pt in d.patterns.pattern]
    cover = np.any(pm, axis=0) if pm else np.zeros(len(df), bool)
    row.update(debug_threshold=cd, debug_planted=len(planted), debug_patterns=len(pm),
               debug_recovered=float(np.mean([(x & cover).sum() >= 0.9 * x.sum() for x in planted])) if planted else np.nan,
               debug_spurious=float(np.mean([(x & union).sum() <= 0.5 * x.sum() for x in pm])) if pm else 0.0,
               debug_found=' | '.join(' & '.join(pt) for pt in d.patterns.pattern))
    return row

def report(res:pd.DataFrame) -> str:
    out = []
    mm = ['cover_all', 'cover_weak', 'undecided', 'unsettled', 'f1', 'f1_tie', 'topk_hit', 'topk_hit_tie', 'topk_prob', 'debug_recovered', 'debug_spurious']
    mm = [m for m in mm if m in res]
    s = res.groupby(['method', 'budget'])[mm].mean().round(3)
    out += ['## Mean over profiles and seeds', '', '```', s.to_string(), '```', '']
    if 'cover_all' in res:
        cov = res.groupby(['method', 'budget']).apply(lambda g: pd.Series(dict(
            profiles=g.profile.nunique(), cover_all_min_profile=g.groupby('profile').cover_all.mean().min(),
            cover_weak_min_profile=g.groupby('profile').cover_weak.mean().min()))).round(3)
        out += ['## Coverage: worst profile (mean over seeds)', '', '```', cov.to_string(), '```', '']
    if {'active', 'random'} <= set(res.method) and ('f1' in res or 'topk_hit' in res):
        cols = [x for x in ['f1', 'f1_tie', 'topk_hit', 'topk_hit_tie', 'cover_all', 'cover_weak'] if x in res]
        a = res[res.method == 'active'].groupby(['profile', 'kind', 'space', 'by', 'threshold', 'budget'])[cols].mean()
        r = res[res.method == 'random'].groupby(['profile', 'kind', 'space', 'by', 'threshold', 'budget'])[cols].mean()
        j = a.join(r, lsuffix='_active', rsuffix='_random').reset_index()
        if 'f1' in res: j['f1_ok'] = j.f1_active >= j.f1_random - 1e-9
        if 'topk_hit' in res: j['topk_ok'] = j.topk_hit_active >= j.topk_hit_random - 1e-9
        if 'f1_tie' in res: j['f1_tie_ok'] = j.f1_tie_active >= j.f1_tie_random - 1e-9
        if 'topk_hit_tie' in res: j['topk_tie_ok'] = j.topk_hit_tie_active >= j.topk_hit_tie_random - 1e-9
        v = j.groupby('budget')[[x for x in ['f1_ok', 'f1_tie_ok', 'topk_ok', 'topk_tie_ok'] if x in j]].agg(['sum', 'size'])
        out += ['## Active against random, per profile (mean over seeds)', '', '```', v.to_string(), '', j.round(3).to_string(index=False), '```', '']
    if 'debug_recovered' in res:
        if 'f1' in res and res.f1.isna().any() and res.debug_patterns.notna().any():   # a debug-only run replaces the debugging columns
            dbg = res[res.f1.isna() & res.debug_patterns.notna()]
            res = pd.concat([res[res.f1.notna()].drop(columns=[c for c in res if c.startswith('debug_')]), dbg], ignore_index=True)
        d = res[res.debug_recovered.notna() | res.debug_patterns.notna()].groupby(['method', 'profile', 'kind'])[['debug_planted', 'debug_recovered', 'debug_spurious', 'debug_patterns']].mean().round(3)
        out += ['## Debugging at 10 % (default settings)', '', '```', d.to_string(), '```', '']
    return '\n'.join(out)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('action', choices=['run', 'report', 'show'])
    ap.add_argument('csv', nargs='*')
    ap.add_argument('--profiles', type=int, default=20); ap.add_argument('--first', type=int, default=0)
    ap.add_argument('--only', default=None, help='comma-separated profile ids')
    ap.add_argument('--profile-seed', type=int, default=0, help='seed of the profile generator (another seed: a fresh set of profiles)')
    ap.add_argument('--seeds', default='0,1,2'); ap.add_argument('--budgets', default='0.05,0.1,0.15')
    ap.add_argument('--methods', default='active,random'); ap.add_argument('--size', type=int, default=2500)
    ap.add_argument('--out', default=str(OUT / 'query_profiles.csv'))
    ap.add_argument('--debug-only', action='store_true', help='run only the debugging queries (at 10 %%); report uses them in place of earlier ones')
    ap.add_argument('--no-debug', action='store_true', help='leave the debugging queries out (threshold and Top-K only)')
    ap.add_argument('--queries', default='threshold,topk', help='which of the threshold and Top-K queries to run (comma-separated)')
    a = ap.parse_args()
    pd.set_option('display.width', 250)
    if a.action == 'report':
        print(report(pd.concat([pd.read_csv(f) for f in a.csv], ignore_index=True))); sys.exit()
    SPACES.update({'2d': make_space('2d', a.size), 'union': make_space('union', a.size)})
    ids = [int(x) for x in a.only.split(',')] if a.only else list(range(a.first, a.first + a.profiles))
    profiles = [make_profile(i, a.profile_seed) for i in ids]
    if a.action == 'show':
        for p in profiles: print(p)
        sys.exit()
    rows, t0 = [], time.perf_counter()
    for p in profiles:
        print(json.dumps(p), file=sys.stderr, flush=True)
        run_profile(p, [int(x) for x in a.seeds.split(',')], [float(x) for x in a.budgets.split(',')], a.methods.split(','), rows, a.debug_only, not a.no_debug, tuple(a.queries.split(',')))
        Path(a.out).parent.mkdir(parents=True, exist_ok=True); pd.DataFrame(rows).to_csv(a.out, index=False)
    print(report(pd.DataFrame(rows)))
    print(f"\ntotal {time.perf_counter() - t0:.0f} s; results in {a.out}")
