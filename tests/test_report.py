"""The report card in a real browser: `tma report` writes one HTML file that opens in headless Debian chromium with every
network request refused, and every chart draws (an SVG with marks in each chart's box). A screenshot is kept ($TMA_SCREENSHOTS)."""
from pathlib import Path
import pytest
from browser import chromium, shots_dir

ROOT = Path(__file__).resolve().parents[1]

@pytest.fixture(scope='module')
def card(tmp_path_factory):
    d = tmp_path_factory.mktemp('card')
    from tma_nb.evaluate import evaluate
    from tma_nb.generator import get_generator
    for g in ['grid-how-many', 'geo-angle-type', 'geo-parallel']:
        s = get_generator(g).space
        plans = s.to_frame(s.sample_indices(6, seed=2))
        for m in ['random', 'first-option']: evaluate(m, plans, n_instances=2, n_orders=2, db=d / 'r.db', progress=False)
    from tma_nb.cli import main
    assert main(['report', '--db', str(d / 'r.db'), '--out', str(d / 'card.html'), '--boot', '30']) == 0
    return d / 'card.html'

def test_card_file(card):
    page = card.read_text()
    assert page.count('class="chart"') >= 4
    assert '<script src' not in page and 'cdn.' not in page.lower()

def test_card_offline_in_browser(card, tmp_path):
    "Every chart renders with the network blocked; nothing but the file itself is requested."
    asked = []
    with chromium(tmp_path / 'profile', height=1200) as page:
        page.route('**/*', lambda route: route.continue_() if route.request.url.startswith(('file:', 'data:', 'blob:')) else (asked.append(route.request.url), route.abort()))
        page.goto(card.as_uri())
        n = page.eval_on_selector_all('div.chart', 'els => els.length')
        page.wait_for_function(f'window.chartsRendered === {n}', timeout=60_000)
        marks = page.eval_on_selector_all('div.chart', 'els => els.map(e => e.querySelectorAll("svg path, svg rect, svg line, svg text").length)')
        failed = page.eval_on_selector_all('div.chart', 'els => els.filter(e => e.textContent.startsWith("chart failed")).length')
        page.screenshot(path=str(shots_dir(tmp_path) / 'report_card.png'), full_page=True)
    assert n >= 4 and failed == 0, (n, failed)
    assert all(m >= 10 for m in marks), marks
    assert not asked, asked
