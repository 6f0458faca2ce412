"Property-based tests: plans sampled by hypothesis from every generator give valid, deterministic instances."
from hypothesis import given, settings, strategies as st, HealthCheck
from tma_nb.generator import get_generator
from tma_nb.validate import Validator
import tma_nb.stickers

GENS = ['grid-what', 'grid-where', 'grid-what-attribute', 'grid-where-attribute', 'grid-how-many']
V = Validator()

@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(gen=st.sampled_from(GENS), u=st.floats(0, 1, exclude_max=True), index=st.integers(0, 5), seed=st.integers(0, 2**31))
def test_every_generator_makes_valid_deterministic_instances(gen, u, index, seed):
    g = get_generator(gen)
    plan = g.space[int(u * len(g.space))]
    a = g.generate(plan, index=index, seed=seed)
    assert V.check(a) == []
    b = g.generate(plan, index=index, seed=seed)
    assert (a.image, a.question, a.options, a.scene) == (b.image, b.question, b.options, b.scene)
    assert len(set(a.options)) == 4 and a.options.count(a.answer) == 1

@settings(max_examples=30, deadline=None, derandomize=True)
@given(gen=st.sampled_from(GENS), u=st.floats(0, 1, exclude_max=True))
def test_plan_index_roundtrip(gen, u):
    s = get_generator(gen).space
    i = int(u * len(s))
    assert s.index_of(s[i]) == i

def test_a_2d_draw_that_fails_a_validator_is_drawn_again_by_default():
    """Plan 388565886 of grid-what at seed 16400 (found by `benchmarks/validate_pixels.py -n 1000 --n3d 0 --seed 16400`): its first
    draw's sketched document fits cartoon about as well as its stated look. The 2D generators are `checked`, so `generate` draws it
    again (the same redraw on every call, the same as told to check with both validators); `accept=None` gives the first draw back."""
    from tma_nb.validate import BothValidators
    g, v = get_generator('grid-what'), BothValidators()
    assert g.checked
    p = g.space[388565886]
    first = g.generate(p, seed=16400, accept=None)
    assert any("'document'" in x and "fit style 'cartoon'" in x for x in v.check(first)), v.check(first)
    ins = g.generate(p, seed=16400)
    assert v.check(ins) == [] and ins.image != first.image and ins.question == first.question
    assert g.generate(p, seed=16400).image == ins.image == g.generate(p, seed=16400, accept=v.check).image

def test_every_built_in_generator_is_checked_and_the_bases_a_user_extends_are_not():
    """Every generator the package registers redraws what either validator fails; `GridBase` and `GeometryBase`, which the
    tutorials extend with questions the built-in validators do not know, leave a new generator unchecked unless it says so."""
    import json, subprocess, sys
    from tma_nb.stickers import GridBase
    from tma_nb.geometry import GeometryBase
    # A fresh interpreter: the notebook bridge runs notebooks in this process, and a notebook that redefines a generator
    # re-registers its name with a class of its own, so the registry here may not be the one a user's import builds.
    code = ("import json; from tma_nb.generator import load_generators as L; "
            "print(json.dumps({n: [c.__module__, c.checked] for n, c in L().items()}))")
    reg = json.loads(subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, check=True).stdout)
    ours = {n: checked for n, (mod, checked) in reg.items() if mod.startswith('tma_nb.')}
    assert len(ours) == len(reg) >= 40 and [n for n, checked in ours.items() if not checked] == []
    assert not GridBase.checked and not GeometryBase.checked

    class Mine(GridBase): name = 'mine'
    assert Mine().default_accept() is None and get_generator('grid-what').default_accept() is not None
