"""Write one contact sheet per 2D, 3D or scene-graph generator (N sampled plans, instance 0, seed S) for review by eye.
Usage: python tools/contact_sheets.py [-n 30] [--seed 0] [--out docs/sheets] [--generator NAME ...] [--format png|jpg] [--combined NAME]
                                     [--where COL=V ...] [--size 512] [--pixels]
--combined NAME writes a single sheet NAME with the N instances of every selected generator (e.g. one sheet per task family);
--where narrows the plans (e.g. attribute_type=orientation, or target_category=stop_sign,hotel for pictures with text on them);
--pixels adds the verdicts of both validators to the sheet's .txt (review at --size 512, the pictures' own size)."""
import argparse
from pathlib import Path
import tma_nb.stickers
from tma_nb.generator import get_generator
from tma_nb.stickers import instance_sheet

GENS = ['grid-what', 'grid-where', 'grid-what-attribute', 'grid-where-attribute', 'grid-how-many']
SG_GENS = ['sg-what-object', 'sg-what-attribute', 'sg-what-relation']   # drawn with scenegraph.review_sheet (photos letterboxed, asked-about objects outlined)

def verdict_text(x) -> str:
    "Both validators' verdicts on instance `x`, as a sheet's .txt gives them under its line."
    from tma_nb.validate import shared_validators
    p = shared_validators().check(x)   # one pair per process (its pixel validator keeps rendered looks); geometry's own pixel check is registered there
    sp, pp = [q[len('scene: '):] for q in p if q.startswith('scene: ')], [q[len('pixels: '):] for q in p if q.startswith('pixels: ')]
    return f"\n     scene: {'ok' if not sp else sp}  pixels: {'ok' if not pp else pp}"

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('-n', type=int, default=30); ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--out', default='docs/sheets'); ap.add_argument('--size', type=int, default=200)
    ap.add_argument('--generator', action='append'); ap.add_argument('--format', default='png', choices=['png', 'jpg'])
    ap.add_argument('--combined'); ap.add_argument('--cols', type=int, default=6)
    ap.add_argument('--where', action='append', default=[]); ap.add_argument('--pixels', action='store_true')
    a = ap.parse_args()
    def sample(g):
        s = g.space.where(*a.where) if a.where else g.space
        return [g.generate(p, index=0, seed=a.seed) for p in s.plans(s.sample_indices(min(a.n, len(s)), a.seed))]
    def verdicts(x): return verdict_text(x) if a.pixels else ''
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    if a.combined:
        ins = [x for name in a.generator or GENS for x in sample(get_generator(name))]
        if all(name in SG_GENS for name in a.generator or GENS):
            from tma_nb.scenegraph import review_sheet
            sheet = review_sheet(ins, cols=a.cols, size=max(a.size, 240))
        else: sheet = instance_sheet(ins, cols=a.cols, size=a.size)
        sheet.save(out / f'{a.combined}.{a.format}', **({'quality': 85} if a.format == 'jpg' else {}))
        with open(out / f'{a.combined}.txt', 'w') as f:
            for i, x in enumerate(ins): f.write(f"{i:2} {x.generator} {x.question} -> {x.answer} | {x.options}{verdicts(x)}\n")
        print('wrote', out / f'{a.combined}.{a.format}')
        return
    for name in a.generator or GENS:
        g = get_generator(name)
        ins = sample(g)
        if name in SG_GENS:
            from tma_nb.scenegraph import review_sheet
            sheet = review_sheet(ins, cols=a.cols, size=max(a.size, 240))
        else: sheet = instance_sheet(ins, cols=a.cols, size=a.size)
        sheet.save(out / f'{name}.{a.format}', **({'quality': 85} if a.format == 'jpg' else {}))
        with open(out / f'{name}.txt', 'w') as f:
            for i, x in enumerate(ins): f.write(f"{i:2} {x.question} -> {x.answer} | {x.options}{verdicts(x)}\n")
        print('wrote', out / f'{name}.{a.format}')

if __name__ == '__main__': main()
