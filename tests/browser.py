"Shared helpers of the real-browser tests: Debian chromium driven by Playwright (no browser download), a fresh profile each time."
import os, shutil
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = shutil.which('chromium') or '/usr/bin/chromium'
FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync']

def shots_dir(tmp: Path) -> Path:
    "Where screenshots go: $TMA_SCREENSHOTS when set (to look at them), else the test's temp folder."
    d = Path(os.environ.get('TMA_SCREENSHOTS') or tmp / 'screenshots')
    d.mkdir(parents=True, exist_ok=True)
    return d

@contextmanager
def chromium(profile: Path, width: int = 1280, height: int = 900):
    "A headless Debian chromium page with a fresh user-data dir (`--headless` comes from Playwright's headless mode)."
    if not Path(CHROMIUM).exists(): raise AssertionError("Debian chromium is missing: run scripts/setup.sh (apt-get install chromium)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(str(profile), executable_path=CHROMIUM, headless=True, args=FLAGS,
                                                   viewport={'width': width, 'height': height})
        try:
            ctx.set_default_timeout(30_000)
            yield ctx.pages[0] if ctx.pages else ctx.new_page()
        finally: ctx.close()
