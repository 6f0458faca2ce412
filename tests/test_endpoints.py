"""The OpenAI-compatible adapter and server end to end, over real HTTP on 127.0.0.1 (no mocks): the same answers direct and
served, deliberately failing servers, an unreachable URL, the concurrency limit, the server's errors, and the `tma` commands."""
import hashlib, json, socket, subprocess, sys, threading, time, urllib.error, urllib.request
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
import pytest
import tma_nb.stickers
from tma_nb.generator import get_generator
from tma_nb.models import Model, Prompt, Reply, Request, get_model, list_models
from tma_nb.endpoints import OpenAIModel, Server
from tma_nb.taxonomy import TmaError

TMA = str(Path(sys.executable).parent / 'tma')
ORDERS = [[0, 1, 2, 3], [1, 2, 3, 0], [2, 3, 0, 1], [3, 0, 1, 2], [3, 2, 1, 0]]

def free_port():
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

_INS = {}
def instances(n=20, seed=0):
    if (n, seed) not in _INS:
        g = get_generator('grid-what')
        _INS[n, seed] = [g.generate(p, index=0, seed=0) for p in g.space.plans(g.space.sample_indices(n, seed))]
    return _INS[n, seed]

def requests(n=20):
    "n plans x 5 option orders of real grid-what instances."
    return [Prompt().request(i, o) for i in instances(n) for o in ORDERS]

PROBES = [m['name'] for m in list_models() if m['name'] == 'probe-base']   # the other probes take the same path

@pytest.mark.parametrize('name', ['random', 'first-option', *PROBES])
def test_same_replies_direct_and_served(name):
    try: model = get_model(name)
    except TmaError as e: pytest.skip(f'{name} not available: {e}')
    reqs = requests()
    assert len(reqs) >= 100
    direct = model.generate(reqs)
    with Server(model, port=0) as srv:
        remote = OpenAIModel(srv.url, concurrency=4)
        assert remote.check() == [name] and remote.name == name
        served = remote.generate(reqs)
        assert srv.calls == len(reqs)
    assert all(r.error is None for r in served), [r.error for r in served if r.error][:3]
    assert [r.text for r in served] == [r.text for r in direct]
    # probes score options (sent back in an extension field); their scores move in the 5th decimal with the batch's make-up,
    # in process too (torch on CPU), and the server batches whatever arrives together
    assert [r.logprobs is None for r in served] == [r.logprobs is None for r in direct]
    assert all(a.logprobs is None or max(abs(x - y) for x, y in zip(a.logprobs, b.logprobs)) < 1e-4 for a, b in zip(served, direct))

def test_video_keeps_its_key():
    frames = [i.image for i in instances(4)]
    reqs = [Request([('video', frames[:k]), ('text', f'What changes?\n(A) a{k}\n(B) b\n(C) c')], [f'a{k}', 'b', 'c']) for k in range(1, 5)]
    with Server('random', port=0) as srv:
        assert [r.text for r in OpenAIModel(srv.url).generate(reqs)] == [r.text for r in get_model('random').generate(reqs)]

class Flaky(BaseHTTPRequestHandler):
    "An OpenAI-looking server whose chat completions misbehave as its `mode` says; it counts hits, per body, and concurrent requests."
    protocol_version = 'HTTP/1.1'
    def log_message(self, *a): pass
    def _send(self, code, body:bytes):
        self.send_response(code); self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(body))); self.end_headers(); self.wfile.write(body)
    def do_GET(self): self._send(200, b'{"object": "list", "data": [{"id": "m", "object": "model", "owned_by": "x"}]}')
    def do_POST(self):
        srv, raw = self.server, self.rfile.read(int(self.headers.get('Content-Length', 0)))
        with srv.lock:
            srv.hits += 1; srv.now += 1; srv.peak = max(srv.peak, srv.now)
            srv.times[hashlib.md5(raw).hexdigest()].append(time.monotonic())
        mode = 'ok' if srv.mode == 'some' and b'FAIL' not in raw else srv.mode
        try:
            time.sleep({'slow': 1.5, 'ok': 0.05}.get(mode, 0))
            self._send(500 if mode in ('500', 'some') else 200, {
                '500': b'{"error": {"message": "boom", "type": "server_error"}}', 'some': b'{"error": {"message": "boom"}}', 'slow': b'{}',
                'malformed': b'{"choices": [ this is not json', 'empty': b'{"id": "x", "object": "chat.completion", "created": 0, "model": "m", "choices": []}',
                'ok': b'{"id": "x", "object": "chat.completion", "created": 0, "model": "m", "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "B"}}]}'}[mode])
        except (BrokenPipeError, ConnectionResetError): pass
        finally:
            with srv.lock: srv.now -= 1

@pytest.fixture
def flaky():
    httpd = ThreadingHTTPServer(('127.0.0.1', 0), Flaky); httpd.daemon_threads = True
    httpd.lock, httpd.hits, httpd.now, httpd.peak, httpd.mode, httpd.times = threading.Lock(), 0, 0, 0, 'ok', defaultdict(list)
    httpd.url = f'http://127.0.0.1:{httpd.server_address[1]}/v1'
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd
    httpd.shutdown(); httpd.server_close()

@pytest.mark.parametrize('mode,tries,says', [('500', 3, 'HTTP 500: boom'), ('slow', 3, 'timed out after 0.5 s'),
                                              ('malformed', 1, 'malformed reply'), ('empty', 1, 'no choices')])
def test_failures_become_recorded_errors(flaky, mode, tries, says):
    flaky.mode = mode
    m = OpenAIModel(flaky.url, 'm', retries=2, timeout=0.5, concurrency=2)
    m.check()
    reps = m.generate(requests(1)[:2])
    assert all(r.text is None and says in r.error for r in reps), reps
    assert flaky.hits == 2 * tries, flaky.hits     # retried where it can help (5xx, timeouts), not on a bad body
    if mode == '500':                              # exponential backoff: about 0.5 s, then 1 s (less up to 25% jitter)
        for ts in flaky.times.values():
            gaps = [b - a for a, b in zip(ts, ts[1:])]
            assert 0.35 < gaps[0] < 0.75 and 0.7 < gaps[1] < 1.3, gaps

def test_a_failing_request_keeps_the_others(flaky):
    flaky.mode = 'some'
    reqs = [Request([('text', f"{'FAIL' if i % 3 == 0 else 'fine'} {i}\n(A) x\n(B) y")], ['x', 'y']) for i in range(9)]
    reps = OpenAIModel(flaky.url, 'm', retries=0, concurrency=3).generate(reqs)
    assert [r.error is not None for r in reps] == [i % 3 == 0 for i in range(9)]
    assert [r.text for r in reps if not r.error] == ['B'] * 6

@pytest.mark.parametrize('concurrency', [1, 3])
def test_concurrency_limit(flaky, concurrency):
    reps = OpenAIModel(flaky.url, 'm', concurrency=concurrency).generate(requests(4)[:12])
    assert [r.text for r in reps] == ['B'] * 12
    assert flaky.peak == concurrency, flaky.peak

def test_unreachable_endpoint_is_one_clear_line(tmp_path):
    port = free_port()
    with pytest.raises(TmaError, match=f'cannot reach the endpoint http://127.0.0.1:{port}/v1'):
        OpenAIModel(f'http://127.0.0.1:{port}/v1').check()
    r = subprocess.run([TMA, 'evaluate', '--endpoint', f'http://127.0.0.1:{port}/v1', '--plans', '2', '--db', str(tmp_path / 'r.db')],
                       capture_output=True, text=True)
    assert r.returncode == 2 and r.stderr.count('\n') == 1 and 'cannot reach' in r.stderr, r.stderr

def post(url, data:bytes):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data, {'Content-Type': 'application/json'}), timeout=10) as r: return r.status, json.load(r)
    except urllib.error.HTTPError as e: return e.code, json.load(e)

class Picky(Model):
    "Answers 'B' unless asked about 'boom' (crashes: 500) or 'nothing' (a TmaError: 400)."
    name = 'picky'
    def generate(self, requests):
        if any('boom' in r.text for r in requests): raise RuntimeError('boom')
        if any('nothing' in r.text for r in requests): raise TmaError('a picky model needs options')
        return [Reply('B') for r in requests]

def test_server_errors():
    with Server(Picky(), port=0) as srv:
        chat = srv.url + '/chat/completions'
        code, body = post(chat, b'{"messages": [')
        assert code == 400 and body['error']['type'] == 'invalid_request_error' and 'bad request' in body['error']['message']
        assert post(chat, b'[1, 2]')[0] == 400
        with urllib.request.urlopen(urllib.request.Request(chat, json.dumps({'model': 'picky', 'stream': True, 'messages': [{'role': 'user', 'content': '(A) x\n(B) y'}]}).encode()), timeout=10) as r:
            events = r.read().decode()   # server-sent events in OpenAI's chunk format
        assert r.headers['content-type'].startswith('text/event-stream') and events.endswith('data: [DONE]\n\n') and '"content": "B"' in events
        assert post(chat, json.dumps({'stream': 'yes', 'messages': [{'role': 'user', 'content': 'hi'}]}).encode())[0] == 400
        code, body = post(chat, json.dumps({'model': 'gpt-4o', 'messages': [{'role': 'user', 'content': 'hi'}]}).encode())
        assert code == 404 and body['error']['code'] == 'model_not_found'
        img = {'type': 'image_url', 'image_url': {'url': 'https://example.com/cat.png'}}
        assert post(chat, json.dumps({'messages': [{'role': 'user', 'content': [img]}]}).encode())[0] == 400
        assert post(srv.url + '/embeddings', b'{}')[0] == 404
        with urllib.request.urlopen(srv.url + '/models', timeout=10) as r: assert json.load(r)['data'][0]['id'] == 'picky'
        with pytest.raises(TmaError, match="does not serve 'gpt-4o'.*it lists picky"): OpenAIModel(srv.url, 'gpt-4o').check()
        reqs = [Request([('text', f'{w}\n(A) x\n(B) y')], ['x', 'y']) for w in ['fine', 'boom', 'nothing', 'fine']]
        reps = OpenAIModel(srv.url, retries=1, concurrency=4).generate(reqs)
        assert [r.text for r in reps] == ['B', None, None, 'B']
        assert 'HTTP 500' in reps[1].error and 'RuntimeError: boom' in reps[1].error
        assert 'HTTP 400' in reps[2].error and 'needs options' in reps[2].error
    with pytest.raises(TmaError, match='cannot be served'): Server('sim-color-weak', port=0)

def test_cli_serve_and_evaluate_match_direct(tmp_path):
    port = free_port()
    srv = subprocess.Popen([TMA, 'serve', '-m', 'random', '--port', str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert 'serving' in srv.stdout.readline()
        q = ['-g', 'grid-where', '--plans', '12', '--instances', '2', '--seed', '4', '--quiet', '--json']
        direct = subprocess.run([TMA, 'evaluate', '-m', 'random', '--db', str(tmp_path / 'a.db'), *q], capture_output=True, text=True)
        remote = subprocess.run([TMA, 'evaluate', '--endpoint', f'http://127.0.0.1:{port}/v1', '--endpoint-model', 'random',
                                 '--db', str(tmp_path / 'b.db'), *q], capture_output=True, text=True)
        assert direct.returncode == 0 and remote.returncode == 0, remote.stderr
        a, b = json.loads(direct.stdout)['results'], json.loads(remote.stdout)['results']
        assert [(r['generator'], r['accuracy'], r['answers']) for r in a] == [(r['generator'], r['accuracy'], r['answers']) for r in b]
        assert json.loads(remote.stdout)['stats'][0]['errors'] == 0
    finally:
        srv.terminate(); srv.wait()

def test_cli_serve_refuses_a_simulated_model():
    r = subprocess.run([TMA, 'serve', '-m', 'sim-color-weak', '--port', str(free_port())], capture_output=True, text=True, timeout=30)
    assert r.returncode == 2 and r.stderr.count('\n') == 1 and 'cannot be served' in r.stderr, r.stderr
