"Run every notebook through nbdev's own runner (directives and test flags honoured), one pytest item each."
import os
from pathlib import Path
import pytest
from nbdev.config import get_config
from nbdev.doclinks import nbglob
from nbdev.test import test_nb as run_nb

cfg = get_config()
NBS = [p for p in sorted(nbglob(as_path=True)) if not any((q / '.notest').exists() for q in p.parents if cfg.config_path in (q, *q.parents))]

@pytest.mark.parametrize('nb', NBS, ids=[str(p.relative_to(cfg.config_path)) for p in NBS])
def test_notebook(nb):
    ok, _ = run_nb(nb, skip_flags=cfg.tst_flags.split(), force_flags=os.environ.get('NBDEV_FLAGS', '').split(),
                   basepath=cfg.config_path)
    assert ok, f'{nb.name} failed'
