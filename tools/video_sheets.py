"""Write one contact sheet per tabletop video family (move, rotate), N sampled plans of each of its three generators, and one per
video scene-graph generator (on the rendered fixture, or --agqa/--agqa-videos), each clip as a strip of frames under its question
and options (the answer marked *), for review by eye.
Usage: python tools/video_sheets.py [-n 2] [--seed 0] [--every 3] [--out docs/sheets] [--pixels]
--pixels adds the verdicts of both validators (scene and pixel-grounded) to each sheet's .txt."""
import argparse
from pathlib import Path
from tma_nb.generator import get_generator
from tma_nb.tabletop_video import clip_sheet
from contact_sheets import verdict_text   # tools/ is this script's folder, so on its path

FAMILIES = {'video-3d-move': ['video-3d-what-move', 'video-3d-where-move', 'video-3d-what-attribute-move'],
            'video-3d-rotate': ['video-3d-what-rotate', 'video-3d-where-rotate', 'video-3d-what-attribute-rotate'],
            'video-sg-what-object': ['video-sg-what-object'], 'video-sg-what-relation': ['video-sg-what-relation'],
            'video-sg-what-action': ['video-sg-what-action']}

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('-n', type=int, default=2); ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--every', type=int, default=3); ap.add_argument('--width', type=int, default=112); ap.add_argument('--out', default='docs/sheets')
    ap.add_argument('--family', action='append', choices=sorted(FAMILIES)); ap.add_argument('--agqa'); ap.add_argument('--agqa-videos')
    ap.add_argument('--pixels', action='store_true')
    a = ap.parse_args()
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    def verdicts(x): return verdict_text(x) if a.pixels else ''
    for fam, gens in FAMILIES.items():
        if a.family and fam not in a.family: continue
        src = dict(video_scene_graphs=a.agqa, videos=a.agqa_videos) if a.agqa and fam.startswith('video-sg') else {}
        ins = [g.generate(p, index=0, seed=a.seed) for name in gens for g in [get_generator(name, **src)] for p in g.space.plans(g.space.sample_indices(min(a.n, len(g.space)), a.seed))]
        clip_sheet(ins, a.every, a.width).save(out / f'{fam}.jpg', quality=85)
        with open(out / f'{fam}.txt', 'w') as f:
            for i, x in enumerate(ins): f.write(f"{i:2} {x.generator} {x.question} -> {x.answer} | {x.options}{verdicts(x)}\n")
        print('wrote', out / f'{fam}.jpg')

if __name__ == '__main__': main()
