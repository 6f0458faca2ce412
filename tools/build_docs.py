"""Build the offline docs site: the same notebooks nbdev_docs renders (index.ipynb, nbs/*, nbs/tutorials/*), with their
committed outputs, charts and pictures, directives and hidden cells removed, as static HTML pages with navigation.
No Quarto, no network, no CDN scripts: nbdev's notebook processing (directives, `#| hide`) and nbconvert's HTML exporter.
Usage: python tools/build_docs.py [--out _site] [NOTEBOOK ...]     (then open _site/index.html)"""
import argparse, html, os, re, shutil, sys, time
from pathlib import Path
import nbformat
from nbconvert import HTMLExporter
from pygments.formatters import HtmlFormatter
from nbdev.config import get_config
from nbdev.doclinks import nbglob
from nbdev.process import NBProcessor
from nbdev.processors import hide_, hide_line, rm_header_dash, strip_ansi, clean_magics

WIDGET = 'application/vnd.jupyter.widget-view+json'
IMG_EXT = {'.png', '.jpg', '.jpeg', '.gif', '.svg', '.webp'}

def _false(args) -> bool: return bool(args) and str(args[0]).lower() == 'false'

def quarto_options(cell):
    "Quarto cell options nbdev leaves to Quarto: `include: false` drops the cell, `echo: false` its code, `output: false` its outputs."
    d = getattr(cell, 'directives_', None) or {}
    if cell.cell_type == 'code' and 'nbdev_export(' in (cell.source or ''): del cell['source']; return
    if _false(d.get('include:')): del cell['source']; return
    if _false(d.get('echo:')): cell.metadata['tags'] = list(cell.metadata.get('tags', [])) + ['remove_input']
    if _false(d.get('output:')): cell['outputs'] = []
    if cell.cell_type == 'code':   # directive lines nbdev keeps for Quarto go too: nothing else reads them here
        lines = (cell.source or '').splitlines()
        while lines and re.match(r'\s*#\s*\|', lines[0]): lines.pop(0)
        cell['source'] = '\n'.join(lines)

def static_outputs(cell):
    "Widgets have no state in a static page: keep their text fallback."
    for o in cell.get('outputs', []):
        if WIDGET in o.get('data', {}): o['data'].pop(WIDGET)

def _join(o) -> dict:
    "An output with multi-line strings joined (notebook files store them as lists of lines)."
    o = dict(o)
    if isinstance(o.get('text'), list): o['text'] = ''.join(o['text'])
    if 'data' in o: o['data'] = {k: ''.join(v) if isinstance(v, list) else v for k, v in o['data'].items()}
    return o

def process(path:Path) -> nbformat.NotebookNode:
    "The notebook as the docs show it: nbdev's directive handling, hidden cells and directive lines removed."
    proc = NBProcessor(path, procs=[hide_, rm_header_dash, hide_line, strip_ansi, clean_magics, quarto_options, static_outputs])
    proc.process()
    cells = []
    for c in proc.nb.cells:
        src = (c.get('source') or '').strip('\n')
        if c.cell_type == 'code' and not src and not c.get('outputs'): continue
        if c.cell_type == 'markdown' and not src: continue
        cell = dict(cell_type=c.cell_type, metadata=dict(c.get('metadata', {})), source=src)
        if c.cell_type == 'code': cell.update(outputs=[_join(o) for o in c.get('outputs', [])], execution_count=None)
        cells.append(cell)
    nb = nbformat.from_dict(dict(cells=cells, metadata={'kernelspec': {'name': 'python3', 'language': 'python', 'display_name': 'python3'},
                                                        'language_info': {'name': 'python'}}, nbformat=4, nbformat_minor=5))
    for i, c in enumerate(nb.cells):
        c['id'] = f'c{i}'
        if c.cell_type == 'code':
            for o in c.outputs:
                if o.get('output_type') == 'execute_result': o.setdefault('execution_count', None)
                o.setdefault('metadata', {})
    return nb

def title_of(nb, fallback:str) -> tuple:
    "Title and description from the first markdown cell (`# Title` and `> description`)."
    for c in nb.cells:
        if c.cell_type != 'markdown': continue
        t = re.search(r'^#\s+(.+)$', c.source, re.M)
        d = re.search(r'^>\s*(.+)$', c.source, re.M)
        if t: return t.group(1).strip(), (d.group(1).strip() if d else '')
        break
    return fallback, ''

CSS = """
body{margin:0;font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#212529}
a{color:#0b63c4;text-decoration:none} a:hover{text-decoration:underline}
header{background:#2c3e50;color:#fff;padding:10px 22px;font-size:18px} header a{color:#fff;font-weight:600}
.wrap{display:flex;align-items:flex-start}
nav#sidebar{width:250px;flex:none;padding:14px 16px;border-right:1px solid #e3e3e3;position:sticky;top:0;max-height:100vh;overflow:auto;font-size:14px}
nav#sidebar h3{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:#6c757d;margin:16px 0 6px}
nav#sidebar ul{list-style:none;padding:0;margin:0} nav#sidebar li{margin:3px 0}
nav#sidebar a.current{font-weight:700;color:#212529}
main{flex:1;min-width:0;max-width:1050px;padding:10px 34px 60px;overflow-x:auto}
.jp-InputPrompt,.jp-OutputPrompt,.jp-Collapser{display:none}
.jp-Cell{margin:10px 0;max-width:100%;overflow-x:auto}
.jp-InputArea,.jp-OutputArea,.jp-Cell-inputWrapper,.jp-Cell-outputWrapper{min-width:0;max-width:100%}
.jp-CodeCell .jp-InputArea .highlight{background:#f6f8fa;border:1px solid #e5e7eb;border-radius:5px;padding:8px 12px;overflow-x:auto}
.highlight pre{margin:0;font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.jp-OutputArea-output pre{margin:4px 0;padding:6px 12px;font:13px/1.45 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;border-left:3px solid #d0d7de}
.jp-OutputArea-output img{max-width:100%;height:auto}
.jp-RenderedHTMLCommon table,.jp-OutputArea-output table{border-collapse:collapse;font-size:13px;margin:6px 0}
.jp-OutputArea-output th,.jp-OutputArea-output td,.jp-RenderedHTMLCommon th,.jp-RenderedHTMLCommon td{border:1px solid #dee2e6;padding:3px 8px;text-align:right}
.jp-RenderedMarkdown blockquote{margin:0 0 12px;padding:4px 14px;color:#495057;border-left:4px solid #b6c2d0;font-size:17px}
.jp-RenderedMarkdown code{background:#f3f4f6;padding:1px 4px;border-radius:3px;font-size:90%}
.jp-RenderedMarkdown pre code{background:none;padding:0}
.jp-RenderedMarkdown pre{background:#f6f8fa;padding:8px 12px;border-radius:5px;overflow-x:auto}
a.anchor-link{opacity:0;margin-left:4px} h1:hover a.anchor-link,h2:hover a.anchor-link,h3:hover a.anchor-link{opacity:.5}
table.dataframe{border:none;border-collapse:collapse}
footer{color:#6c757d;font-size:12px;margin-top:40px}
"""

def page(title:str, body:str, nav:str, root:str) -> str:
    return (f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{html.escape(title)} – tma_nb</title><style>{CSS}{HtmlFormatter(style='default').get_style_defs('.highlight')}</style></head>"
            f"<body><header><a href='{root}index.html'>tma_nb</a></header><div class='wrap'><nav id='sidebar'>{nav}</nav>"
            f"<main>{body}<footer>Built offline from the project's notebooks by tools/build_docs.py.</footer></main></div></body></html>\n")

def nav_html(entries, current:str) -> str:
    "Sidebar: home, tutorials, reference; links relative to the current page."
    here = Path(current).parent
    groups = {'Home': [], 'Tutorials': [], 'Reference': []}
    for e in entries: groups[e['group']].append(e)
    out = []
    for g, es in groups.items():
        if not es: continue
        out.append(f'<h3>{g}</h3><ul>')
        for e in es:
            href = os.path.relpath(e['out'], here)
            cls = " class='current'" if e['out'] == current else ''
            out.append(f"<li><a href='{href}'{cls}>{html.escape(e['title'])}</a></li>")
        out.append('</ul>')
    return ''.join(out)

def group_of(rel:Path) -> str:
    if rel.name == 'index.ipynb' and len(rel.parts) == 1: return 'Home'
    return 'Tutorials' if 'tutorials' in rel.parts else 'Reference'

def build(out:Path, notebooks=None, quiet:bool=False) -> list:
    "Render the notebooks into `out`; returns the page entries."
    cfg = get_config()
    root = cfg.config_path
    nbs = [Path(p).resolve() for p in notebooks] if notebooks else sorted(nbglob(as_path=True))
    order = {'Home': 0, 'Tutorials': 1, 'Reference': 2}
    entries = []
    for p in nbs:
        rel = p.relative_to(root)
        nb = process(p)
        title, desc = title_of(nb, rel.stem)
        entries.append(dict(src=p, rel=rel, nb=nb, title=title, desc=desc, group=group_of(rel), out=str(rel.with_suffix('.html'))))
    entries.sort(key=lambda e: (order[e['group']], str(e['rel'])))
    from traitlets.config import Config
    ex = HTMLExporter(template_name='basic', exclude_input_prompt=True, exclude_output_prompt=True,
                      config=Config({'TagRemovePreprocessor': {'enabled': True, 'remove_input_tags': {'remove_input'}}}))
    pages = {str(e['rel']): e['out'] for e in entries}
    if out.exists(): shutil.rmtree(out)
    for e in entries:
        body, _ = ex.from_notebook_node(e['nb'])
        here = Path(e['out']).parent
        def link(m):   # links to notebooks become links to their pages; local pictures are copied along
            url = m.group(2)
            if re.match(r'^[a-z]+:|^#|^/', url): return m.group(0)
            target = os.path.normpath(here / url.split('#')[0])
            if target in pages: return f"{m.group(1)}{os.path.relpath(pages[target], here)}{'#' + url.split('#', 1)[1] if '#' in url else ''}\""
            src = root / target
            if src.suffix.lower() in IMG_EXT and src.is_file():
                (out / target).parent.mkdir(parents=True, exist_ok=True); shutil.copy2(src, out / target)
            return m.group(0)
        body = re.sub(r'((?:href|src)=")([^"]+)"', link, body)
        dest = out / e['out']
        dest.parent.mkdir(parents=True, exist_ok=True)
        rootrel = os.path.relpath('.', here) + '/'
        dest.write_text(page(e['title'], body, nav_html(entries, e['out']), '' if rootrel == './' else rootrel), encoding='utf-8')
        if not quiet: print('wrote', dest)
    return entries

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--out', default=None, help='output folder (default: _site in the project root)')
    ap.add_argument('--quiet', action='store_true')
    ap.add_argument('notebooks', nargs='*')
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    out = Path(a.out) if a.out else get_config().config_path / '_site'
    entries = build(out, a.notebooks or None, a.quiet)
    print(f"{len(entries)} pages in {out} ({time.perf_counter() - t0:.1f} s); open {out / 'index.html'}")

if __name__ == '__main__': main()
