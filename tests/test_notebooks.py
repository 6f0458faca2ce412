"Run every notebook through nbdev's own runner (directives and test flags honoured), one pytest item each."
import os
from pathlib import Path
import pytest
from nbdev.config import get_config
from nbdev.doclinks import nbglob
from nbdev.test import test_nb as run_nb

cfg = get_config()
NBS = [p for p in sorted(nbglob(as_path=True)) if not any((q / '.notest').exists() for q in p.parents if cfg.config_path in (q, *q.parents))]

@pytest.fixture(autouse=True)
def registries_as_they_were():
    """Notebooks run in this process, and one that redefines a generator, model, check or column registers its own class
    under the package's name; put every registry back afterwards, so tests that later run in this worker see the package's."""
    import tma_nb.generator as g, tma_nb.models as m, tma_nb.plans as p, tma_nb.validate as v
    regs = [g.GENERATORS, g._instances, g.SOURCES, m.MODELS, p.COLUMNS, v.CHECKS, v.PIXEL_CHECKS]
    saved = [{k: list(x) if isinstance(x, list) else x for k, x in r.items()} for r in regs]
    yield
    for r, s in zip(regs, saved): r.clear(); r.update(s)

@pytest.mark.parametrize('nb', NBS, ids=[str(p.relative_to(cfg.config_path)) for p in NBS])
def test_notebook(nb):
    ok, _ = run_nb(nb, skip_flags=cfg.tst_flags.split(), force_flags=os.environ.get('NBDEV_FLAGS', '').split(),
                   basepath=cfg.config_path)
    assert ok, f'{nb.name} failed'
