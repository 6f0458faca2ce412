"Names: every category's plural reads right, and the committed WordNet clash table is current (where WordNet is installed)."
import importlib.util, re, sys
from pathlib import Path
import pytest
from tma_nb.taxonomy import plural_of, names_clash, default_taxonomy
from tma_nb.scenegraph import sg_taxonomy

ROOT = Path(__file__).resolve().parents[1]
CONNECTORS = ('of', 'with', 'on', 'and', 'under')
# nouns that keep one form (mass nouns and invariant plurals), and counters that make a mass noun countable
SAME = {'aircraft', 'bison', 'clothes', 'coffee', 'dango', 'deer', 'dice', 'fish', 'blowfish', 'jellyfish', 'grass', 'groceries', 'ground', 'hair',
        'moose', 'pants', 'sheep'}
COUNTERS = ('pieces of', 'heads of', 'cups of')   # 'pieces of meat on bone', 'heads of broccoli'
NATURAL = {'food': 'food items', 'garlic': 'garlic bulbs', 'sheet music': 'sheets of music'}   # chosen forms, read by eye

def all_categories():
    t = sg_taxonomy()   # the built-in taxonomy plus the scene-graph categories
    return [t[k] for k in t.ids]

def head_index(words):
    "Index of the head noun: the word before the first connector ('plate of spaghetti'), else the last word."
    for i, w in enumerate(words[1:], 1):
        if w in CONNECTORS: return i - 1
    return len(words) - 1

def plural_ok(name, plural) -> bool:
    if name in NATURAL: return plural == NATURAL[name]
    if any(plural == f'{c} {name}' for c in COUNTERS): return True
    w, pw = name.split(), plural.split()
    if w[head_index(w)] in SAME: return plural == name
    if plural == name: return False
    if len(w) != len(pw): return False
    h = head_index(w)
    if pw[:h] != w[:h]: return False                                    # modifiers stay as they are
    if pw[h] not in {plural_of(w[h]), w[h] + 's', w[h] + 'es'} and not (w[h].endswith('on') and pw[h] == w[h][:-2] + 'a') \
       and not (w[h].endswith('us') and pw[h] == w[h][:-2] + 'i'): return False   # the head noun is plural
    return True

def test_every_plural_reads_right():
    cats = all_categories()
    assert len(cats) > 800
    bad = [f'{c.id}: {c.name!r} -> {c.plural!r}' for c in cats if not plural_ok(c.name, c.plural)]
    assert not bad, bad

def test_plural_rule_can_fail():
    assert not plural_ok('meat on bone', 'meat on bones')      # the old plural: the head noun stayed singular
    assert not plural_ok('cup of coffee', 'cup of coffees')
    assert plural_ok('meat on bone', 'pieces of meat on bone') and plural_ok('cup of coffee', 'cups of coffee')
    assert plural_ok('sheep', 'sheep') and not plural_ok('dog', 'dog')

def test_plurals_and_names_are_unique():
    t = sg_taxonomy()
    seen = {}
    for k in t.ids:
        for s in {t[k].name, t[k].plural}: assert seen.setdefault(s, k) == k, f'{s!r} names both {seen[s]} and {k}'

def test_known_clashes():
    assert names_clash('dish', 'petri dish') and names_clash('disc', 'flying disc') and names_clash('lamp', 'candle')
    t = default_taxonomy()
    assert t.related('dish', 'petri dish') and not t.related('dish', 'apple')

@pytest.mark.skipif(not Path('/usr/share/wordnet/data.noun').exists() or importlib.util.find_spec('nltk') is None,
                    reason='needs WordNet (apt-get install wordnet-base) and nltk')
def test_clash_table_is_current():
    sys.path.insert(0, str(ROOT / 'tools'))
    import build_lexicon
    build_lexicon.main(['--check'])
