"End-to-end tests of the scene-graph scenario: readers on real and broken files, referring-expression uniqueness, generators, validator, CLI."
import copy, json, subprocess, sys
from pathlib import Path
import pytest
from tma_nb.taxonomy import TmaError
from tma_nb.scenegraph import (read_scene_graphs, fixture_scene_graphs, SG_DATA, SGTruth, unique_referent, describe,
                               SGWhatObject, SGWhatAttribute, SGWhatRelation)
from tma_nb.generator import get_generator, load_generators
from tma_nb.validate import Validator

GENS = ('sg-what-object', 'sg-what-attribute', 'sg-what-relation')
FIXTURE = json.loads((SG_DATA / 'scene_graphs.json').read_text())

def write(tmp_path, data, name='sg.json'):
    p = tmp_path / name
    p.write_text(data if isinstance(data, str) else json.dumps(data))
    return p

def tma(*args):
    return subprocess.run([str(Path(sys.executable).parent / 'tma'), *args], capture_output=True, text=True)

# --- readers -----------------------------------------------------------------------------------------------

def test_fixture_reads_with_every_name_mapped():
    fx = fixture_scene_graphs()
    assert sorted(g.id for g in fx) == ['astronaut', 'camera', 'chelsea', 'coffee', 'rocket']
    assert sum(len(g.objects) for g in fx) == sum(len(g['objects']) for g in FIXTURE.values())
    assert not fx.unmapped()
    for g in fx:
        assert fx.image_path(g.id).stat().st_size < 80_000
        for o in g.objects.values():
            assert 0 <= o.box[0] < o.box[2] <= g.width and 0 <= o.box[1] < o.box[3] <= g.height

def test_unmapped_names_are_reported_and_kept(tmp_path):
    d = copy.deepcopy(FIXTURE)
    d['coffee']['objects']['coffee-0']['name'] = 'demitasse'
    sgs = read_scene_graphs(write(tmp_path, d))
    assert sgs.unmapped() == {'demitasse': 1}
    o = sgs['coffee'].objects['coffee-0']
    assert o.category is None and o.name == 'demitasse'

def test_boxes_spilling_over_the_border_are_clipped(tmp_path):
    d = {'1': {'width': 100, 'height': 80, 'objects': {'a': {'name': 'cup', 'x': -3, 'y': 70, 'w': 20, 'h': 30}}}}
    assert read_scene_graphs(write(tmp_path, d))['1'].objects['a'].box == (0, 70, 17, 80)

def test_synonyms_map_through_the_vocabulary(tmp_path):
    d = {'1': {'width': 100, 'height': 100, 'objects': {'a': {'name': 'Lady', 'x': 1, 'y': 1, 'w': 10, 'h': 10},
                                                         'b': {'name': 'cats', 'x': 50, 'y': 1, 'w': 10, 'h': 10}}}}
    g = read_scene_graphs(write(tmp_path, d))['1']
    assert (g.objects['a'].category, g.objects['b'].category) == ('woman', 'cat')

def test_visual_genome_format(tmp_path):
    vg = [{'image_id': 7, 'width': 200, 'height': 100,
           'objects': [{'object_id': 1, 'x': 0, 'y': 0, 'w': 50, 'h': 50, 'names': ['man'], 'attributes': ['tall']},
                       {'object_id': 2, 'x': 120, 'y': 10, 'w': 50, 'h': 50, 'names': ['dog']}],
           'relationships': [{'relationship_id': 9, 'predicate': 'To the left of', 'subject_id': 1, 'object_id': 2}]}]
    g = read_scene_graphs(write(tmp_path, vg))['7']
    assert g.relations == [('1', 'to the left of', '2')]
    assert g.objects['1'].attributes == ('tall',) and g.objects['2'].category == 'dog'

BROKEN = [
    ('{"a": {"width": 10', 'sg.json: not valid JSON'),
    ('[1, 2]', "sg.json: record 0: needs 'image_id'"),
    ('"just text"', 'GQA scene graphs are a JSON object'),
    ({'im1': {'width': 100, 'height': 100}}, "scene graph 'im1': needs an 'objects' object"),
    ({'im1': {'width': 'wide', 'height': 100, 'objects': {}}}, "scene graph 'im1': field 'width' must be a number"),
    ({'im1': {'width': 100, 'height': 100, 'objects': {'o1': {'x': 1, 'y': 1, 'w': 5, 'h': 5}}}}, "scene graph 'im1', object 'o1': needs a 'name' string"),
    ({'im1': {'width': 100, 'height': 100, 'objects': {'o1': {'name': 'cup', 'x': 1, 'y': 1, 'w': 5}}}}, "object 'o1': field 'h' must be a number, got None"),
    ({'im1': {'width': 100, 'height': 100, 'objects': {'o1': {'name': 'cup', 'x': 1, 'y': 1, 'w': 0, 'h': 5}}}}, "object 'o1': box has width 0"),
    ({'im1': {'width': 100, 'height': 100, 'objects': {'o1': {'name': 'cup', 'x': 120, 'y': 1, 'w': 50, 'h': 5}}}}, "object 'o1': box (120, 1, 50, 5) lies outside the 100x100 image"),
    ({'im1': {'width': 100, 'height': 100, 'objects': {'o1': {'name': 'cup', 'x': 1, 'y': 1, 'w': 5, 'h': 5, 'attributes': 'red'}}}}, "object 'o1': 'attributes' must be a list of strings"),
    ({'im1': {'width': 100, 'height': 100, 'objects': {'o1': {'name': 'cup', 'x': 1, 'y': 1, 'w': 5, 'h': 5, 'relations': [{'name': 'on', 'object': 'o9'}]}}}},
     "scene graph 'im1', object 'o1': relation 'on' points to unknown object 'o9'"),
    ({'im1': {'width': 100, 'height': 100, 'objects': {'o1': {'name': 'cup', 'x': 1, 'y': 1, 'w': 5, 'h': 5, 'relations': [{'object': 'o1'}]}}}},
     "relation {'object': 'o1'} needs 'name' and 'object'"),
    ([{'image_id': 3, 'objects': [{'object_id': 1, 'x': 0, 'y': 0, 'w': 5, 'h': 5, 'names': ['cup']}],
       'relationships': [{'relationship_id': 4, 'predicate': 'on', 'subject_id': 1, 'object_id': 2}]}], "scene graph '3', relationship 4: refers to unknown object '2'"),
]

@pytest.mark.parametrize('data,needle', BROKEN, ids=range(len(BROKEN)))
def test_broken_files_name_the_file_and_record(tmp_path, data, needle):
    p = write(tmp_path, data)
    with pytest.raises(TmaError) as e: read_scene_graphs(p)
    msg = str(e.value)
    assert needle in msg and '\n' not in msg
    assert str(p) in msg or 'GQA' in msg

def test_missing_file_and_missing_image(tmp_path):
    with pytest.raises(TmaError, match='cannot read scene graphs .*nope.json'): read_scene_graphs(tmp_path / 'nope.json')
    with pytest.raises(TmaError, match='images folder .* does not exist'): read_scene_graphs(write(tmp_path, FIXTURE), tmp_path / 'imgs')
    (tmp_path / 'imgs').mkdir()
    sgs = read_scene_graphs(write(tmp_path, FIXTURE), tmp_path / 'imgs')
    with pytest.raises(TmaError, match="no image for scene graph 'coffee'"): sgs.image_path('coffee')

def test_broken_user_file_fails_through_the_generator_and_cli(tmp_path, monkeypatch):
    p = write(tmp_path, '{"im1": {"width": 100, "height": 100, "objects": {"o1": {"name": "cup"}}}}')
    with pytest.raises(TmaError, match="object 'o1': field 'x' must be a number"): len(SGWhatObject(scene_graphs=p).space)
    env_run = subprocess.run([str(Path(sys.executable).parent / 'tma'), 'plans', 'count', '-g', 'sg-what-object'],
                             capture_output=True, text=True, env={**__import__('os').environ, 'TMA_NB_GQA': str(p)})
    assert env_run.returncode == 2 and "object 'o1'" in env_run.stderr

# --- referring expressions ---------------------------------------------------------------------------------

def truth(sid):
    fx = fixture_scene_graphs()
    return SGTruth(fx[sid], fx.taxonomy, fx.vocab)

def test_two_towers_left_of_the_rocket_are_ambiguous_until_one_is_thin():
    tr = truth('rocket')
    left = {'name': 'rocket', 'attributes': [], 'relation': None}
    d = {'name': 'tower', 'attributes': [], 'relation': {'name': 'to the left of', 'direction': 'out', 'object': left}}
    assert unique_referent(tr, d) is None
    d['attributes'] = ['thin']
    oid = unique_referent(tr, d)
    assert tr.g.objects[oid].box == (165, 120, 208, 420)

def test_an_unannotated_but_possible_relation_blocks_uniqueness():
    # only the saucer is annotated as on the table, but the cup and spoon lie on it too: "the object on the table" is ambiguous
    tr = truth('coffee')
    d = {'name': None, 'attributes': [], 'relation': {'name': 'on', 'direction': 'out', 'object': {'name': 'table', 'attributes': [], 'relation': None}}}
    assert unique_referent(tr, d) is None

def test_confusable_attribute_values_block_uniqueness():
    # "the red object" might mean the orange spacesuit as well as the flag
    tr = truth('astronaut')
    assert unique_referent(tr, {'name': None, 'attributes': ['red'], 'relation': None}) is None
    assert tr.g.objects[unique_referent(tr, {'name': None, 'attributes': ['red', 'striped'], 'relation': None})].name == 'flag'

def test_describe_reads_as_english():
    fx = fixture_scene_graphs()
    d = {'name': 'flag', 'attributes': ['white', 'red', 'striped'], 'relation': {'name': 'to the left of', 'direction': 'out',
         'object': {'name': 'woman', 'attributes': ['smiling'], 'relation': None}}}
    assert describe(d, fx.vocab, fx.taxonomy) == 'the red and white striped flag that is to the left of the smiling woman'

# --- generators and validator ------------------------------------------------------------------------------

def test_generators_are_listed_with_fixture_counts():
    r = tma('generators', '--json')
    rows = {x['name']: x for x in json.loads(r.stdout)}
    for n in GENS: assert rows[n]['scenario'] == 'scene graph' and rows[n]['count'] >= 300

@pytest.mark.parametrize('name', GENS)
def test_every_plan_validates(name):
    g, v = get_generator(name), Validator()
    bad = []
    for plan in g.space.plans(range(len(g.space))):
        ins = g.generate(plan, index=1, seed=5)
        bad += [(ins.question, p) for p in v.check(ins)]
    assert bad == []

@pytest.mark.parametrize('name', GENS)
def test_instances_are_byte_identical_in_any_order(name):
    g = get_generator(name)
    plans = g.space.plans(g.space.sample_indices(20, 3))
    a = [g.generate(p, i, 9) for i, p in enumerate(plans)]
    fresh = type(g)()
    b = [fresh.generate(p, i, 9) for i, p in reversed(list(enumerate(plans)))][::-1]
    assert [(x.question, x.options, x.answer, x.image) for x in a] == [(x.question, x.options, x.answer, x.image) for x in b]
    assert a[0].image == (SG_DATA / 'images' / f"{a[0].plan['scene_graph']}.jpg").read_bytes()

def test_negatives_are_distinct_and_vary_with_the_instance():
    g = get_generator('sg-what-attribute')
    p = g.space.where(scene_graph='astronaut', object='spacesuit', attribute_type='color')[0]
    opts = {tuple(sorted(g.generate(p, i, 0).options)) for i in range(10)}
    assert len(opts) > 1 and all(len(set(o)) == 4 and 'orange' in o and 'red' not in o for o in opts)

def test_wrong_relations_have_the_answers_type():
    g = get_generator('sg-what-relation')
    V = fixture_scene_graphs().vocab
    for p in g.space.plans(range(len(g.space))):
        ins = g.generate(p, 0, 0, render=False)
        assert {V.rel(o)['type'] for o in ins.options} == {p['relation_type']}

def test_user_scene_graphs_and_disk_cache(tmp_path, monkeypatch):
    monkeypatch.setenv('TMA_NB_CACHE', str(tmp_path / 'cache'))
    d = {k: FIXTURE[k] for k in ('coffee', 'astronaut')}
    p = write(tmp_path, d)
    g = SGWhatObject(scene_graphs=p, images=SG_DATA / 'images')
    n = len(g.space)
    full = get_generator('sg-what-object').space
    assert n == len(full.where(scene_graph=['coffee', 'astronaut']))
    files = list((tmp_path / 'cache' / 'scenegraph').glob('sg-what-object-*.json'))
    assert len(files) == 1
    again = SGWhatObject(scene_graphs=p, images=SG_DATA / 'images')
    assert again.plan_rows() == g.plan_rows() and len(again.space) == n
    ins = again.generate(again.space[0], 0, 0)
    assert Validator().check(ins) == []

def test_cli_generate_and_validate_round_trip(tmp_path):
    out = tmp_path / 'bench'
    r = tma('generate', '-g', 'sg-what-object', '-g', 'sg-what-attribute', '-g', 'sg-what-relation', '-n', '60', '--seed', '2', '--out', str(out))
    assert r.returncode == 0, r.stderr
    r = tma('validate', str(out))
    assert r.returncode == 0 and 'checked 60, failures 0' in r.stdout

# --- video scene graphs (readers and plan spaces; video instances do not exist yet) -------------------------

import pickle
from tma_nb.scenegraph_video import (read_video_scene_graphs, read_action_genome, VideoSGWhatObject,
                                     VideoSGWhatRelation, VideoSGWhatAction)

def video_set():
    kf = lambda t, *objs: {'time': t, 'objects': [{'name': n, 'spatial': s, 'contact': c} for n, s, c in objs]}
    base = {'kitchen': {'duration': 20, 'actions': [{'name': 'opening a refrigerator', 'start': 0, 'end': 4},
                                                   {'name': 'drinking from a cup', 'start': 6, 'end': 12},
                                                   {'name': 'holding a phone', 'start': 14, 'end': 19}],
                        'keyframes': [kf(2, ('refrigerator', ['in front of'], ['touching'])),
                                      kf(8, ('cup', ['in front of'], ['holding']), ('table', ['beside'], [])),
                                      kf(10, ('cup', ['in front of'], ['holding']), ('table', ['beside'], ['touching'])),
                                      kf(16, ('phone', ['in front of'], ['holding']))]}}
    for i, (a, o, c) in enumerate([('sitting on a chair', 'chair', 'sitting on'), ('eating a sandwich', 'sandwich', 'eating'),
                                    ('watching television', 'television', 'looking at'), ('lying on a bed', 'bed', 'lying on')]):
        base[f'v{i}'] = {'duration': 5, 'actions': [{'name': a, 'start': 0, 'end': 3}], 'keyframes': [kf(1, (o, ['beneath'], [c]))]}
    return base

def test_video_reader_windows_and_plans(tmp_path):
    vs = read_video_scene_graphs(write(tmp_path, video_set()))
    g = vs['kitchen']
    assert [k.time for k in g.frames_in(g.window('drinking from a cup', 'while'))] == [8.0, 10.0]
    obj = VideoSGWhatObject(vs).space.where(video_scene_graph='kitchen', reference_action='drinking from a cup')
    got = {(p['object_name'], p['relation'], p['temporal_reference_type']) for p in obj.plans(range(len(obj)))}
    # while drinking the person holds the cup and is beside the table at every keyframe; it touches the table at one of the two only,
    # so 'touching' is not true of the whole window and is not asked
    assert ('cup', 'holding', 'while') in got and ('table', 'beside', 'while') in got and ('table', 'touching', 'while') not in got
    assert ('refrigerator', 'touching', 'before') in got and ('phone', 'holding', 'after') in got
    # 'in front of' before drinking: only the refrigerator; after: only the phone; while: only the cup
    assert {x for x in got if x[1] == 'in front of'} == {('refrigerator', 'in front of', 'before'), ('cup', 'in front of', 'while'), ('phone', 'in front of', 'after')}
    rel = VideoSGWhatRelation(vs)
    assert not [r for r in rel.plan_rows() if r[0] == 'kitchen' and r[3] == 'table' and r[2] == 'contact']   # touching in part of the window only
    sp = rel.space.where(video_scene_graph='kitchen', relation_type='contact')
    got = {(p['relation'], p['object_name'], p['temporal_reference_type']) for p in sp.plans(range(len(sp)))}
    assert ('holding', 'cup', 'while') in got
    act = VideoSGWhatAction(vs).space.where(video_scene_graph='kitchen')
    got = {(p['action'], p['reference_action'], p['temporal_reference_type']) for p in act.plans(range(len(act)))}
    assert got == {('opening a refrigerator', 'drinking from a cup', 'before'), ('holding a phone', 'drinking from a cup', 'after')}

def test_video_plans_drop_ambiguous_answers(tmp_path):
    d = video_set()
    d['kitchen']['keyframes'][1]['objects'].append({'name': 'bottle', 'spatial': [], 'contact': ['holding']})   # two things held while drinking
    vs = read_video_scene_graphs(write(tmp_path, d))
    sp = VideoSGWhatObject(vs).space.where(video_scene_graph='kitchen', relation='holding', temporal_reference_type='while', reference_action='drinking from a cup')
    assert len(sp) == 0
    d['kitchen']['actions'].append({'name': 'holding a phone', 'start': 1, 'end': 2})   # the reference action now occurs twice
    vs = read_video_scene_graphs(write(tmp_path, d))
    refs = [r[2] for r in VideoSGWhatAction(vs).plan_rows()] + [r[4] for r in VideoSGWhatObject(vs).plan_rows()]
    assert 'drinking from a cup' in refs and 'holding a phone' not in refs

VBROKEN = [
    ('[]', 'video scene graphs are a JSON object'),
    ({'a': {'actions': []}}, "video 'a': needs a non-empty 'keyframes' list"),
    ({'a': {'keyframes': [{'frame': 10, 'objects': []}]}}, "video 'a', keyframe 0: gives 'frame' but the video has no 'fps'"),
    ({'a': {'keyframes': [{'objects': []}]}}, "video 'a', keyframe 0: needs 'time' (seconds) or 'frame'"),
    ({'a': {'keyframes': [{'time': 1, 'objects': [{'name': 'cup', 'contact': 'holding'}]}]}}, "video 'a', keyframe 0, object 0: 'contact' must be a list of strings"),
    ({'a': {'keyframes': [{'time': 1}], 'actions': [{'name': 'x', 'start': 5, 'end': 2}]}}, "video 'a', action 0: start 5 s and end 2 s must satisfy"),
    ({'a': {'keyframes': [{'time': 1}], 'actions': [{'start': 1, 'end': 2}]}}, "video 'a', action 0: needs a 'name' string"),
]

@pytest.mark.parametrize('data,needle', VBROKEN, ids=range(len(VBROKEN)))
def test_broken_video_files_name_the_file_and_record(tmp_path, data, needle):
    p = write(tmp_path, data)
    with pytest.raises(TmaError) as e: read_video_scene_graphs(p)
    assert needle in str(e.value) and str(p) in str(e.value)

def action_genome_files(tmp_path, actions='c001 0.0 4.0;c002 6.0 12.0'):
    ann = {'ABC12.mp4/000048.png': [{'class': 'refrigerator', 'visible': True, 'bbox': None, 'attention_relationship': ['looking_at'],
                                      'spatial_relationship': ['in_front_of'], 'contacting_relationship': ['touching']}],
           'ABC12.mp4/000192.png': [{'class': 'cup/glass/bottle', 'visible': True, 'spatial_relationship': ['in_front_of'], 'contacting_relationship': ['holding']},
                                     {'class': 'table', 'visible': False, 'spatial_relationship': None, 'contacting_relationship': None}]}
    (tmp_path / 'ag.pkl').write_bytes(pickle.dumps(ann))
    (tmp_path / 'classes.txt').write_text('c001 Opening a refrigerator\nc002 Drinking from a cup/glass/bottle\n')
    (tmp_path / 'charades.csv').write_text(f'id,subject,actions,length\nABC12,X,"{actions}",20.5\n')
    return tmp_path / 'ag.pkl', tmp_path / 'charades.csv', tmp_path / 'classes.txt'

def test_action_genome_conversion(tmp_path):
    vs = read_action_genome(*action_genome_files(tmp_path), fps=24)
    g = vs['ABC12']
    assert g.duration == 20.5 and g.actions == [('opening a refrigerator', 0.0, 4.0), ('drinking from a cup/glass/bottle', 6.0, 12.0)]
    assert [k.time for k in g.keyframes] == [2.0, 8.0]
    assert g.keyframes[1].relations == {'cup/glass/bottle': {'spatial': {'in front of'}, 'contact': {'holding'}}}   # the invisible table is left out
    assert vs.categories['cup/glass/bottle'] == 'cup' and not vs.unmapped()

def test_action_genome_errors(tmp_path):
    files = action_genome_files(tmp_path, actions='c001 0.0 4.0;c009 1 2')
    with pytest.raises(TmaError, match=r"charades.csv: row 2 \(video 'ABC12'\): action 'c009 1 2' is not 'cNNN start end' with a known class"):
        read_action_genome(*files, fps=24)
    files = action_genome_files(tmp_path)
    with pytest.raises(TmaError, match="no frame rate for video 'ABC12'"): read_action_genome(*files, fps={'OTHER': 24})
    (tmp_path / 'ag.pkl').write_bytes(b'not a pickle')
    with pytest.raises(TmaError, match='ag.pkl: not a readable pickle'): read_action_genome(*files, fps=24)

def test_unmapped_names_warn_when_a_generator_reads_them(tmp_path):
    d = copy.deepcopy(FIXTURE)
    d['coffee']['objects']['coffee-2']['name'] = 'teaspoonish'
    g = SGWhatObject(scene_graphs=write(tmp_path, d), cache=False)
    with pytest.warns(UserWarning, match=r"1 object names do not map to the taxonomy .*'teaspoonish' \(1\)"): n = len(g.space)
    assert 'spoon' not in {p['object'] for p in g.space.where(scene_graph='coffee').plans(range(len(g.space.where(scene_graph='coffee'))))}

def test_visual_genome_attributes_file_is_merged(tmp_path):
    vg = [{'image_id': 7, 'objects': [{'object_id': 1, 'x': 0, 'y': 0, 'w': 50, 'h': 50, 'names': ['man']}], 'relationships': []}]
    attrs = [{'image_id': 7, 'attributes': [{'object_id': 1, 'names': ['man'], 'attributes': ['Tall ', 'smiling']}]}]
    sgs = read_scene_graphs(write(tmp_path, vg), attributes=write(tmp_path, attrs, 'attributes.json'))
    assert sgs['7'].objects['1'].attributes == ('tall', 'smiling')
    attrs[0]['attributes'][0]['attributes'] = 'tall'
    with pytest.raises(TmaError, match=r"attributes.json: scene graph '7', object '1': 'attributes' must be a list of strings"):
        read_scene_graphs(write(tmp_path, vg), attributes=write(tmp_path, attrs, 'attributes.json'))

def test_partial_image_folder_leaves_those_scene_graphs_out(tmp_path):
    import shutil
    (tmp_path / 'imgs').mkdir()
    for sid in ('coffee', 'rocket', 'chelsea'): shutil.copy(SG_DATA / 'images' / f'{sid}.jpg', tmp_path / 'imgs')
    g = SGWhatAttribute(scene_graphs=write(tmp_path, FIXTURE), images=tmp_path / 'imgs', cache=False)
    with pytest.warns(UserWarning, match=r"2 of 5 scene graphs have no picture there and are left out of the plans \(e.g. 'astronaut', 'camera'\)"):
        n = len(g.space)
    full = get_generator('sg-what-attribute').space
    assert n == len(full.where(scene_graph=['coffee', 'rocket', 'chelsea'])) > 0
    assert Validator().check(g.generate(g.space[0], 0, 0)) == []

def test_scene_graph_categories_filter_the_whole_catalogue():
    "`person` is known to the scene-graph generators only; a filter over every generator counts their plans and no others."
    one = tma('plans', 'count', '-g', 'sg-what-object', '-w', 'object=person', '--json')
    r = tma('plans', 'count', '-w', 'object=person', '--json')
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)['count'] == json.loads(one.stdout)['count'] > 0   # the only generator with an `object` column
    bad = tma('plans', 'count', '-w', 'object=persn')
    assert bad.returncode == 2 and "unknown category 'persn'" in bad.stderr and 'person' in bad.stderr
