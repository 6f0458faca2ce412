"End-to-end tests of the 3D tabletop image scenario: CLI listing, generation to Parquet and validation, determinism across processes, the renderer's id pass."
import copy, json, subprocess, sys
from pathlib import Path
import numpy as np
import pytest

GENS = ['3d-what', '3d-where', '3d-what-attribute', '3d-where-attribute', '3d-how-many', '3d-what-size', '3d-where-size',
        '3d-what-attribute-size', '3d-what-distance', '3d-where-distance', '3d-what-attribute-distance']

def tma(*args, check=True):
    r = subprocess.run([str(Path(sys.executable).parent / 'tma'), *args], capture_output=True, text=True)
    if check and r.returncode != 0: raise AssertionError(f"tma {' '.join(args)} failed: {r.stderr}")
    return r

def test_generators_json_lists_the_eleven_3d_image_generators():
    rows = {r['name']: r for r in json.loads(tma('generators', '--json').stdout)}
    for n in GENS: assert rows[n]['scenario'] == '3d tabletop' and rows[n]['count'] > 0, n
    assert sum(rows[n]['count'] for n in GENS) > 2.5e9   # 2.6e9: no thin picture and no style or color a standee cannot show at its drawn size
    assert rows['3d-what-size']['count'] < rows['3d-where-size']['count']   # the reference-object variants multiply the space

def test_generate_and_validate_a_3d_benchmark(tmp_path):
    out = tmp_path / 'b'
    tma('generate', '-g', '3d-where', '-g', '3d-what-attribute-distance', '-g', '3d-where-size', '-n', '3', '--seed', '4', '--out', str(out), '--quiet')
    r = json.loads(tma('validate', str(out), '--json').stdout)
    assert r['checked'] == 3 and r['failures'] == 0, r

@pytest.mark.parametrize('name', GENS)
def test_each_generator_passes_the_validator_and_a_wrong_answer_fails(name):
    from tma_nb.generator import get_generator
    from tma_nb.validate import Validator
    g = get_generator(name, size=96)
    v = Validator()
    plans = g.space.plans(g.space.sample_indices(2, 11))
    for p in plans:
        ins = g.generate(p, seed=1)
        assert v.check(ins) == [], (p, ins.question)
    bad = copy.deepcopy(ins)
    wrong = next(o for o in bad.options if o != bad.answer)
    bad.answer = wrong
    assert v.check(bad)

def _png_digest(args):
    code = ("import sys, json, hashlib; from tma_nb.generator import get_generator; import tma_nb.tabletop_image\n"
            "name, i = sys.argv[1], int(sys.argv[2]); g = get_generator(name, size=128)\n"
            "if len(sys.argv) > 3: g.generate(g.space[7], seed=5)   # another instance first: order must not matter\n"
            "ins = g.generate(g.space[i], index=2, seed=9)\n"
            "print(hashlib.sha256(ins.image).hexdigest(), hashlib.sha256(json.dumps(ins.scene, sort_keys=True).encode()).hexdigest())")
    return subprocess.run([sys.executable, '-c', code, *args], capture_output=True, text=True, check=True).stdout.split()

def test_regenerating_gives_byte_identical_png_in_any_process_and_order():
    a = _png_digest(['3d-what-distance', '123'])
    b = _png_digest(['3d-what-distance', '123', 'other-first'])
    assert a == b and len(a) == 2

def test_id_pass_sees_every_object_and_poses_move_them():
    from tma_nb.tabletop import new_scene, render_scene, render_frames, project
    from tma_nb.assets import default_assets, PALETTE
    lib = default_assets()
    objs = [dict(kind='standee', cell=c, size=0.7, category=k, view=lib.views(k)[0], attributes={}) for c, k in ((0, 'dog'), (4, 'teapot'))]
    objs.append(dict(kind='solid', cell=8, size=0.6, shape='capsule', color=list(PALETTE['green']), material='plastic'))
    sc = new_scene(3, objs, np.random.default_rng(3), size=(128, 128))
    rgb, ids = render_scene(sc)
    assert set(np.unique(ids)) == {0, 1, 2, 3}
    for o in sc['objects']:   # the id pass agrees with the projection of the object's foot
        fx, fy = project(sc, [o['position']])[0]
        ys, xs = np.nonzero(ids == o['id'])
        assert abs(xs.mean() - fx) < 12 and ys.max() >= fy - 8
    frames = render_frames(sc, [{3: {'position': [1.0 - 0.5 * i, -1.0, 0.0]}} for i in range(3)], size=(96, 96))
    xs = [np.nonzero(f[1] == 3)[1].mean() for f in frames]
    assert xs[0] > xs[1] > xs[2]   # moving left in the world moves left in the picture

def test_unknown_shape_is_a_clear_error():
    from tma_nb.tabletop import solid_mesh
    from tma_nb.taxonomy import TmaError
    with pytest.raises(TmaError, match="unknown shape 'blob'"): solid_mesh('blob')
