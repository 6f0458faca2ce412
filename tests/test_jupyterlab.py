"""The explorers in a real JupyterLab: start a server on 127.0.0.1, open the quickstart tutorial in headless Debian chromium,
run all cells, check that the explorer widgets render, click *Sample* and *Show* in the browser and see the gallery and the
chart appear; stop the server by its PID."""
from contextlib import contextmanager
import json, os, signal, socket, subprocess, sys, time, urllib.request
from pathlib import Path
import pytest
from browser import chromium, shots_dir

ROOT = Path(__file__).resolve().parents[1]
QUICKSTART = ROOT / 'nbs' / 'tutorials' / '01_quickstart.ipynb'

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

@contextmanager
def jupyterlab(tmp_path):
    "A JupyterLab server on 127.0.0.1 serving a copy of the quickstart (config, data and runtime folders all fresh)."
    work = tmp_path / 'work'; work.mkdir()
    nb = json.loads(QUICKSTART.read_text())      # committed notebooks carry no kernel metadata (nbdev_clean): name the kernel
    nb['metadata']['kernelspec'] = {'name': 'python3', 'display_name': 'Python 3 (ipykernel)', 'language': 'python'}
    (work / QUICKSTART.name).write_text(json.dumps(nb))
    port = _free_port()
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / 'cfg'), JUPYTER_RUNTIME_DIR=str(tmp_path / 'rt'),
               IPYTHONDIR=str(tmp_path / 'ipy'), JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / 'ws'))
    cmd = [sys.executable, '-m', 'jupyterlab', '--ip=127.0.0.1', f'--port={port}', '--no-browser', '--allow-root',
           "--ServerApp.token=''", "--ServerApp.password=''", f'--ServerApp.root_dir={work}', '--LabApp.news_url=None',
           '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate', f'--LabApp.workspaces_dir={tmp_path / "ws"}']
    log = open(tmp_path / 'lab.log', 'w')
    proc = subprocess.Popen(cmd, cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f'http://127.0.0.1:{port}'
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None: raise AssertionError(f'JupyterLab exited with {proc.returncode}: {(tmp_path / "lab.log").read_text()[-2000:]}')
            try:
                with urllib.request.urlopen(f'{url}/lab', timeout=5) as r:
                    if r.status == 200: break
            except OSError: pass
            if time.monotonic() > deadline: raise AssertionError('JupyterLab did not answer within 90 s')
            time.sleep(0.5)
        yield url, work
    finally:
        os.kill(proc.pid, signal.SIGTERM)        # the server shuts its kernels down on TERM
        try: proc.wait(timeout=30)
        except subprocess.TimeoutExpired: os.kill(proc.pid, signal.SIGKILL); proc.wait(timeout=10)
        log.close()

@pytest.fixture
def lab(tmp_path):
    with jupyterlab(tmp_path) as served: yield served

def test_quickstart_explorers_in_jupyterlab(lab, tmp_path):
    url, work = lab
    shots = shots_dir(tmp_path)
    with chromium(tmp_path / 'profile', width=1400, height=1000) as page:
        try:
            page.goto(f'{url}/lab/tree/{QUICKSTART.name}?reset')
            page.wait_for_selector('.jp-NotebookPanel .jp-Notebook .jp-Cell', timeout=60_000)
            try:   # JupyterLab may ask which kernel to start: take the default (Python 3)
                page.locator('.jp-Dialog .jp-mod-accept').click(timeout=15_000)
            except Exception: pass
            page.wait_for_function("() => document.querySelector('.jp-Notebook-ExecutionIndicator')?.dataset.status === 'idle'"
                                   " && !document.querySelector('.jp-Dialog')", timeout=60_000)   # kernel up
            page.click('.lm-MenuBar-item:has-text("Run")')
            page.click('.lm-Menu-item:has-text("Run All Cells")')
            # the explorers are the last two outputs; rendering them takes the whole notebook to run first
            results = page.locator('.tma-results-explorer').last      # the last output: every cell before it has run
            results.wait_for(state='attached', timeout=300_000)
            explorer = page.locator('.tma-task-explorer').last
            explorer.wait_for(state='attached', timeout=10_000)
            explorer.scroll_into_view_if_needed()
            explorer.wait_for(state='visible', timeout=10_000)
            assert 'plans' in explorer.locator('.tma-count').inner_text()
            gallery = explorer.locator('.tma-gallery img')
            assert gallery.count() == 0                                  # nothing sampled yet
            explorer.scroll_into_view_if_needed()
            explorer.locator('button:has-text("Sample")').click()
            page.wait_for_function("n => document.querySelectorAll('.tma-task-explorer .tma-gallery img').length >= n", arg=4, timeout=60_000)
            sizes = gallery.evaluate_all('els => els.map(e => e.complete ? e.naturalWidth : 0)')
            assert len(sizes) == 4 and all(w > 100 for w in sizes), sizes
            assert explorer.inner_text().count('?') >= 4               # the questions under the pictures
            explorer.screenshot(path=str(shots / 'jupyterlab_task_explorer.png'))
            chart = results.locator('.tma-results-chart')
            assert chart.evaluate('e => e.naturalWidth') == 0            # no chart before the click
            results.scroll_into_view_if_needed()
            results.locator('button:has-text("Show")').click()
            page.wait_for_function("() => { const e = document.querySelector('.tma-results-explorer .tma-results-chart');"
                                   " return e && e.complete && e.naturalWidth > 100 }", timeout=60_000)
            page.wait_for_function("() => (document.querySelector('.tma-results-explorer .tma-results-table')?.innerText || '').includes('probe-nocolor')",
                                   timeout=30_000)   # widget updates arrive as separate messages
            results.screenshot(path=str(shots / 'jupyterlab_results_explorer.png'))
            page.screenshot(path=str(shots / 'jupyterlab_page.png'))
        except Exception:
            page.screenshot(path=str(shots / 'jupyterlab_failure.png')); raise
