#!/usr/bin/env python
"""Build tma_nb/data/name_clashes.csv: pairs of category names where one could name the other's object by wording.

Uses WordNet 3.0 as Debian's `wordnet-base` ships it (/usr/share/wordnet), read with nltk's WordNetCorpusReader (no download),
over every name of the scene-graph taxonomy (the built-in taxonomy plus the scene-graph categories). Three rules:
  words:   A's words (lemmatised, spelling variants such as disc/disk merged) occur in order inside B's ("dish" in "petri dish")
  wordnet: A's first WordNet sense is B's, or a hypernym of B's at most MAX_UP steps up and not too general
           (at most MAX_KINDS kinds below it: "container" or "person" are too general for a naming clash)
  kind:    A is a group of the taxonomy that names a natural kind (an animal, plant or food in WordNet: "mammal", "fish")
           and is a hypernym, at any depth, of a sense of B that agrees with the taxonomy (one below B's nearest ancestor
           that WordNet knows): a whale is a mammal although the taxonomy files it under "sea animal", so "mammal" must not
           be a wrong option beside a whale. The pair is also written for B's descendants ("spouting whale").
           Artifact groups keep the two-step rule: WordNet calls a car a "container", no reader would.
Pairs the taxonomy already relates (one is an ancestor of the other) are left out: the taxonomy covers them.
Columns: name,other,rule (name could be said of an `other` object). Deterministic; run `python tools/build_lexicon.py [--check]`.
"""
import csv, difflib, gzip, io, os, re, shutil, sys, tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / 'tma_nb' / 'data' / 'name_clashes.csv'
WORDNET = Path('/usr/share/wordnet')
LEXNAMES_MAN = Path('/usr/share/man/man5/lexnames.5WN.gz')
MAX_UP, MAX_KINDS = 2, 60
NATURAL_KINDS = {'noun.animal', 'noun.plant', 'noun.food'}   # WordNet lexicographer files whose hierarchy a reader shares at any depth
POS_CODE = {'adj': 3, 'adv': 4, 'noun': 1, 'verb': 2}

def wordnet(tmp):
    "A WordNetCorpusReader over a copy of Debian's WordNet files (nltk wants a `lexnames` file, which Debian ships only as a man page)."
    import nltk
    from nltk.corpus.reader.wordnet import WordNetCorpusReader
    if not (WORDNET / 'data.noun').exists(): raise SystemExit(f"{WORDNET} has no WordNet: apt-get install wordnet-base")
    for f in WORDNET.iterdir():
        if f.is_file(): shutil.copy(f, Path(tmp) / f.name)
    rows = [l.split('\t')[:2] for l in gzip.open(LEXNAMES_MAN, 'rt') if re.match(r'^\d\d\t', l)]
    (Path(tmp) / 'lexnames').write_text(''.join(f"{n}\t{x.strip()}\t{POS_CODE[x.split('.')[0]]}\n" for n, x in rows))
    nltk.data.path.append(str(tmp))
    class Reader(WordNetCorpusReader):
        def map_wn(self, version='wordnet'): return None   # no mapping to another WordNet version (it would look for nltk_data)
    return Reader(str(tmp), None)

def words(name): return re.findall(r"[a-z0-9']+", name.lower())

def head(name):
    "Head noun: the word before 'of'/'with'/'on'/'and' ('plate of spaghetti'), else the last word."
    w = words(name)
    for p in ('of', 'with', 'on', 'and', 'under'):
        if p in w[1:]: return w[w.index(p) - 1]
    return w[-1]

def first_sense(wn, text):
    s = wn.synsets(text.replace(' ', '_'), 'n')
    return s[0] if s else None

def canon_words(wn, names):
    "Each word's canonical form: its noun lemma, with spelling variants (a lemma of the other's first sense: disc/disk) merged."
    vocab = sorted({w for n in names for w in words(n)})
    lem = {w: (wn.morphy(w, 'n') or w) for w in vocab}
    forms = sorted(set(lem.values()))
    parent = {f: f for f in forms}
    def find(f):
        while parent[f] != f: f = parent[f]
        return f
    for f in forms:
        s = first_sense(wn, f)
        if s is None: continue
        for l in s.lemma_names():
            l = l.lower()
            if l in parent and l != f and difflib.SequenceMatcher(None, f, l).ratio() >= 0.75:   # a spelling variant, not a synonym
                a, b = sorted((find(f), find(l))); parent[b] = a
    return {w: find(lem[w]) for w in vocab}

def hypernyms(s): return s.hypernyms() + s.instance_hypernyms()

def is_a(t, a, b) -> bool:
    "Is name `a` filed under name `b` in taxonomy `t` (the hierarchy only, not the clashes themselves)?"
    return bool(t._anc[t.index[t.resolve(a)], t.index[t.resolve(b)]])

def contains(a, b):
    n = len(a)
    return any(b[i:i + n] == a for i in range(len(b) - n + 1))

def clashes(t, wn):
    names = sorted({t[k].name for k in t.ids})
    cw = canon_words(wn, names)
    seq = {n: [cw[w] for w in words(n)] for n in names}
    sense = {}
    for n in names:
        s = first_sense(wn, n)
        sense[n] = (s, True) if s is not None else (first_sense(wn, head(n)), False)
    def up(s):
        out, layer = {s}, {s}
        for _ in range(MAX_UP):
            layer = {h for x in layer for h in hypernyms(x)}
            out |= layer
        return out
    kinds = lambda s: sum(1 for _ in s.closure(lambda x: x.hyponyms() + x.instance_hyponyms()))
    ups = {n: up(s) if s is not None else set() for n, (s, _) in sense.items()}
    out = []
    for a in names:
        sa, full = sense[a]
        for b in names:
            if a == b or is_a(t, a, b) or is_a(t, b, a): continue
            if contains(seq[a], seq[b]): out.append((a, b, 'words'))
            elif full and sa is not None and sa in ups[b] and (sa == sense[b][0] or kinds(sa) <= MAX_KINDS): out.append((a, b, 'wordnet'))
    have = {(a, b) for a, b, _ in out}
    return out + [x for x in kind_clashes(wn, t, names, sense) if x[:2] not in have]

def agreeing_senses(wn, t, k, first) -> list:
    "Senses of category `k`'s name that lie below the first sense of its nearest ancestor WordNet knows (whale: the cetacean, not the giant)."
    senses = wn.synsets(t[k].name.replace(' ', '_'), 'n')
    if not senses: senses = wn.synsets(head(t[k].name), 'n')
    ancestors = sorted((a for a in t.ancestors(k) if a != k), key=lambda a: -int(t.depth[t.index[a]]))
    for a in ancestors:
        sa = first.get(t[a].name)
        if sa is None: continue
        agree = [s for s in senses if sa in set(s.closure(hypernyms))]
        if agree: return agree
    return []

def kind_clashes(wn, t, names, sense) -> list:
    "Rule `kind`: (group, category, 'kind') where WordNet puts the category under the natural-kind group at any depth."
    first = {n: s for n, (s, full) in sense.items() if full and s is not None}
    groups = sorted({t[k].name for k in t.ids if t.children(k)})
    above = {k: set().union(*[set(s.closure(hypernyms)) for s in agreeing_senses(wn, t, k, first)]) for k in t.ids}
    out = set()
    for a in groups:
        sa = first.get(a)
        if sa is None or sa.lexname() not in NATURAL_KINDS: continue
        for k in t.ids:
            b = t[k].name
            if b == a or is_a(t, a, b) or is_a(t, b, a) or sa not in above[k]: continue
            out |= {(a, t[d].name, 'kind') for d in t.subtree(k) if not is_a(t, a, t[d].name) and not is_a(t, t[d].name, a)}
    return sorted(out)

def table(t, wn) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator='\n')
    w.writerow(['name', 'other', 'rule'])
    w.writerows(clashes(t, wn))
    return buf.getvalue()

def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    from tma_nb.scenegraph import sg_taxonomy
    with tempfile.TemporaryDirectory() as tmp:
        text = table(sg_taxonomy(), wordnet(tmp))
    if '--check' in argv:
        if OUT.read_text(encoding='utf-8') != text: raise SystemExit(f"{OUT} is out of date: run python tools/build_lexicon.py")
        print(f"{OUT.name} is current ({text.count(chr(10)) - 1} pairs)")
        return
    OUT.write_text(text, encoding='utf-8')
    print(f"wrote {OUT} ({text.count(chr(10)) - 1} pairs)")

if __name__ == '__main__': main()
