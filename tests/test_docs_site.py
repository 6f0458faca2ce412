"""The docs site in a real browser: build it with the one command (tools/build_docs.py: nbdev's processors, nbconvert,
Pagefind), then check what a reader gets: an API card (signature and docstring) for every public function and class and
none for a private name, no broken internal link or anchor, offline search, doc links from backticked names that land
on their card, interactive Vega views, pictures that load, no raw directive, nothing fetched from the network."""
import functools, html, http.server, importlib, inspect, re, subprocess, sys, threading, time
from pathlib import Path
from urllib.parse import unquote, urlsplit
import pytest
from browser import chromium, shots_dir

ROOT = Path(__file__).resolve().parents[1]

@pytest.fixture(scope='module')
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp('site')
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, str(ROOT / 'tools' / 'build_docs.py'), '--quiet', '--out', str(out)], cwd=ROOT,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    print(r.stdout.strip(), f'[{time.perf_counter() - t0:.1f} s]')
    return out

@pytest.fixture(scope='module')
def served(site):
    "The site on an ephemeral 127.0.0.1 port (search reads its index with fetch, which browsers refuse on file://)."
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a): pass
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f'http://127.0.0.1:{srv.server_address[1]}/'
    srv.shutdown()

def _pages(site) -> list: return sorted(p.relative_to(site).as_posix() for p in site.rglob('*.html') if 'pagefind' not in p.parts)

def test_site_files(site):
    "Every notebook has a page (named as nbdev names it); every page links to every other through the sidebar; no page loads anything from the network or shows a directive."
    pages = _pages(site)
    for need in ['index.html', 'nbs/tutorials/quickstart.html', 'nbs/tutorials/queries.html', 'nbs/tutorials/prototype.html',
                 'nbs/plots.html', 'nbs/query_explorer.html', 'nbs/tabletop_video.html', 'nbs/scenegraph.html', 'nbs/plans.html', 'nbs/evaluate.html']:
        assert need in pages, pages
    tutorials = sorted((ROOT / 'nbs' / 'tutorials').glob('[0-9]*.ipynb'))
    assert {f"nbs/tutorials/{p.stem.split('_', 1)[1]}.html" for p in tutorials} <= set(pages)
    assert (site / 'pagefind' / 'pagefind-ui.js').is_file() and (site / 'assets' / 'vega-bundle.js').is_file()
    for p in pages:
        doc = (site / p).read_text(encoding='utf-8')
        assert not re.search(r'<script[^>]*\bsrc=["\'](?:https?:)?//|<link[^>]+href=["\'](?:https?:)?//|<img[^>]+src=["\'](?:https?:)?//', doc), f'{p} loads something from the network'
        text = re.sub(r'<style>.*?</style>|<script.*?</script>|<[^>]+>', ' ', doc, flags=re.S)
        assert '#|' not in text, f'{p} shows a raw directive'
        assert 'nbdev_export' not in text, f'{p} shows the export cell'
        prose = re.sub(r'<pre.*?</pre>|<code.*?</code>|<math.*?</math>|<script.*?</script>|<style>.*?</style>', ' ', doc, flags=re.S)
        assert not re.search(r'\$\\[a-z]+|\$\$', prose), f'{p} shows raw TeX'      # formulas are MathML, drawn by the browser
        assert ':NoneType' not in doc, f'{p} types a None default as NoneType'
        assert 'View the source notebook' in doc and "<nav id='toc'>" in doc, p
        links = re.findall(r"<nav id='sidebar'>(.*?)</nav>", doc, re.S)[0]
        hrefs = re.findall(r"href='([^']+)'", links)
        assert len(hrefs) == len(pages), (p, len(hrefs), len(pages))
    assert (site / 'nbs' / 'evaluate.html').read_text(encoding='utf-8').count('<math') >= 4   # the interval's formulas
    for rel, picture in [('nbs/explore.html', False), ('nbs/query_explorer.html', True)]:   # explorers: a static snapshot where no kernel runs
        doc = (site / rel).read_text(encoding='utf-8')
        snaps = [re.split(r'<div class="[^"]*\bcell\b', x, maxsplit=1)[0] for x in re.split(r'class=["\']tma-snapshot["\']', doc)[1:]]
        assert snaps and all('<select disabled' in x for x in snaps), (rel, len(snaps))
        assert not picture or any('data:image/jpeg;base64,' in x for x in snaps), rel

def _cards(doc:str) -> dict:
    "API cards of a page: anchor → the card's HTML."
    out = {}
    for m in re.finditer(r'<div class="[^"]*celltag_doc-card[^"]*".*?(?=<div class="[^"]*\b(?:jp-Cell|cell)\b|\Z)', doc, re.S):
        for h in re.finditer(r'<h[234] id="([^"]+)"', m.group(0)): out[h.group(1)] = m.group(0)
    return out

def test_api_cards(site):
    "Every public function and class exported to tma_nb/ has a card with its signature and its own docstring; no private name has one."
    from tma_nb._modidx import d
    missing, nodoc, total, pages = [], [], 0, {}
    for mod, syms in d['syms'].items():
        m = importlib.import_module(mod)
        for n in getattr(m, '__all__', []):
            o = getattr(m, n, None)
            if not (inspect.isfunction(o) or inspect.isclass(o)) or o.__module__ != mod: continue
            total += 1
            page, _, anchor = syms.get(f'{mod}.{n}', ('?#?',))[0].partition('#')
            if page not in pages: pages[page] = _cards((site / page).read_text(encoding='utf-8')) if (site / page).is_file() else {}
            card = pages[page].get(anchor)
            if card is None: missing.append(f'{mod}.{n}'); continue
            sig, _, rest = card.partition('</pre></div>')
            doc = html.unescape(re.sub(r'<[^>]+>', ' ', rest)).strip()
            if not re.search(rf'\b(?:def|class)\b.*\b{n}\b', html.unescape(re.sub(r'<[^>]+>', '', sig)), re.S) or not doc \
               or 'Call self as a function' in doc or 'Initialize self' in doc or doc.startswith(f'{n}('): nodoc.append(f'{mod}.{n}')
    private = [f'{p}#{a}' for p in _pages(site) for a in _cards((site / p).read_text(encoding='utf-8'))
               if any(x.startswith('_') and not x.startswith('__') for x in a.split('.'))]
    print(f'{total} public functions and classes, {sum(len(c) for c in pages.values())} cards on their pages')
    assert total > 300
    assert not missing, f'{len(missing)} public names without a card: {missing}'
    assert not nodoc, f'{len(nodoc)} cards without signature or docstring: {nodoc}'
    assert not private, f'cards for private names: {private}'

def test_internal_links(site):
    "A link checker: every internal href and src of every page points at a file of the site, and every #anchor at an id on that page (as written or percent-decoded, as browsers look it up)."
    ids, broken, n = {}, [], 0
    def ids_of(f:Path):
        if f not in ids: ids[f] = set(re.findall(r'\bid=["\']([^"\']+)["\']', f.read_text(encoding='utf-8'))) if f.suffix == '.html' else set()
        return ids[f]
    for p in _pages(site):
        f = site / p
        for url in re.findall(r'\b(?:href|src)=["\']([^"\']+)["\']', f.read_text(encoding='utf-8')):
            u = urlsplit(html.unescape(url))
            if u.scheme or u.netloc or url.startswith('data:'): continue
            n += 1
            target = (f.parent / unquote(u.path)).resolve() if u.path else f
            if not target.is_file(): broken.append(f'{p}: {url}'); continue
            if u.fragment and not {u.fragment, unquote(u.fragment)} & ids_of(target): broken.append(f'{p}: {url} (no such anchor)')
    print(f'{n} internal links checked')
    assert n > 1000
    assert not broken, f'{len(broken)} broken: {broken[:20]}'

def _loaded_images(page) -> list:
    "Natural sizes of the page's pictures that loaded."
    return page.eval_on_selector_all('main img', 'els => els.filter(e => e.complete && e.naturalWidth > 0 && getComputedStyle(e).display != "none").map(e => [e.naturalWidth, e.naturalHeight])')

@pytest.mark.parametrize('rel, min_images, words', [
    ('index.html', 1, ['plans', 'generators']),
    ('nbs/tutorials/quickstart.html', 1, ['Quickstart', 'probe-nocolor', 'accuracy']),
    ('nbs/tutorials/prototype.html', 1, ['odd one out', 'no problem']),
    ('nbs/tutorials/queries.html', 2, ['Queries', 'Quality against budget', 'QueryExplorer']),
    ('nbs/query_explorer.html', 1, ['Query explorer', 'drill down']),
    ('nbs/explore.html', 3, ['Clips, 3D tables and photographs', 'video-3d-what-move']),
])
def test_page_in_browser(served, tmp_path, rel, min_images, words):
    "Open a page in chromium: pictures load, the text is there, no directive shows, nothing is fetched from outside the site."
    asked = []
    with chromium(tmp_path / 'profile', height=1000) as page:
        page.on('request', lambda r: asked.append(r.url) if not r.url.startswith((served, 'data:')) else None)
        page.goto(served + rel)
        page.wait_for_load_state('load')
        imgs = _loaded_images(page)
        text = page.inner_text('main')
        page.screenshot(path=str(shots_dir(tmp_path) / (rel.replace('/', '_').replace('.html', '.png'))))
    assert len(imgs) >= min_images, (rel, imgs)
    assert all(w >= 100 and h >= 60 for w, h in imgs[:min_images]), imgs
    for w in words: assert w in text, (rel, w)
    assert '#|' not in text
    assert not asked, asked

def test_search(served, tmp_path):
    "Offline search (Pagefind's local index): typing `evaluate` lists the Evaluate page."
    with chromium(tmp_path / 'profile', height=1000) as page:
        page.goto(served + 'nbs/tutorials/quickstart.html')
        page.fill('#search input', 'evaluate')
        page.wait_for_selector('.pagefind-ui__result-link', timeout=20_000)
        titles = page.eval_on_selector_all('.pagefind-ui__result-link', 'els => els.map(e => [e.textContent.trim(), e.getAttribute("href")])')
        page.screenshot(path=str(shots_dir(tmp_path) / 'search_evaluate.png'))
        assert any(t.startswith('Evaluate') and h.endswith('nbs/evaluate.html') for t, h in titles), titles
        page.click(".pagefind-ui__result-link[href$='nbs/evaluate.html']")
        page.wait_for_load_state('load')
        assert page.url.endswith('nbs/evaluate.html'), page.url

def test_doc_link_lands_on_card(served, tmp_path):
    "A backticked `evaluate` in the quickstart's prose is a link; clicking it lands on the `evaluate` card of the Evaluate page."
    with chromium(tmp_path / 'profile', height=900) as page:
        page.goto(served + 'nbs/tutorials/quickstart.html')
        link = page.locator('main .text_cell_render a:has(code:text-is("evaluate")), main .jp-MarkdownOutput a:has(code:text-is("evaluate"))').first
        link.click()
        page.wait_for_load_state('load')
        assert page.url.endswith('nbs/evaluate.html#evaluate'), page.url
        card = page.locator('.celltag_doc-card:has(h3#evaluate)')
        assert card.count() == 1
        assert 'def evaluate(' in card.inner_text().replace('\n', ' ') or 'evaluate(' in card.inner_text()
        top = page.evaluate("document.getElementById('evaluate').getBoundingClientRect().top")
        assert 50 <= top < 300, top   # scrolled to the card, below the sticky header
        page.screenshot(path=str(shots_dir(tmp_path) / 'doclink_evaluate.png'))

def test_chart_is_interactive(served, tmp_path):
    "Charts are live Vega views (vega-embed from the site's own files): an SVG drawn in the page, a tooltip on hover; the PNG is only the fallback."
    with chromium(tmp_path / 'profile', height=1000) as page:
        errors = []
        page.on('pageerror', lambda e: errors.append(str(e)))
        page.goto(served + 'nbs/plots.html')
        page.wait_for_selector('.vega-chart.live .vega-embed svg', timeout=20_000)
        n_live = page.locator('.vega-chart.live').count()
        assert n_live >= 3 and n_live == page.locator('.vega-chart').count()
        assert page.evaluate("typeof vegaEmbed") == 'function'
        bars = page.locator('.vega-chart.live').nth(1)   # accuracy with intervals: a bar per group and model, with a tooltip
        bars.scroll_into_view_if_needed()
        box = bars.locator('svg .mark-rect path').first.bounding_box()
        page.mouse.move(box['x'] + box['width'] / 2, box['y'] + box['height'] / 2)
        page.wait_for_selector('#vg-tooltip-element.visible', timeout=5_000)
        assert 'accuracy' in page.inner_text('#vg-tooltip-element')
        page.screenshot(path=str(shots_dir(tmp_path) / 'chart_tooltip.png'))
        assert not errors, errors

def test_navigation(served, tmp_path):
    "Follow sidebar links: home → Quickstart → Plots → home through the header; the contents link scrolls to its section."
    with chromium(tmp_path / 'profile') as page:
        page.goto(served + 'index.html')
        page.click("nav#sidebar a:text-is('Quickstart')")
        page.wait_for_load_state('load')
        assert page.url.endswith('nbs/tutorials/quickstart.html'), page.url
        assert page.inner_text('main h1').startswith('Quickstart')
        assert page.get_attribute('nav#sidebar a.current', 'href') == 'quickstart.html'
        page.click("nav#sidebar a:text-is('Plots')")
        page.wait_for_load_state('load')
        assert page.url.endswith('nbs/plots.html'), page.url
        assert page.inner_text('main h1').startswith('Plots')
        page.click('nav#toc li.card a >> nth=0')
        assert '#' in page.url
        page.click('header a.brand')
        page.wait_for_load_state('load')
        assert page.url.endswith('/index.html'), page.url

def test_notebook_imports():
    "No notebook imports another module's private names, and modules import each other one way only (no circle, lazy imports included)."
    import ast, json
    bad = []
    for nb in sorted((ROOT / 'nbs').rglob('*.ipynb')) + [ROOT / 'index.ipynb']:
        for c in json.loads(nb.read_text(encoding='utf-8'))['cells']:
            src = ''.join(c['source']) if c['cell_type'] == 'code' else ''
            for m in re.finditer(r'^\s*from (tma_nb[\w.]*) import ([^\n]+)', src, re.M):
                bad += [f'{nb.name}: {m.group(1)}.{n}' for n in re.findall(r'\b(_[A-Za-z]\w*)', m.group(2)) if not n.startswith('__')]
    assert not bad, bad
    deps = {}
    for f in sorted((ROOT / 'tma_nb').glob('*.py')):
        if f.name.startswith('_'): continue
        mods = set()
        for n in ast.walk(ast.parse(f.read_text(encoding='utf-8'))):
            if isinstance(n, ast.ImportFrom) and n.level == 1 and n.module: mods.add(n.module.split('.')[0])
            elif isinstance(n, ast.ImportFrom) and n.module and n.module.startswith('tma_nb.'): mods.add(n.module.split('.')[1])
            elif isinstance(n, ast.Import): mods |= {a.name.split('.')[1] for a in n.names if a.name.startswith('tma_nb.')}
        deps[f.stem] = mods - {f.stem}
    def cycle(start):
        stack, seen = [(start, [start])], set()
        while stack:
            m, path = stack.pop()
            for d in deps.get(m, ()):
                if d == start: return path + [d]
                if d not in seen: seen.add(d); stack.append((d, path + [d]))
    circles = [c for c in map(cycle, deps) if c]
    assert not circles, circles
