"""Write the scene-graph fixture: five public-domain / CC0 sample photographs from scikit-image's data module
(`pip install scikit-image==0.26.0`; they ship inside the wheel) saved as JPEG under tma_nb/data/scenegraph/images,
and their hand-written scene graphs in GQA format (tma_nb/data/scenegraph/scene_graphs.json).
Usage: python tools/build_sg_fixture.py [--sheet DIR] [--no-images]   (--sheet also draws every box for review: DIR/sg-fixture-boxes.jpg)"""
import argparse, json
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / 'tma_nb' / 'data' / 'scenegraph'

# (name, (x0, y0, x1, y1), attributes); relations: (subject, relation, object) by object key
SCENES = {
 'astronaut': dict(objects={
    'woman': ('woman', (20, 15, 365, 512), ['smiling']),
    'hair': ('hair', (152, 15, 302, 125), ['short', 'blond']),
    'suit': ('spacesuit', (20, 150, 365, 512), ['orange']),
    'flag': ('flag', (0, 0, 95, 512), ['red', 'white', 'blue', 'striped']),
    'shuttle': ('space shuttle', (352, 0, 462, 285), ['white', 'orange', 'small']),
    'helmet': ('helmet', (277, 343, 505, 512), ['black', 'round', 'shiny']),
    'patch': ('patch', (133, 347, 210, 423), ['blue', 'round']),
    'tag': ('name tag', (278, 338, 330, 377), ['blue', 'rectangular']),
    'table': ('table', (365, 268, 512, 512), ['black']),
  }, relations=[('woman', 'wearing', 'suit'), ('woman', 'has', 'hair'), ('flag', 'to the left of', 'woman'),
                ('shuttle', 'to the right of', 'woman'), ('helmet', 'in front of', 'woman'), ('helmet', 'to the right of', 'woman'),
                ('patch', 'on', 'suit'), ('tag', 'on', 'suit'), ('shuttle', 'on', 'table'), ('shuttle', 'above', 'table'),
                ('patch', 'to the left of', 'tag')]),
 'coffee': dict(objects={
    'cup': ('cup', (172, 18, 410, 308), ['red', 'white', 'ceramic', 'shiny', 'round']),
    'saucer': ('saucer', (76, 68, 480, 390), ['red', 'ceramic', 'round']),
    'spoon': ('spoon', (325, 66, 425, 327), ['silver', 'metal', 'shiny', 'small']),
    'coffee': ('coffee', (205, 95, 370, 195), ['brown']),
    'table': ('table', (0, 0, 600, 400), ['brown', 'wooden']),
    'handle': ('handle', (195, 232, 255, 308), ['red']),
  }, relations=[('cup', 'on', 'saucer'), ('spoon', 'on', 'saucer'), ('saucer', 'on', 'table'), ('coffee', 'in', 'cup'),
                ('cup', 'has', 'handle'), ('spoon', 'to the right of', 'cup'), ('handle', 'to the left of', 'spoon')]),
 'chelsea': dict(objects={
    'cat': ('cat', (0, 0, 451, 300), ['brown', 'striped', 'furry']),
    'eye1': ('eye', (135, 85, 210, 148), ['green', 'round']),
    'eye2': ('eye', (293, 108, 345, 165), ['green', 'round']),
    'nose': ('nose', (232, 222, 293, 268), ['pink']),
    'ear1': ('ear', (30, 0, 115, 45), ['pointy']),
    'ear2': ('ear', (318, 0, 400, 68), ['pointy']),
  }, relations=[('cat', 'has', 'eye1'), ('cat', 'has', 'eye2'), ('cat', 'has', 'nose'),
                ('eye1', 'to the left of', 'nose'), ('eye2', 'to the right of', 'nose'), ('nose', 'below', 'eye1'),
                ('nose', 'below', 'eye2'), ('ear1', 'above', 'eye1'), ('ear2', 'above', 'eye2')]),
 'rocket': dict(objects={
    'rocket': ('rocket', (302, 125, 340, 410), ['white', 'tall']),
    'towerA': ('tower', (0, 0, 90, 427), ['tall', 'metal', 'wide']),
    'towerB': ('tower', (165, 120, 208, 420), ['tall', 'metal', 'thin']),
    'towerC': ('tower', (435, 120, 480, 427), ['tall', 'metal', 'thin']),
    'towerD': ('tower', (555, 0, 640, 427), ['tall', 'metal', 'wide']),
    'sky': ('sky', (0, 0, 640, 370), ['blue', 'dark']),
    'pad': ('platform', (267, 405, 378, 427), ['gray', 'concrete']),
    **{f'light{i}': ('light', (x - 10, y - 10, x + 10, y + 10), ['bright', 'yellow'])
       for i, (x, y) in enumerate([(81, 350), (150, 378), (110, 413), (192, 395), (363, 396), (432, 393), (452, 416)])},
  }, relations=[('rocket', 'on', 'pad'), ('towerB', 'to the left of', 'rocket'), ('towerC', 'to the right of', 'rocket'),
                ('towerA', 'to the left of', 'towerB'), ('towerD', 'to the right of', 'towerC')]),
 'camera': dict(objects={
    'man': ('man', (0, 62, 330, 512), ['standing']),
    'coat': ('coat', (0, 105, 300, 512), ['black', 'long']),
    'hair': ('hair', (155, 62, 272, 160), ['black', 'short']),
    'camera': ('camera', (250, 138, 328, 190), ['silver', 'small']),
    'tripod': ('tripod', (228, 185, 408, 512), ['silver', 'metal', 'tall']),
    'glove1': ('glove', (180, 192, 245, 255), ['black']),
    'glove2': ('glove', (262, 168, 330, 245), ['black']),
    'grass': ('grass', (0, 235, 512, 512), ['short']),
    'sky': ('sky', (0, 0, 512, 190), ['clear']),
    'shirt': ('shirt', (170, 150, 195, 210), ['white']),
    'tallbuilding': ('building', (410, 115, 432, 197), ['tall', 'white']),
    'dome1': ('building', (338, 163, 405, 200), ['round']),
    'dome2': ('building', (415, 193, 510, 233), ['round', 'white']),
    'bldg3': ('building', (448, 160, 492, 197), ['small']),
    'bldg4': ('building', (0, 168, 52, 238), ['small']),
  }, relations=[('man', 'wearing', 'coat'), ('man', 'has', 'hair'), ('man', 'using', 'camera'), ('man', 'wearing', 'glove1'),
                ('man', 'wearing', 'glove2'), ('man', 'wearing', 'shirt'), ('camera', 'on', 'tripod'), ('man', 'standing on', 'grass'),
                ('tripod', 'on', 'grass'), ('man', 'to the left of', 'tripod'), ('tallbuilding', 'to the right of', 'man'),
                ('tripod', 'in front of', 'tallbuilding')]),
}
SIZES = {'astronaut': (512, 512), 'coffee': (600, 400), 'chelsea': (451, 300), 'rocket': (640, 427), 'camera': (512, 512)}

def scene_graphs() -> dict:
    "The fixture in GQA format: {image id: {width, height, objects: {id: {name, x, y, w, h, attributes, relations}}}}."
    out = {}
    for img, s in SCENES.items():
        keys = list(s['objects'])
        oid = {k: f'{img}-{i}' for i, k in enumerate(keys)}
        objs = {}
        for k, (name, (x0, y0, x1, y1), attrs) in s['objects'].items():
            objs[oid[k]] = dict(name=name, x=x0, y=y0, w=x1 - x0, h=y1 - y0, attributes=list(attrs), relations=[])
        for a, r, b in s['relations']:
            objs[oid[a]]['relations'].append(dict(name=r, object=oid[b]))
        W, H = SIZES[img]
        out[img] = dict(width=W, height=H, objects=objs)
    return out

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('--sheet'); ap.add_argument('--no-images', action='store_true')
    a = ap.parse_args()
    sg = scene_graphs()
    (OUT / 'images').mkdir(parents=True, exist_ok=True)
    if not a.no_images:
        import skimage.data
        from PIL import Image
        for img in sg:
            arr = getattr(skimage.data, img)()
            im = Image.fromarray(arr).convert('RGB')
            assert im.size == (sg[img]['width'], sg[img]['height']), (img, im.size)
            im.save(OUT / 'images' / f'{img}.jpg', quality=85, optimize=True)
    with open(OUT / 'scene_graphs.json', 'w') as f: json.dump(sg, f, indent=1)
    if a.sheet:
        from PIL import Image, ImageDraw
        Path(a.sheet).mkdir(parents=True, exist_ok=True)
        tiles = []
        for img, g in sg.items():
            im = Image.open(OUT / 'images' / f'{img}.jpg').convert('RGB'); d = ImageDraw.Draw(im)
            for i, (k, o) in enumerate(g['objects'].items()):
                col = [(255, 0, 0), (0, 200, 0), (0, 120, 255), (255, 200, 0), (255, 0, 255), (0, 255, 255)][i % 6]
                d.rectangle([o['x'], o['y'], o['x'] + o['w'] - 1, o['y'] + o['h'] - 1], outline=col, width=2)
                d.text((o['x'] + 3, o['y'] + 3), o['name'], fill=col)
            im.save(Path(a.sheet) / f'{img}_boxes.png')
            tiles.append(im)
        W = sum(t.width for t in tiles[:3]); H = max(t.height for t in tiles[:3]) + max(t.height for t in tiles[3:])
        sheet, x, y = Image.new('RGB', (W, H), 'white'), 0, 0
        for i, t in enumerate(tiles):
            if i == 3: x, y = 0, max(t.height for t in tiles[:3])
            sheet.paste(t, (x, y)); x += t.width
        sheet.save(Path(a.sheet) / 'sg-fixture-boxes.jpg', quality=80)
    print('wrote', OUT)

if __name__ == '__main__': main()
