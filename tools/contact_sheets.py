"""Write one contact sheet per 2D, 3D or scene-graph generator (N sampled plans, instance 0, seed S) for review by eye.
Usage: python tools/contact_sheets.py [-n 30] [--seed 0] [--out docs/sheets] [--generator NAME ...] [--format png|jpg] [--combined NAME]
--combined NAME writes a single sheet NAME with the N instances of every selected generator (e.g. one sheet per task family)."""
import argparse
from pathlib import Path
import tma_nb.stickers
from tma_nb.generator import get_generator
from tma_nb.stickers import instance_sheet

GENS = ['grid-what', 'grid-where', 'grid-what-attribute', 'grid-where-attribute', 'grid-how-many']
SG_GENS = ['sg-what-object', 'sg-what-attribute', 'sg-what-relation']   # drawn with scenegraph.review_sheet (photos letterboxed, asked-about objects outlined)

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('-n', type=int, default=30); ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--out', default='docs/sheets'); ap.add_argument('--size', type=int, default=200)
    ap.add_argument('--generator', action='append'); ap.add_argument('--format', default='png', choices=['png', 'jpg'])
    ap.add_argument('--combined'); ap.add_argument('--cols', type=int, default=6)
    a = ap.parse_args()
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    if a.combined:
        ins = [g.generate(p, index=0, seed=a.seed) for name in a.generator or GENS for g in [get_generator(name)]
               for p in g.space.plans(g.space.sample_indices(a.n, a.seed))]
        instance_sheet(ins, cols=a.cols, size=a.size).save(out / f'{a.combined}.{a.format}', **({'quality': 85} if a.format == 'jpg' else {}))
        with open(out / f'{a.combined}.txt', 'w') as f:
            for i, x in enumerate(ins): f.write(f"{i:2} {x.generator} {x.question} -> {x.answer} | {x.options}\n")
        print('wrote', out / f'{a.combined}.{a.format}')
        return
    for name in a.generator or GENS:
        g = get_generator(name)
        ins = [g.generate(p, index=0, seed=a.seed) for p in g.space.plans(g.space.sample_indices(a.n, a.seed))]
        if name in SG_GENS:
            from tma_nb.scenegraph import review_sheet
            sheet = review_sheet(ins, cols=a.cols, size=max(a.size, 240))
        else: sheet = instance_sheet(ins, cols=a.cols, size=a.size)
        sheet.save(out / f'{name}.{a.format}', **({'quality': 85} if a.format == 'jpg' else {}))
        with open(out / f'{name}.txt', 'w') as f:
            for i, x in enumerate(ins): f.write(f"{i:2} {x.question} -> {x.answer} | {x.options}\n")
        print('wrote', out / f'{name}.{a.format}')

if __name__ == '__main__': main()
