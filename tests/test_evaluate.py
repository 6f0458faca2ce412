"End-to-end tests of evaluation through the installed `tma` command: rerun costs, crash safety, bad inputs."
import json, os, random, signal, sqlite3, subprocess, sys, time
from pathlib import Path
import pytest

TMA = str(Path(sys.executable).parent / 'tma')
BASE = ['evaluate', '-m', 'sim-spatial-weak', '-g', 'grid-what', '-g', 'grid-where', '--plans', '40', '--instances', '3',
        '--orders', '3', '--seed', '5', '--quiet']

def tma(*args, **kw):
    return subprocess.run([TMA, *args], capture_output=True, text=True, **kw)

def stored(db):
    if not Path(db).exists(): return []
    con = sqlite3.connect(db)
    try: return sorted(con.execute('select item, reply, choice, correct, error from answers').fetchall())
    except sqlite3.DatabaseError: return []
    finally: con.close()

def test_rerun_makes_no_model_calls(tmp_path):
    db = str(tmp_path / 'r.db')
    r1 = tma(*BASE, '--db', db, '--json'); assert r1.returncode == 0, r1.stderr
    r2 = tma(*BASE, '--db', db, '--json'); assert r2.returncode == 0, r2.stderr
    s1, s2 = json.loads(r1.stdout)['stats'][0], json.loads(r2.stdout)['stats'][0]
    assert s1['calls'] == s1['items'] == 40 * 3 * 3 and s1['cached'] == 0
    assert s2['calls'] == 0 and s2['cached'] == s1['items']
    assert json.loads(r1.stdout)['results'] == json.loads(r2.stdout)['results']

def test_sigkill_at_random_points_loses_nothing(tmp_path):
    ref = str(tmp_path / 'ref.db')
    assert tma(*BASE, '--db', ref).returncode == 0
    full = stored(ref); total = len(full); assert total == 360
    rng, kills, partial, dbs = random.Random(0), 0, 0, 0
    db = str(tmp_path / 'k0.db')
    # kill runs at random points until 12 kills have been made and 8 of them left a partly filled store; a store that a run
    # completes (it can finish between the poll and the kill when the last batches come fast) is checked and replaced
    while (kills < 12 or partial < 8) and kills < 40:
        n0 = len(stored(db))
        # kill once the stored answers pass a random target between here and the end (plus a random instant),
        # or during start-up for the first two runs
        target = n0 + rng.randint(1, max(1, (total - n0) // 4))
        p = subprocess.Popen([TMA, *BASE, '--db', db], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if kills < 2: time.sleep(rng.uniform(0.1, 1.0))
        else:
            while p.poll() is None and len(stored(db)) < target: time.sleep(0.01)
            time.sleep(rng.uniform(0, 0.05))
        if p.poll() is None:
            p.send_signal(signal.SIGKILL); p.wait(); kills += 1
        n = len(stored(db)); partial += 0 < n < total
        if n == total:                           # finished: same answers as the uninterrupted run; go on with a new store
            assert stored(db) == full
            dbs += 1; db = str(tmp_path / f'k{dbs}.db')
    assert kills >= 12 and partial >= 8, (kills, partial)
    r = tma(*BASE, '--db', db); assert r.returncode == 0, r.stderr
    assert stored(db) == full                    # same answers, none lost, none duplicated

def test_bad_inputs_exit_2_with_one_line(tmp_path):
    bad = tmp_path / 'bad.db'; bad.write_bytes(b'not a database ' * 200)
    before = bad.read_bytes()
    r = tma(*BASE, '--db', str(bad))
    assert r.returncode == 2 and r.stderr.count('\n') == 1 and 'not a tma results database' in r.stderr
    assert bad.read_bytes() == before            # nothing written over it
    r = tma(*BASE, '--db', '/proc/tma_results.db')
    assert r.returncode == 2 and 'cannot' in r.stderr and r.stderr.count('\n') == 1
    r = tma('evaluate', '-m', 'probe-bsae', '--plans', '2', '--db', str(tmp_path / 'x.db'))
    assert r.returncode == 2 and 'unknown model' in r.stderr
    r = tma('results', '--db', str(tmp_path / 'missing.db'))
    assert r.returncode == 2 and 'no results database' in r.stderr

def test_results_survive_a_failed_later_run(tmp_path):
    db = str(tmp_path / 'r.db')
    assert tma(*BASE, '--db', db).returncode == 0
    before = stored(db)
    r = tma('evaluate', '-m', 'sim-spatial-weak', '-g', 'grid-where', '-w', 'target_category=dgo', '--db', db)
    assert r.returncode == 2 and stored(db) == before
