"""`tma serve` under load and abuse, on 127.0.0.1 through the installed command: 200 concurrent requests all answered, every
malformed request a 4xx within a second, the official `openai` client asking with a picture (plain and streaming), and
credentials in an endpoint URL never stored. `pytest -s` prints the figures."""
import base64, io, json, socket, sqlite3, struct, subprocess, sys, threading, time, zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
import http.client
import pytest
from PIL import Image

TMA = str(Path(sys.executable).parent / 'tma')
N = 200

def free_port():
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

def png(w=64, h=48, color='red') -> bytes:
    b = io.BytesIO(); Image.new('RGB', (w, h), color).save(b, format='PNG'); return b.getvalue()

def png_header_only(w, h) -> bytes:
    "A PNG that declares w x h pixels in a few dozen bytes (a decompression bomb's header)."
    chunk = lambda kind, data: struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(b'\0' * 64)) + chunk(b'IEND', b'')

def image_part(b:bytes) -> dict: return {'type': 'image_url', 'image_url': {'url': 'data:image/png;base64,' + base64.b64encode(b).decode()}}

def body(i=0, **kw) -> bytes:
    msg = [{'role': 'user', 'content': [image_part(png(color=(i % 256, 0, 0))), {'type': 'text', 'text': f'What is it?\n(A) cat{i}\n(B) dog\n(C) fox\n(D) owl'}]}]
    return json.dumps({'model': 'random', 'messages': msg, **kw}).encode()

@pytest.fixture(scope='module')
def server():
    port = free_port()
    p = subprocess.Popen([TMA, 'serve', '-m', 'random', '--port', str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = p.stdout.readline()
        assert 'serving' in line, (line, p.stderr.read() if p.poll() is not None else '')
        yield port
    finally:
        p.terminate()
        try: p.wait(15)
        except subprocess.TimeoutExpired: p.kill(); p.wait()

def post(port, data:bytes, path='/v1/chat/completions', timeout=30, headers=None):
    c = http.client.HTTPConnection('127.0.0.1', port, timeout=timeout)
    try:
        c.request('POST', path, data, {'Content-Type': 'application/json', **(headers or {})})
        r = c.getresponse(); return r.status, r.read()
    finally: c.close()

def raw(port, data:bytes, timeout=5) -> tuple:
    "Send raw bytes; the status code of the reply (None if the connection closed without one) and the seconds it took."
    t = time.perf_counter()
    with socket.create_connection(('127.0.0.1', port), timeout=timeout) as s:
        try: s.sendall(data)
        except OSError: pass   # the server may close while a big body is still being sent
        buf = b''
        try:
            while b'\r\n' not in buf:
                got = s.recv(4096)
                if not got: break
                buf += got
        except (socket.timeout, ConnectionResetError): pass
    code = int(buf.split(b' ')[1]) if buf.startswith(b'HTTP/1.1 ') else None
    return code, time.perf_counter() - t

def test_200_concurrent_requests_all_answered(server):
    go = threading.Barrier(N)
    def one(i):
        go.wait(30)
        t = time.perf_counter()
        try: code, data = post(server, body(i), timeout=60)
        except Exception as e: return type(e).__name__, None, time.perf_counter() - t
        return code, json.loads(data), time.perf_counter() - t
    t0 = time.perf_counter()
    with ThreadPoolExecutor(N) as ex: res = list(ex.map(one, range(N)))
    wall = time.perf_counter() - t0
    codes = [c for c, _, _ in res]
    lat = sorted(s for _, _, s in res)
    print(f"\n{N} concurrent requests: {codes.count(200)} answered 200, {N - codes.count(200)} not; wall {wall:.2f} s, "
          f"latency median {lat[N // 2]:.2f} s, max {lat[-1]:.2f} s")
    assert codes == [200] * N, sorted(set(map(str, codes)))
    assert all(r['choices'][0]['message']['content'] in 'ABCD' and r['usage']['prompt_tokens'] > 0 for _, r, _ in res)

BOMB = json.dumps({'messages': [{'role': 'user', 'content': [image_part(png_header_only(30000, 30000)), {'type': 'text', 'text': '(A) a\n(B) b'}]}]}).encode()
MALFORMED = {   # name: (request bytes, allowed status codes)
    'not json': (b'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n{"a":', {400}),
    'json array': (b'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n[]', {400}),
    'empty body': (b'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n', {400}),
    'negative content-length': (b'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n{}', {400}),
    'garbage content-length': (b'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}', {400}),
    'garbage request line': (b'HELLO\r\n\r\n', {400}),
    '50 MB body declared': (b'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 52428800\r\n\r\n' + b'{' * 65536, {413}),
    '50 MB body chunked': (b'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n' +
                           b''.join(b'%x\r\n' % (1 << 20) + b'x' * (1 << 20) + b'\r\n' for _ in range(34)), {413}),
    'decompression bomb 30000x30000': (None, {413}),
    'not a picture': (json.dumps({'messages': [{'role': 'user', 'content': [image_part(b'this is not an image at all'), {'type': 'text', 'text': 'x'}]}]}).encode(), {400}),
    'bad base64': (json.dumps({'messages': [{'role': 'user', 'content': [{'type': 'image_url', 'image_url': {'url': 'data:image/png;base64,@@@'}}]}]}).encode(), {400}),
    'image by http url': (json.dumps({'messages': [{'role': 'user', 'content': [{'type': 'image_url', 'image_url': {'url': 'http://example.com/a.png'}}]}]}).encode(), {400}),
    'no messages': (b'{"model": "random"}', {400}),
    'no user message': (b'{"messages": [{"role": "system", "content": "hi"}]}', {400}),
    'unknown part type': (b'{"messages": [{"role": "user", "content": [{"type": "audio"}]}]}', {400}),
    'wrong model': (b'{"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}', {404}),
    'stream not a bool': (b'{"stream": "yes", "messages": [{"role": "user", "content": "hi"}]}', {400}),
    'max_tokens 0': (b'{"max_tokens": 0, "messages": [{"role": "user", "content": "hi"}]}', {400}),
    'n = 3': (b'{"n": 3, "messages": [{"role": "user", "content": "hi"}]}', {400}),
    'deep nesting': (b'[' * 100000 + b']' * 100000, {400}),
    'bad tma_parts': (b'{"tma_parts": [["video", 9]], "messages": [{"role": "user", "content": "hi"}]}', {400}),
}

def test_malformed_requests_get_4xx_within_a_second(server):
    slow, wrong = [], []
    for name, (data, ok) in MALFORMED.items():
        if data is None: data = BOMB
        if not data.startswith((b'POST ', b'HELLO')):
            data = b'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n' % len(data) + data
        code, s = raw(server, data)
        if code not in ok: wrong.append((name, code))
        if s > 1: slow.append((name, round(s, 2)))
    for path, method, ok in [('/v1/embeddings', 'POST', 404), ('/v1/chat/completions', 'GET', 405), ('/nothing', 'GET', 404)]:
        t = time.perf_counter()
        c = http.client.HTTPConnection('127.0.0.1', server, timeout=5); c.request(method, path, b'{}' if method == 'POST' else None)
        r = c.getresponse(); code = r.status; msg = json.loads(r.read()); c.close()
        if code != ok or 'error' not in msg: wrong.append((f'{method} {path}', code))
        if time.perf_counter() - t > 1: slow.append((path, time.perf_counter() - t))
    print(f"\n{len(MALFORMED) + 3} malformed requests: {len(MALFORMED) + 3 - len(wrong)} got the expected 4xx, {len(slow)} took over 1 s")
    assert not wrong and not slow, (wrong, slow)
    assert post(server, body(1))[0] == 200   # and the server still answers

def test_openai_client_with_a_picture_plain_and_streaming(server):
    from openai import OpenAI
    cl = OpenAI(base_url=f'http://127.0.0.1:{server}/v1', api_key='EMPTY', max_retries=0, timeout=30)
    msg = json.loads(body(7))['messages']
    r = cl.chat.completions.create(model='random', messages=msg)
    assert r.choices[0].message.content in list('ABCD') and r.choices[0].finish_reason == 'stop'
    assert r.usage.prompt_tokens == r.usage.total_tokens - r.usage.completion_tokens and r.usage.prompt_tokens > 6
    chunks = list(cl.chat.completions.create(model='random', messages=msg, stream=True, stream_options={'include_usage': True}))
    assert all(c.object == 'chat.completion.chunk' for c in chunks)
    assert ''.join(c.choices[0].delta.content or '' for c in chunks if c.choices) == r.choices[0].message.content
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == 'stop' and chunks[-1].usage == r.usage
    assert [m.id for m in cl.models.list().data] == ['random']
    c = http.client.HTTPConnection('127.0.0.1', server, timeout=5); c.request('GET', '/health')
    assert json.loads(c.getresponse().read())['status'] == 'ok'

def test_credentials_in_the_endpoint_url_are_never_stored(server, tmp_path):
    db = tmp_path / 'r.db'
    r = subprocess.run([TMA, 'evaluate', '--endpoint', f'http://alice:s3cret@127.0.0.1:{server}/v1?api_key=sk-abc', '--endpoint-model', 'random',
                        '-g', 'grid-where', '--plans', '3', '--instances', '1', '--orders', '1', '--db', str(db), '--quiet'],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    dump = '\n'.join(sqlite3.connect(db).iterdump())
    assert 's3cret' not in dump and 'sk-abc' not in dump and 'alice' not in dump and '***@127.0.0.1' in dump
    assert 's3cret' not in r.stdout + r.stderr

def test_db_is_a_path_not_an_sqlite_uri(tmp_path):
    for name in ['a%41.db', 'r#1.db', 'r.db?mode=memory']:
        r = subprocess.run([TMA, 'evaluate', '-m', 'random', '-g', 'grid-where', '--plans', '2', '--instances', '1', '--orders', '1',
                            '--db', str(tmp_path / name), '--quiet', '--json'], capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr
        assert (tmp_path / name).is_file() and json.loads(r.stdout)['stats'][0]['calls'] == 2
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(('-wal', '-shm'))) == ['a%41.db', 'r#1.db', 'r.db?mode=memory']
