"""Tutorials as documentation (committed outputs are real: no errors, charts and pictures present), the copy-paste
generator's size and validity, and the explorers driven headlessly through their widgets."""
import json, re
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
TUTORIALS = sorted((ROOT / 'nbs' / 'tutorials').glob('[0-9]*.ipynb'))

def _cells(p): return json.loads(p.read_text())['cells']

def test_tutorials_present():
    names = [p.stem for p in TUTORIALS]
    for n in ['01_quickstart', '02_tailor', '03_own_model', '05_prototype', '06_taxonomy']: assert n in names, names

@pytest.mark.parametrize('nb', TUTORIALS, ids=[p.stem for p in TUTORIALS])
def test_committed_outputs(nb):
    "Every code cell that computes something has its output saved; no errors; at least one picture or chart; nothing huge."
    cells = _cells(nb)
    code = [c for c in cells if c['cell_type'] == 'code']
    outs = [o for c in code for o in c.get('outputs', [])]
    assert not [o for o in outs if o.get('output_type') == 'error'], f'{nb.name} has saved errors'
    images = [o for o in outs if {'image/png', 'image/jpeg', 'image/svg+xml'} & set(o.get('data', {}))]
    assert images, f'{nb.name}: no chart or picture in its outputs'
    for o in outs:
        assert 'application/vnd.vegalite.v5+json' not in o.get('data', {}), 'chart specs with data belong in PNG/SVG outputs'
    # cells that end in an expression (not an assignment, import or call with no result) show it
    ran = sum(bool(c.get('outputs')) for c in code)
    assert ran >= len(code) // 2, f'{nb.name}: only {ran} of {len(code)} code cells have outputs; run tools/run_nbs.py'
    assert nb.stat().st_size < 600_000, f'{nb.name} is {nb.stat().st_size} bytes'

def test_prototype_generator_fits_40_lines():
    "The copy-paste generator is one cell of at most 40 lines, and its check is registered with register_check."
    cells = _cells(ROOT / 'nbs' / 'tutorials' / '05_prototype.ipynb')
    gen = [''.join(c['source']) for c in cells if 'class OddOneOut' in ''.join(c['source'])]
    assert len(gen) == 1
    assert len(gen[0].splitlines()) <= 40, len(gen[0].splitlines())
    assert any("@register_check('grid-odd-one-out')" in ''.join(c['source']) for c in cells)

def test_prototype_generator_passes_validator():
    "Run the tutorial's two cells here: every plan's instances pass the independent validator, and tampering is caught."
    from dataclasses import replace
    from tma_nb.generator import GENERATORS, get_generator
    from tma_nb.validate import Validator, CHECKS
    cells = _cells(ROOT / 'nbs' / 'tutorials' / '05_prototype.ipynb')
    src = [''.join(c['source']) for c in cells if c['cell_type'] == 'code']
    ns = {}
    exec(src[0], ns)                                                  # imports
    for s in src:
        if 'class OddOneOut' in s or "@register_check('grid-odd-one-out')" in s: exec(s, ns)
    try:
        g, v = get_generator('grid-odd-one-out'), Validator()
        assert len(g.space) > 20
        ins = [g.generate(p, index=i, seed=3) for p in g.space.plans(range(len(g.space))) for i in range(2)]
        bad = [(i.plan, v.check(i)) for i in ins if v.check(i)]
        assert not bad, bad[:3]
        wrong = replace(ins[0], answer=next(o for o in ins[0].options if o != ins[0].answer))
        assert v.check(wrong)
    finally:
        GENERATORS.pop('grid-odd-one-out', None); CHECKS.pop('grid-odd-one-out', None)

def test_task_explorer_headless():
    "Widget values in, counts and gallery out: the counts are the plan spaces' own, a click samples, the seed fixes it."
    from tma_nb.explore import TaskExplorer
    from tma_nb.generator import union_space
    ex = TaskExplorer(['grid-where', 'grid-how-many'], seed=5)
    sp = union_space(['grid-where', 'grid-how-many'])
    assert ex.n_plans == len(sp)
    ex.go('bird'); ex.filters['grid'].value = 2
    assert ex.n_plans == len(sp.where('target_category=bird', 'grid=2x2')) > 0
    assert 'tma plans count -g grid-how-many -g grid-where' in ex.count.value
    ex.n.value = 3; ex.sample_button.click()
    assert len(ex.gallery.children) == 3 and all(i.plan['grid'] == 2 for i in ex.instances)
    first = [i.image for i in ex.instances]
    ex.sample_button.click(); assert [i.image for i in ex.instances] == first
    ex.up_button.click(); assert ex.node == 'animal'
    ex.filters['relation'].value = 'left'; ex.filters['count'].value = 3
    assert ex.n_plans == 0 and ex.sample_button.disabled       # grid-where plans have no count, grid-how-many plans no relation

def test_results_explorer_headless(tmp_path):
    from tma_nb.explore import ResultsExplorer
    from tma_nb.export import select_plans
    from tma_nb.evaluate import evaluate, summarize
    plans = select_plans(['grid-where'], ['grid=2x2'], n=10, seed=0)
    for m in ('random', 'first-option'): evaluate(m, plans, n_instances=1, n_orders=2, db=tmp_path / 'r.db', progress=False)
    rx = ResultsExplorer(tmp_path / 'r.db')
    rx.models.value = ('random',); rx.show_button.click()
    assert list(rx.summary.model) == ['random']
    assert rx.summary.equals(summarize(tmp_path / 'r.db', models=['random']))
    assert rx.chart.value[:4] == b'\x89PNG' and 'random' in rx.table.value
