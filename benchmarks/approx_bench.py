"""Approximators and queries against exhaustive ground truth.

    python benchmarks/approx_bench.py build      # evaluate the probe zoo on the 3,015-plan probe space (once; resumable)
    python benchmarks/approx_bench.py run        # compare every method at budgets of 1, 5, 10, 15 and 20 % (builds first if needed)
    python benchmarks/approx_bench.py run --part probe --budgets 0.15 --tma-budgets 0.15
    python benchmarks/approx_bench.py step       # seconds per acquisition step of our method on all 183,872 grid-how-many plans
    python benchmarks/approx_bench.py report out/a.csv out/b.csv   # tables of earlier runs (later files replace the same runs)

Part `probe`: the probe space is every 61st plan of `grid-how-many` (3,015 plans, like the reference's demo of 3,249 how-many plans).
Its ground truth is the probe models' real answers (5 instances x 3 option orders per plan), stored in `out/probe_truth.db`
through the normal evaluation path, so any query re-uses them without model calls. Every approximate query also runs through
that path (StoreOracle); its budget is counted in plans and in the model calls the plans cost (15 each).

Part `sim`: all 183,872 grid-how-many plans, a simulated model with planted weaknesses, a second one for comparisons and a third
with a tie-free Top-K profile (ten planted groups at distinct accuracies). Answers
are drawn from the models' declared per-plan accuracy (DeclaredOracle: 15 Bernoulli draws per plan, seeded per plan) because
rendering 2.8 million pictures is out of reach on CPU; ground truth is the exhaustive draw. TMA-Fit and TMA-Active are not run
there: they embed every plan's text and fit an exact GP with a 5-fold grid search on up to 36,000 points (O(n^3)).
Part `rank`: Plackett-Luce against mean accuracy on a zoo of 10 simulated models, with 90 % of results removed.
"""
from __future__ import annotations
import argparse, json, os, sys, time
from pathlib import Path
import numpy as np
import pandas as pd

OUT = Path(__file__).resolve().parent.parent / 'out'
PROBE_DB = OUT / 'probe_truth.db'
PROBE_MODELS = ['probe-base', 'probe-nocolor', 'probe-tiny']
STEP = 61

def probe_space_plans():
    "The probe space: every 61st plan of grid-how-many, as a DataFrame with plan_index."
    from tma_nb.generator import get_generator, load_generators
    load_generators()
    s = get_generator('grid-how-many').space
    idx = np.arange(0, len(s), STEP)
    df = s.to_frame(idx); df.insert(0, 'plan_index', idx)
    return df

def build_probe_truth(db=PROBE_DB, models=PROBE_MODELS, chunk:int=100):
    "Evaluate `models` on every plan of the probe space; instances are drawn once per chunk and shared by the models."
    from tma_nb.evaluate import plan_specs, evaluate
    from tma_nb.models import get_model
    Path(db).parent.mkdir(parents=True, exist_ok=True)
    df = probe_space_plans()
    ms = [get_model(m) for m in models]
    t0 = time.time()
    for s in range(0, len(df), chunk):
        specs = plan_specs(df.iloc[s:s + chunk], 5, 0)
        memo = {}
        for sp in specs:
            sp.make = (lambda sp=sp, f=sp.make: memo[id(sp)] if id(sp) in memo else memo.setdefault(id(sp), f()))
        for m in ms: evaluate(m, specs=specs, db=db, progress=False)
        print(f"{min(s + chunk, len(df))}/{len(df)} plans, {time.time() - t0:.0f} s", file=sys.stderr, flush=True)
    return db

# ---------------------------------------------------------------- metrics
def topk_metrics(res, truth_groups, k, worst=True):
    "Hit rate (returned groups truly in the top k) and mean true rank of the returned groups."
    tr = truth_groups.sort_values(ascending=worst, kind='stable')
    rank = {g: i + 1 for i, g in enumerate(tr.index)}
    got = list(res.answer.group)
    return dict(hit=np.mean([rank[g] <= k for g in got]) if got else 0.0, mean_rank=float(np.mean([rank[g] for g in got])) if got else np.nan)

def set_metrics(got, want):
    got, want = set(got), set(want)
    p = len(got & want) / len(got) if got else (1.0 if not want else 0.0)
    r = len(got & want) / len(want) if want else 1.0
    return dict(precision=p, recall=r, f1=2 * p * r / (p + r) if p + r else 0.0)

def tau_groups(res, truth_groups):
    from tma_nb.rank import kendall_tau
    g = res.groups.set_index('group').estimate.reindex(truth_groups.index)
    ok = g.notna().to_numpy()
    return kendall_tau(g.to_numpy()[ok], truth_groups.to_numpy()[ok]) if ok.sum() > 2 else np.nan

def _truth(df, y, by):
    from tma_nb.query import group_labels
    return pd.Series(y).groupby(group_labels(df, by)).mean()

def _one(task):
    "One (query spec, method, budget, seed) run; the context (plans, truth, specs, oracles) is inherited from the parent (fork)."
    from tma_nb.query import query, _target
    df, oracle_fn, Ytrue, specs, setting, prior = _CTX['df'], _CTX['oracle_fn'], _CTX['Y'], _CTX['specs'], _CTX['setting'], _CTX['prior']
    si, method, b, seed = task
    spec = specs[si]
    kind, by = spec['kind'], spec.get('by')
    ytrue = _target(Ytrue[:, spec['models']], kind, spec.get('worst', True))
    pr = prior(spec) if (method == 'active+prior' and prior) else None
    t = time.perf_counter()
    r = query(kind, df, oracle_fn(spec['models']), by=by, k=spec.get('k', 10), worst=spec.get('worst', True),
              threshold=spec.get('threshold'), margin=spec.get('margin', 0.0), budget=b,
              method='active' if method == 'active+prior' else method, seed=seed, prior=pr)
    wall = time.perf_counter() - t
    row = dict(setting=setting, query=spec['name'], method=method, budget=b, seed=seed, plans=r.plans_spent,
               calls=r.plans_spent * 15 * len(spec['models']), seconds=round(wall, 2))
    if kind in ('topk', 'threshold', 'compare'):   # calibration: share of groups whose exhaustive score lies inside the 95 % interval
        tg = _truth(df, ytrue, by)
        g = r.groups.set_index('group'); tv = tg.reindex(g.index)
        row.update(cover=float(((g.low - 1e-9 <= tv) & (tv <= g.high + 1e-9)).mean()), undecided=len(r.undecided) / len(g))   # tolerance: a fully observed group's zero-width interval sums in another order
    if kind == 'topk':
        tg = _truth(df, ytrue, by)
        row.update(topk_metrics(r, tg, spec.get('k', 10), spec.get('worst', True)), tau=tau_groups(r, tg))
    elif kind in ('threshold', 'compare'):
        tg = _truth(df, ytrue, by)
        c = spec.get('threshold') if kind == 'threshold' else (-spec['margin'] if spec.get('worst', True) else spec['margin'])
        below = spec.get('worst', True)
        want = tg.index[(tg < c) if below else (tg > c)]
        row.update(set_metrics(r.answer.group, want), tau=tau_groups(r, tg))
    elif kind == 'debug':
        row.update(spec['score'](r))
    print(json.dumps(row), file=sys.stderr, flush=True)
    return row

_CTX = {}

def run_queries(df, oracle_fn, Ytrue, budgets, methods, tma_budgets, setting, specs, rows, seeds=(0,), prior=None, jobs:int=1):
    "Run each query spec with each method, budget and seed (in `jobs` processes, slowest first); append metric rows."
    _CTX.update(df=df, oracle_fn=oracle_fn, Y=Ytrue, specs=specs, setting=setting, prior=prior)
    tasks = [(si, m, b, sd) for si, spec in enumerate(specs) if not ONLY or any(o in spec['name'] for o in ONLY)
             for m in methods for b in budgets if not (m.startswith('tma') and b not in tma_budgets) for sd in seeds]
    cost = {'tma-active': 100, 'tma-fit': 10, 'active+prior': 2, 'active': 2, 'random': 1}
    tasks.sort(key=lambda t: -cost.get(t[1], 1) * t[2])
    if jobs > 1:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor
        with ProcessPoolExecutor(jobs, mp_context=mp.get_context('fork')) as ex: rows += list(ex.map(_one, tasks))
    else: rows += [_one(t) for t in tasks]

def probe_part(budgets, methods, tma_budgets, rows, seeds=(0,), jobs=1, plans=None):
    from tma_nb.query import StoreOracle
    if not PROBE_DB.exists(): build_probe_truth()
    df = probe_space_plans()
    if plans: df = df.iloc[:plans].reset_index(drop=True)   # the first plans only (a ground truth still being built)
    full = StoreOracle(PROBE_MODELS, PROBE_DB)
    Y = full(df)
    if full.calls: print(f"completed the ground truth with {full.calls} model calls", file=sys.stderr)
    def oracle_fn(ix): return StoreOracle([PROBE_MODELS[i] for i in ix], PROBE_DB)
    def dbg_score(t):
        "Plan level (the flagged plans against the truly low ones) and pattern level (the patterns the exact query mines from all answers)."
        from tma_nb.query import pattern_mask, query
        low = Y[:, 0] < t
        truth = [pattern_mask(df, p) for p in query('debug', df, full, threshold=t, method='exact').patterns.pattern]
        def f(r):
            flagged = set(r.answer.plan_index); want = set(df.plan_index[low])
            row = {f'plan_{k}': v for k, v in set_metrics(flagged, want).items()}
            masks = [pattern_mask(df, p) for p in r.patterns.pattern]
            cover = np.any(masks, axis=0) if masks else np.zeros(len(df), bool)
            rec = float(np.mean([(tm & cover).sum() >= 0.9 * tm.sum() for tm in truth])) if truth else 1.0
            prec = float(np.mean([(m & low).sum() >= 0.5 * m.sum() for m in masks])) if masks else (0.0 if truth else 1.0)
            return dict(row, recall=rec, precision=prec, f1=2 * rec * prec / (rec + prec) if rec + prec else 0.0, patterns=len(masks))
        return f
    specs = [dict(name='top10 worst attribute_value x count', kind='topk', by=['attribute_value', 'count'], k=10, models=[0]),
             dict(name='top10 worst target_category@0', kind='topk', by='target_category@0', k=10, models=[0]),
             dict(name='threshold <0.4 attribute_value x count', kind='threshold', by=['attribute_value', 'count'], threshold=0.4, models=[0]),
             dict(name='threshold <0.4 target_category@0', kind='threshold', by='target_category@0', threshold=0.4, models=[0]),
             dict(name='compare base beats nocolor by 0.15, attribute_value x count', kind='compare', by=['attribute_value', 'count'], margin=0.15, worst=False, models=[0, 1]),
             dict(name='debug plans <0.2', kind='debug', threshold=0.2, models=[0], score=dbg_score(0.2))]
    def prior(spec):   # the other probe models' stored profiles
        others = [i for i in range(len(PROBE_MODELS)) if i not in spec['models']]
        return Y[:, others]
    run_queries(df, oracle_fn, Y, budgets, methods, tma_budgets, f'probe {len(df):,} plans', specs, rows, seeds=seeds, prior=prior, jobs=jobs)

ONLY = []

SIM_MAIN = dict(name='sim-planted', accuracy=0.8, rules=[({'grid': 3, 'count': [8, 9]}, 0.3), ({'attribute_type': 'orientation', 'target_category': 'animal'}, 0.35),
                                                      ({'attribute_value': 'purple', 'count': [1, 2]}, 0.3), ({'target_category': 'food', 'attribute_type': 'size'}, 0.4)])
SIM_OTHER = dict(name='sim-other', accuracy=0.7, rules=[({'attribute_type': 'color'}, 0.5)])
# Top-K needs a profile without ties: ten (attribute value, count) groups planted at distinct accuracies 0.50, 0.52, ..., 0.68,
# every other group graded by count (0.95 for one object down to 0.71 for nine), so the true worst ten and their order are unambiguous
SIM_TOPK_WEAK = [('red', 7), ('cartoon', 3), ('large', 9), ('upside down', 2), ('blue', 5), ('sketch', 8), ('none', 4), ('purple', 1),
                 ('small', 6), ('rotated clockwise', 9)]
SIM_TOPK = dict(name='sim-topk', accuracy=0.95, rules=[({'attribute_value': v, 'count': c}, round(0.50 + 0.02 * i, 2)) for i, (v, c) in enumerate(SIM_TOPK_WEAK)]
                + [({'count': c}, round(0.95 - 0.03 * (c - 1), 2)) for c in range(2, 10)])

def sim_part(budgets, methods, rows, seeds=(0,), jobs=1):
    from tma_nb.generator import get_generator, load_generators
    from tma_nb.models import SimulatedModel
    from tma_nb.query import DeclaredOracle, pattern_mask
    load_generators()
    s = get_generator('grid-how-many').space
    df = s.to_frame(np.arange(len(s))); df.insert(0, 'plan_index', np.arange(len(s)))
    models = [SimulatedModel(**SIM_MAIN), SimulatedModel(**SIM_OTHER), SimulatedModel(**SIM_TOPK)]
    t = time.perf_counter(); Y = DeclaredOracle(models)(df); print(f"sim ground truth {time.perf_counter() - t:.0f} s", file=sys.stderr)
    planted = []
    for conds, _ in SIM_MAIN['rules']:
        m = np.ones(len(df), bool)
        for c, v in conds.items():
            vs = v if isinstance(v, list) else [v]
            m &= np.any([pattern_mask(df, [f'{c} in {x}' if c.endswith('_category') else f'{c}={x}']) for x in vs], axis=0)
        planted.append(m)
    union = np.any(planted, axis=0)
    def dbg(r):
        masks = [pattern_mask(df, p) for p in r.patterns.pattern]
        cover = np.any(masks, axis=0) if masks else np.zeros(len(df), bool)
        rec = np.mean([(pm & cover).sum() >= 0.9 * pm.sum() for pm in planted])
        spurious = np.mean([(m & union).sum() < 0.5 * m.sum() for m in masks]) if masks else 0.0
        return dict(recall=rec, spurious=spurious, patterns=len(masks))
    specs = [dict(name='top10 worst attribute_value x count (tie-free profile)', kind='topk', by=['attribute_value', 'count'], k=10, models=[2]),
             dict(name='threshold <0.6 target_category@0 x attribute_type', kind='threshold', by=['target_category@0', 'attribute_type'], threshold=0.6, models=[0]),
             dict(name='compare planted beats other by 0.2, attribute_value x count', kind='compare', by=['attribute_value', 'count'], margin=0.2, worst=False, models=[0, 1]),
             dict(name='debug planted weaknesses', kind='debug', models=[0], score=dbg)]
    run_queries(df, lambda ix: DeclaredOracle([models[i] for i in ix]), Y, budgets, [m for m in methods if not m.startswith('tma') and m != 'active+prior'],
                [], 'sim 183,872 plans', specs, rows, seeds=seeds, jobs=jobs)

def rank_part(rows):
    from tma_nb.generator import get_generator, load_generators
    from tma_nb.query import DeclaredOracle
    from tma_nb.rank import rank_models, kendall_tau, simulated_zoo
    load_generators()
    df = get_generator('grid-how-many').space.sample(20000, seed=0)
    zoo = simulated_zoo(10)
    full = pd.DataFrame(DeclaredOracle(zoo)(df).T, index=[m.name for m in zoo])
    ref = rank_models(full).set_index('model')
    rng = np.random.default_rng(0)
    for kind in ('random', 'skewed'):
        if kind == 'random': keep = rng.random(full.shape) < 0.1
        else:   # each model keeps 10 %, drawn mostly from plans of one count range: better models got harder plans
            c = df['count'].to_numpy()
            keep = np.zeros(full.shape, bool)
            for i in range(len(zoo)):
                w = np.where(c >= 6, 1.0 + 3 * i / len(zoo), 1.0); w /= w.sum()
                keep[i, rng.choice(len(df), len(df) // 10, replace=False, p=w)] = True
        part = rank_models(full.where(keep)).set_index('model').loc[ref.index]
        rows.append(dict(setting='rank zoo of 10, 20,000 plans', query=f'90 % removed ({kind})', method='plackett-luce', budget=0.1,
                         tau=kendall_tau(ref.pl_strength, part.pl_strength)))
        rows.append(dict(setting='rank zoo of 10, 20,000 plans', query=f'90 % removed ({kind})', method='mean accuracy', budget=0.1,
                         tau=kendall_tau(ref.mean_accuracy, part.mean_accuracy)))

def step_part(n_plans:int|None=None, budget:float=0.1):
    "Seconds per acquisition step of our method (fit update + scoring every group with uncertainty), model calls excluded."
    from tma_nb.generator import get_generator, load_generators
    from tma_nb.models import SimulatedModel
    from tma_nb.query import DeclaredOracle, query
    load_generators()
    s = get_generator('grid-how-many').space
    df = s.to_frame(np.arange(len(s))); df.insert(0, 'plan_index', np.arange(len(s)))
    if n_plans: df = df.iloc[:n_plans]
    models = [SimulatedModel(**SIM_MAIN), SimulatedModel(**SIM_OTHER)]
    print(f"{len(df):,} plans, budget {budget:.0%} ({int(round(budget * len(df))):,} plans), 8 acquisition steps after a 25 % random warm-up", flush=True)
    for name, kw in [('topk by attribute_value x count', dict(kind='topk', by=['attribute_value', 'count'])),
                     ('threshold by target_category@0 x attribute_type', dict(kind='threshold', by=['target_category@0', 'attribute_type'], threshold=0.6)),
                     ('debug (every plan its own group)', dict(kind='debug'))]:
        t = time.perf_counter()
        B = int(round(budget * len(df))); bs = -(-(B - int(round(B * 0.25))) // 8)   # 8 steps (the default is 32 smaller ones; a step costs about the same)
        r = query(space=df, oracle=DeclaredOracle(models[:1]), budget=budget, method='active', batch=bs, **kw)
        st, cp = np.array(r.params['step_seconds']), np.array(r.params['step_cpu_seconds'])
        print(f"{name:48} groups {len(r.groups):7,}  step wall mean {st.mean():.2f} s, after the first {st[1:].mean():.2f} s (max {st[1:].max():.2f}), "
              f"first {st[0]:.2f} s; CPU (all threads) after the first {cp[1:].mean():.2f} s; query total {time.perf_counter() - t:.0f} s", flush=True)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

HIGHER = {'hit': True, 'mean_rank': False, 'tau': True, 'precision': True, 'recall': True, 'f1': True, 'spurious': False, 'seconds': False}

def report(res:pd.DataFrame, verdict:float=0.15) -> str:
    "Mean (over seeds) of every metric per setting, query, method and budget; then, at the `verdict` budget, ours against the reference's methods."
    out = []
    metrics = [c for c in ['hit', 'mean_rank', 'tau', 'precision', 'recall', 'f1', 'cover', 'undecided', 'spurious', 'patterns', 'plan_precision', 'plan_recall', 'plan_f1', 'seconds'] if c in res.columns]
    for (st, q), g in res.groupby(['setting', 'query'], sort=False):
        order = {m: i for i, m in enumerate(['random', 'tma-fit', 'tma-active', 'active', 'active+prior', 'plackett-luce', 'mean accuracy'])}
        g = g.assign(_o=g.method.map(order).fillna(99), seed=g['seed'] if 'seed' in g else np.nan).sort_values(['_o', 'budget'], kind='stable')
        m = g.groupby(['method', 'budget'], sort=False).agg(runs=('budget', 'size'), plans=('plans', 'first'),
                                                             calls=('calls', 'first'), **{c: (c, 'mean') for c in metrics})
        m[['plans', 'calls']] = m[['plans', 'calls']].astype('Int64')
        out += [f"\n== {st}: {q}", m.dropna(axis=1, how='all').round(3).to_string()]
    v = res[np.isclose(res.budget, verdict)]
    if not v.empty and v.method.isin(['tma-fit', 'tma-active']).any():
        out.append(f"\n== at {verdict:.0%}: each of our methods against TMA-Fit and TMA-Active, metric by metric, mean over seeds")
        lines = []
        for (st, q), g in v.groupby(['setting', 'query'], sort=False):
            if not g.method.isin(['tma-fit', 'tma-active']).any(): continue
            mm = g.groupby('method')[[c for c in HIGHER if c in g]].mean()
            for ours in [x for x in ('active', 'active+prior') if x in mm.index]:
                for c in [c for c in HIGHER if c in mm and mm[c].notna().any()]:
                    row = dict(setting=st, query=q, ours=ours, metric=c, value=mm.loc[ours, c])
                    for b in ('tma-fit', 'tma-active'):
                        if b in mm.index:
                            row[b] = mm.loc[b, c]
                            row[f'beats {b}'] = bool(mm.loc[ours, c] > mm.loc[b, c]) if HIGHER[c] else bool(mm.loc[ours, c] < mm.loc[b, c])
                    lines.append(row)
        L = pd.DataFrame(lines)
        out.append(L.round(3).to_string(index=False))
        if not L.empty:
            beat = L.filter(like='beats').all(axis=1)
            for ours, ok in beat.groupby(L.ours): out.append(f"{ours}: beats the reference's methods on {int(ok.sum())} of {len(ok)} metric comparisons")
    return '\n'.join(out)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('action', choices=['build', 'run', 'step', 'report'])
    ap.add_argument('csv', nargs='*', help='report: result CSVs of earlier runs; a later file replaces the rows of the same setting, query, method, budget and seed')
    ap.add_argument('--part', action='append', choices=['probe', 'sim', 'rank'], help='default: all')
    ap.add_argument('--budgets', default='0.01,0.05,0.1,0.15,0.2')
    ap.add_argument('--sim-budgets', default=None, help='budgets for the simulated part (default: --budgets)')
    ap.add_argument('--tma-budgets', default='0.05,0.15', help='budgets at which the (slow) TMA-Fit/TMA-Active baselines run')
    ap.add_argument('--methods', default='random,tma-fit,tma-active,active,active+prior')
    ap.add_argument('--only', action='append', default=[], help='run only the queries whose name contains this text (repeatable)')
    ap.add_argument('--seeds', default='0', help='query seeds (each run once per seed; the tables show the mean over seeds)')
    ap.add_argument('--jobs', type=int, default=1, help='processes (queries run in parallel, slowest first)')
    ap.add_argument('--verdict', type=float, default=0.15, help='budget at which ours is compared metric by metric with TMA-Fit and TMA-Active')
    ap.add_argument('--probe-plans', type=int, default=None, help='probe part on the first N plans of the probe space only (those whose ground truth is stored)')
    ap.add_argument('--out', default=str(OUT / 'approx_bench.csv'))
    a = ap.parse_args()
    if a.action == 'build': build_probe_truth(); sys.exit()
    if a.action == 'step': step_part(); sys.exit()
    if a.action == 'report':
        key = ['setting', 'query', 'method', 'budget', 'seed']
        res = pd.concat([pd.read_csv(f) for f in a.csv], ignore_index=True)
        res = res.assign(seed=res['seed'].fillna(-1)).drop_duplicates(key, keep='last').replace({'seed': {-1: np.nan}})
        pd.set_option('display.width', 250); pd.set_option('display.max_rows', 500); pd.set_option('display.max_columns', 20)
        print(report(res, a.verdict)); sys.exit()
    budgets = [float(x) for x in a.budgets.split(',')]; tb = [float(x) for x in a.tma_budgets.split(',')]
    methods = a.methods.split(',')
    ONLY[:] = a.only
    rows, t0 = [], time.perf_counter()
    parts = a.part or ['probe', 'sim', 'rank']
    if 'rank' in parts: rank_part(rows)
    seeds = [int(x) for x in a.seeds.split(',')]
    if 'sim' in parts: sim_part([float(x) for x in a.sim_budgets.split(',')] if a.sim_budgets else budgets, methods, rows, seeds, a.jobs)
    if 'probe' in parts: probe_part(budgets, methods, tb, rows, seeds, a.jobs, a.probe_plans)
    res = pd.DataFrame(rows)
    Path(a.out).parent.mkdir(parents=True, exist_ok=True); res.to_csv(a.out, index=False)
    pd.set_option('display.width', 250); pd.set_option('display.max_rows', 500); pd.set_option('display.max_columns', 20)
    print(report(res, a.verdict))
    print(f"\ntotal {time.perf_counter() - t0:.0f} s; results in {a.out}")
