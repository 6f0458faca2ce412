"""Frames per second per core of the tabletop renderer (pyvista/VTK, offscreen EGL), and the same scene in Blender Cycles.

One 512² scene (a textured table, five procedural solids in four materials, four textured standees) is rendered
  - by the project's renderer in a child process pinned to one CPU (llvmpipe limited to one thread): a full scene
    build per frame (image generators) and pose-only updates of one built scene (video generators), no shadows;
  - by bpy (Blender as a Python module, Cycles on the CPU, one thread, 16 samples with denoising) from the same
    meshes, exported as glTF, with the same camera; bpy lives in its own venv under benchmarks/ (about 820 MB),
    created on first use and never part of the package install.
Both pictures are written next to each other to --out for a look. The ratio printed is seconds per frame of
Cycles over seconds per frame of the project's renderer with a full scene build, both on one core.
Usage: python benchmarks/render_bench.py [--frames 60] [--cycles-frames 2] [--samples 16] [--out /tmp/render_bench] [--no-bpy]
"""
import argparse, json, os, subprocess, sys, time, textwrap
from pathlib import Path
import numpy as np

HERE = Path(__file__).resolve().parent
BPY_VENV = HERE / '.venv-bpy'

def bench_scene():
    from tma_nb.tabletop import new_scene, MATERIALS
    from tma_nb.assets import default_assets, PALETTE
    lib = default_assets()
    objs = []
    solids = [('cube', 'red', 'rubber'), ('sphere', 'blue', 'metal'), ('torus', 'green', 'plastic'), ('cone', 'yellow', 'wood'), ('cylinder', 'purple', 'plastic')]
    standees = ['cat', 'guitar', 'teapot', 'bicycle']
    for c in range(9):
        if c % 2 == 0 and solids:
            s, col, mat = solids.pop(0)
            objs.append(dict(kind='solid', cell=c, size=0.62, shape=s, color=list(PALETTE[col]), material=mat))
        else:
            k = standees.pop(0)
            objs.append(dict(kind='standee', cell=c, size=0.75, category=k, view=lib.views(k)[0], attributes={}))
    return new_scene(3, objs, np.random.default_rng(7), size=(512, 512))

def _timed(f, n):
    "Wall seconds and CPU seconds (this process, all its threads) per call: CPU time is what one core spends, whatever else runs."
    w, c = time.perf_counter(), time.process_time()
    f()
    return (time.perf_counter() - w) / n, (time.process_time() - c) / n

def ours(n:int):
    "Run in a child pinned to one CPU: (wall, cpu) seconds per frame with a full scene build, with pose updates, and with the id pass."
    from tma_nb.tabletop import render_scene, render_frames
    sc = bench_scene()
    rgb = render_scene(sc, ids=False)[0]              # window, textures and meshes built once
    full = _timed(lambda: [render_scene(sc, ids=False) for _ in range(n)], n)
    poses = [{2: {'position': [0.0 + 0.01 * i, 1.0, 0.0], 'yaw': 3.0 * i}} for i in range(n)]
    pose = _timed(lambda: render_frames(sc, poses, ids=False), n)
    with_ids = _timed(lambda: [render_scene(sc, ids=True) for _ in range(n // 4 or 1)], n // 4 or 1)
    return dict(full=full, pose=pose, with_ids=with_ids, rgb=rgb)

def export_glb(sc, path):
    "The scene's meshes in world coordinates, with colors and textures, as one glTF binary."
    import trimesh
    from PIL import Image
    from tma_nb.tabletop import solid_mesh, object_matrix, table_texture, wood_texture, _standee_parts, TABLE_HALF
    from tma_nb.assets import default_assets
    lib = default_assets()
    S = trimesh.Scene()
    h = sc['table']['half']
    top = trimesh.Trimesh([[-h, -h, 0], [h, -h, 0], [h, h, 0], [-h, h, 0]], [[0, 1, 2], [0, 2, 3]], process=False)
    tex = Image.fromarray(table_texture(sc['table']['texture'], sc['table']['seed']))
    top.visual = trimesh.visual.TextureVisuals(uv=[[0, 0], [1, 0], [1, 1], [0, 1]], image=tex)
    S.add_geometry(top, node_name='table')
    for o in sc['objects']:
        M = object_matrix(o)
        if o['kind'] == 'solid':
            m = solid_mesh(o['shape']).copy()
            if o['material'] == 'wood':
                v = m.vertices - m.vertices.mean(0)
                uv = np.stack([np.arctan2(v[:, 1], v[:, 0]) / (2 * np.pi) + 0.5, (v[:, 2] - v[:, 2].min()) / np.ptp(v[:, 2])], 1)
                m.visual = trimesh.visual.TextureVisuals(uv=uv, image=Image.fromarray(wood_texture()))
            else:
                metal = o['material'] == 'metal'
                mat = trimesh.visual.material.PBRMaterial(baseColorFactor=list(o['color']) + [255], metallicFactor=0.9 if metal else 0.0,
                                                          roughnessFactor={'rubber': 0.9, 'plastic': 0.35, 'metal': 0.3}[o['material']])
                m.visual = trimesh.visual.TextureVisuals(material=mat)
            m.apply_transform(M); S.add_geometry(m, node_name=f"o{o['id']}")
        else:
            card, foot, rgb = _standee_parts(lib, o['category'], o['view'], tuple(sorted(o['attributes'].items())))
            c = card.copy(); c.visual = trimesh.visual.TextureVisuals(uv=card.visual.uv, image=Image.fromarray(np.ascontiguousarray(rgb[::-1])))
            f = foot.copy(); f.visual = trimesh.visual.TextureVisuals(material=trimesh.visual.material.PBRMaterial(baseColorFactor=[235, 232, 225, 255], roughnessFactor=0.8))
            for i, m in enumerate((c, f)): m.apply_transform(M); S.add_geometry(m, node_name=f"o{o['id']}_{i}")
    S.apply_transform(trimesh.transformations.rotation_matrix(-np.pi / 2, [1, 0, 0]))   # z-up to glTF's y-up: Blender turns it back
    S.export(path)

BPY_SCRIPT = textwrap.dedent('''
    import bpy, json, sys, time, math
    from mathutils import Vector
    glb, params, out = sys.argv[1:4]
    P = json.load(open(params))
    bpy.ops.wm.read_factory_settings(use_empty=True)
    sc = bpy.context.scene
    bpy.ops.import_scene.gltf(filepath=glb)
    cam = bpy.data.objects.new('cam', bpy.data.cameras.new('cam'))
    sc.collection.objects.link(cam); sc.camera = cam
    cam.location = Vector(P['eye'])
    cam.rotation_euler = (Vector(P['target']) - Vector(P['eye'])).to_track_quat('-Z', 'Y').to_euler()
    cam.data.sensor_fit = 'VERTICAL'; cam.data.angle_y = math.radians(P['fov'])
    sun = bpy.data.objects.new('sun', bpy.data.lights.new('sun', 'SUN'))
    sun.data.energy = 3.0 * P['intensity']
    sun.rotation_euler = Vector(P['light_dir']).to_track_quat('-Z', 'Y').to_euler()
    sc.collection.objects.link(sun)
    world = bpy.data.worlds.new('w'); sc.world = world; world.use_nodes = True
    world.node_tree.nodes['Background'].inputs[0].default_value = [c / 255 for c in P['background']] + [1]
    world.node_tree.nodes['Background'].inputs[1].default_value = 0.6
    r = sc.render
    r.engine = 'CYCLES'; sc.cycles.device = 'CPU'; sc.cycles.samples = P['samples']; sc.cycles.use_denoising = True
    sc.cycles.max_bounces = 2; sc.cycles.diffuse_bounces = 1; sc.cycles.glossy_bounces = 1
    r.threads_mode = 'FIXED'; r.threads = 1
    r.resolution_x = r.resolution_y = 512; r.resolution_percentage = 100
    sc.view_settings.view_transform = 'Standard'
    r.image_settings.file_format = 'PNG'; r.filepath = out
    times = []
    for i in range(P['frames']):
        t, c = time.perf_counter(), time.process_time()
        bpy.ops.render.render(write_still=(i == 0)); times.append((time.perf_counter() - t, time.process_time() - c))
    print('CYCLES_TIMES', json.dumps(times))
''')

def bpy_version():
    r = subprocess.run([str(ensure_bpy()), '-c', 'import bpy; print(bpy.app.version_string)'], capture_output=True, text=True)
    return r.stdout.strip().splitlines()[-1] if r.stdout.strip() else '?'

def ensure_bpy():
    py = BPY_VENV / 'bin' / 'python'
    if not py.exists():
        print('creating', BPY_VENV, '(pip install bpy, about 820 MB)')
        subprocess.run([sys.executable, '-m', 'venv', str(BPY_VENV)], check=True)
        subprocess.run([str(py), '-m', 'pip', 'install', '-q', 'bpy'], check=True)
    return py

def cycles(sc, out:Path, frames:int, samples:int):
    from tma_nb.tabletop import camera_position
    glb, params, png = out / 'scene.glb', out / 'params.json', out / 'cycles.png'
    export_glb(sc, str(glb))
    L = sc['light']
    az, el = np.radians(L['azimuth']), np.radians(L['elevation'])
    to_light = np.array([np.sin(az) * np.cos(el), -np.cos(az) * np.cos(el), np.sin(el)])
    json.dump({'eye': camera_position(sc['camera']).tolist(), 'target': sc['camera']['target'], 'fov': sc['camera']['fov'],
               'light_dir': (-to_light).tolist(), 'intensity': L['intensity'], 'background': sc['background'],
               'samples': samples, 'frames': frames}, open(params, 'w'))
    (out / 'bpy_render.py').write_text(BPY_SCRIPT)
    r = subprocess.run([str(ensure_bpy()), str(out / 'bpy_render.py'), str(glb), str(params), str(png)], capture_output=True, text=True)
    line = [l for l in r.stdout.splitlines() if l.startswith('CYCLES_TIMES')]
    if not line: raise SystemExit('bpy render failed:\n' + r.stdout[-2000:] + r.stderr[-2000:])
    return json.loads(line[0].split(' ', 1)[1]), png

def child(n):
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    r = ours(n)
    from PIL import Image
    Image.fromarray(r.pop('rgb')).save(os.environ['RB_OUT'] + '/ours.png')
    print('OURS', json.dumps(r))

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('--frames', type=int, default=60); ap.add_argument('--cycles-frames', type=int, default=2)
    ap.add_argument('--samples', type=int, default=16); ap.add_argument('--out', default='/tmp/render_bench'); ap.add_argument('--no-bpy', action='store_true')
    ap.add_argument('--child', type=int, default=0)
    a = ap.parse_args()
    if a.child: return child(a.child)
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, 'LP_NUM_THREADS': '1', 'RB_OUT': str(out)}
    r = subprocess.run([sys.executable, __file__, '--child', str(a.frames)], capture_output=True, text=True, env=env)
    line = [l for l in r.stdout.splitlines() if l.startswith('OURS')]
    if not line: raise SystemExit('renderer child failed:\n' + r.stderr[-3000:])
    o = json.loads(line[0].split(' ', 1)[1])
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (wall times suffer from other processes; CPU times do not)")
    print(f"pyvista/VTK (EGL, llvmpipe, 1 thread, pinned to 1 CPU), 512x512, no shadows, {a.frames} frames:")
    for k, label in (('full', 'full scene build + render'), ('pose', 'pose update + render'), ('with_ids', 'color + id pass (full build)')):
        w, c = o[k]
        print(f"  {label:28}: {c * 1000:6.1f} ms CPU/frame = {1 / c:5.1f} frames/s per core   (wall {w * 1000:6.1f} ms)")
    if a.no_bpy: return
    times, png = cycles(bench_scene(), out, a.cycles_frames, a.samples)
    t = np.array(times[1:] if len(times) > 1 else times)
    cw, cc = t.mean(0)
    print(f"bpy {bpy_version()} Cycles (CPU, 1 thread, {a.samples} samples + denoising), same scene: {cc:.2f} s CPU/frame (wall {cw:.2f} s)")
    print(f"ratio Cycles / pyvista per core (CPU time): full scene build {cc / o['full'][1]:.0f}x, pose update {cc / o['pose'][1]:.0f}x")
    print(f"ratio in wall time: full scene build {cw / o['full'][0]:.0f}x")
    from PIL import Image
    side = Image.new('RGB', (1024, 512)); side.paste(Image.open(out / 'ours.png'), (0, 0)); side.paste(Image.open(png).convert('RGB'), (512, 0))
    side.save(out / 'side_by_side.png'); print('pictures:', out / 'side_by_side.png')

if __name__ == '__main__': main()
