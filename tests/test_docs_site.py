"""The offline docs site in a real browser: build it with the one command (tools/build_docs.py), open pages in headless
Debian chromium, take screenshots, and check that charts and pictures load, no raw `#|` directive shows, no page asks the
network for anything (no CDN scripts), and the navigation links lead to the right pages."""
import re, subprocess, sys, time
from pathlib import Path
import pytest
from browser import chromium, shots_dir

ROOT = Path(__file__).resolve().parents[1]

@pytest.fixture(scope='module')
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp('site')
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, str(ROOT / 'tools' / 'build_docs.py'), '--quiet', '--out', str(out)], cwd=ROOT,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    print(r.stdout.strip(), f'[{time.perf_counter() - t0:.1f} s]')
    return out

def test_site_files(site):
    "Every notebook has a page; every page links to every other through the sidebar; no page loads scripts or shows a directive."
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob('*.html'))
    for need in ['index.html', 'nbs/tutorials/01_quickstart.html', 'nbs/tutorials/04_queries.html', 'nbs/tutorials/05_prototype.html',
                 'nbs/15_plots.html', 'nbs/15b_query_explorer.html', 'nbs/13b_tabletop_video.html', 'nbs/14_scenegraph.html', 'nbs/02_plans.html']:
        assert need in pages, pages
    tutorials = sorted((ROOT / 'nbs' / 'tutorials').glob('[0-9]*.ipynb'))
    assert {f'nbs/tutorials/{p.stem}.html' for p in tutorials} <= set(pages)
    for p in pages:
        doc = (site / p).read_text(encoding='utf-8')
        assert not re.search(r'<script[^>]*\bsrc=|<link[^>]+href=["\']https?:|<img[^>]+src=["\']https?:', doc), f'{p} loads something from the network'
        text = re.sub(r'<style>.*?</style>|<[^>]+>', ' ', doc, flags=re.S)
        assert '#|' not in text, f'{p} shows a raw directive'
        assert 'nbdev_export' not in text, f'{p} shows the export cell'
        links = re.findall(r"<nav id='sidebar'>(.*?)</nav>", doc, re.S)[0]
        hrefs = re.findall(r"href='([^']+)'", links)
        assert len(hrefs) == len(pages), (p, len(hrefs), len(pages))
        for h in hrefs: assert ((site / p).parent / h).resolve().is_file(), f'{p}: broken link {h}'

def _loaded_images(page) -> list:
    "Natural sizes of the page's pictures that loaded."
    return page.eval_on_selector_all('main img', 'els => els.filter(e => e.complete && e.naturalWidth > 0).map(e => [e.naturalWidth, e.naturalHeight])')

@pytest.mark.parametrize('rel, min_images, words', [
    ('index.html', 1, ['plans', 'grid']),
    ('nbs/tutorials/01_quickstart.html', 3, ['Quickstart', 'probe-nocolor', 'accuracy']),
    ('nbs/15_plots.html', 4, ['Skill heatmap', 'budget']),
    ('nbs/tutorials/05_prototype.html', 1, ['odd one out', 'no problem']),
    ('nbs/tutorials/04_queries.html', 3, ['Queries', 'Quality against budget', 'QueryExplorer', 'pattern_chart']),
    ('nbs/15b_query_explorer.html', 2, ['Query explorer', 'drill down']),
    ('nbs/15a_explore.html', 3, ['Clips, 3D tables and photographs', 'video-3d-what-move']),
])
def test_page_in_browser(site, tmp_path, rel, min_images, words):
    "Open a page in chromium: pictures and charts load, the text is there, no directive shows, nothing is fetched from the network."
    asked = []
    with chromium(tmp_path / 'profile', height=1000) as page:
        page.on('request', lambda r: asked.append(r.url) if not r.url.startswith(('file:', 'data:')) else None)
        page.goto((site / rel).as_uri())
        page.wait_for_load_state('load')
        imgs = _loaded_images(page)
        text = page.inner_text('main')
        page.screenshot(path=str(shots_dir(tmp_path) / (rel.replace('/', '_').replace('.html', '.png'))), full_page=True)
    assert len(imgs) >= min_images, (rel, imgs)
    assert all(w >= 100 and h >= 60 for w, h in imgs[:min_images]), imgs
    for w in words: assert w in text, (rel, w)
    assert '#|' not in text
    assert not asked, asked

def test_navigation(site, tmp_path):
    "Follow sidebar links: home → Quickstart → Plots → home through the header."
    with chromium(tmp_path / 'profile') as page:
        page.goto((site / 'index.html').as_uri())
        page.click("nav#sidebar a:text-is('Quickstart')")
        page.wait_for_load_state('load')
        assert page.url.endswith('nbs/tutorials/01_quickstart.html'), page.url
        assert page.inner_text('main h1').startswith('Quickstart')
        assert page.get_attribute('nav#sidebar a.current', 'href') == '01_quickstart.html'
        page.click("nav#sidebar a:text-is('Plots')")
        page.wait_for_load_state('load')
        assert page.url.endswith('nbs/15_plots.html'), page.url
        assert page.inner_text('main h1').startswith('Plots')
        page.screenshot(path=str(shots_dir(tmp_path) / 'navigation_plots.png'))
        page.click('header a')
        page.wait_for_load_state('load')
        assert page.url.endswith('/index.html'), page.url
