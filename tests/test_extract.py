"Property-based tests of answer extraction: letters and option texts in any usual form come back as their option, never a guess otherwise."
import csv, io
from importlib.resources import files
from hypothesis import given, settings, strategies as st, HealthCheck
from tma_nb.extract import extract, Extraction, RULES, LETTERS
from tma_nb.models import LETTERS as MODEL_LETTERS

NAMES = [r['name'] for r in csv.DictReader(io.StringIO((files('tma_nb') / 'data' / 'taxonomy.csv').read_text(encoding='utf-8')))]
VALUES = ['above', 'below', 'to the left', 'to the right', 'above and to the left', 'above and to the right', 'below and to the left',
          'below and to the right', 'top left', 'top right', 'bottom left', 'bottom right', 'center', 'red', 'blue', 'green', 'yellow', 'black',
          'gray', 'white', 'upright', 'upside down', 'rotated clockwise', 'rotated counterclockwise', 'pixel art', 'sketch', 'silhouette', 'cartoon', 'flat']
VOCAB = sorted(set(NAMES + VALUES))
NUMBERS = [str(i) for i in range(1, 10)]
SETTINGS = dict(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

def contains(a:str, b:str) -> bool:
    "Whether option text `b` occurs as whole words in `a` (or a plural of it does)."
    a, b = f" {a.replace('-', ' ')} ", b.replace('-', ' ')
    return any(f' {f} ' in a for f in (b, b + 's', b + 'es', b[:-1] + 'ies'))

def overlapping(opts) -> bool:
    return any(x != y and (contains(x, y) or contains(y, x)) for x in opts for y in opts)

options = st.one_of(st.lists(st.sampled_from(VOCAB), min_size=2, max_size=10, unique=True),
                    st.lists(st.sampled_from(NUMBERS), min_size=2, max_size=9, unique=True))
LETTER_FORMS = ['{L}', '{l}', '({L})', '[{L}]', '{L}.', '{l})', 'Option {L}', '**{L}**', '\\boxed{{{L}}}', 'The answer is {L}.', 'Answer: ({L})',
                'the correct option is {l}', 'I choose {L}.', '{L} is the correct answer.', '{L}. {O}', '({L}) {O}', '{L}, because it is in the corner.',
                'Looking at the image, the correct option is ({L}) {O}.', '<think>Maybe (A) or (B)?</think>\n{L}', 'The object is there. Therefore, {L}.']

@settings(**SETTINGS)
@given(opts=options, data=st.data(), form=st.sampled_from(LETTER_FORMS))
def test_letters_extract_to_their_option(opts, data, form):
    i = data.draw(st.integers(0, len(opts) - 1))
    reply = form.format(L=LETTERS[i], l=LETTERS[i].lower(), O=opts[i])
    assert extract(reply, opts).index == i, (reply, opts, extract(reply, opts))

TEXT_FORMS = ['{O}', '{U}', '{O}.', 'The {O}.', 'The answer is {O}.', 'Answer: {O}', 'It is the {O}.', 'I think it is the {O}.']

@settings(**SETTINGS)
@given(opts=options.filter(lambda o: not overlapping(o)), data=st.data(), form=st.sampled_from(TEXT_FORMS))
def test_option_text_extracts_to_its_option(opts, data, form):
    i = data.draw(st.integers(0, len(opts) - 1))
    reply = form.format(O=opts[i], U=opts[i].upper())
    assert extract(reply, opts).index == i, (reply, opts, extract(reply, opts))

@settings(**SETTINGS)
@given(opts=options.filter(lambda o: not overlapping(o)), data=st.data())
def test_letter_and_other_text_is_a_conflict_never_a_guess(opts, data):
    i, j = data.draw(st.lists(st.integers(0, len(opts) - 1), min_size=2, max_size=2, unique=True))
    e = extract(f'({LETTERS[i]}) {opts[j]}', opts)
    assert (e.index, e.rule, e.candidates) == (None, 'conflict', (i, j)), e

@settings(**SETTINGS)
@given(opts=options, data=st.data())
def test_two_letters_are_ambiguous(opts, data):
    i, j = data.draw(st.lists(st.integers(0, len(opts) - 1), min_size=2, max_size=2, unique=True))
    e = extract(f'{LETTERS[i]} or {LETTERS[j]}', opts)
    assert (e.index, e.rule, e.candidates) == (None, 'ambiguous', tuple(sorted((i, j)))), e

@settings(**SETTINGS)
@given(reply=st.one_of(st.none(), st.text(max_size=300), st.text(alphabet='ABCDabcd()[]. *:\n,orandthe', max_size=60)), opts=options)
def test_any_text_gives_a_valid_deterministic_outcome(reply, opts):
    e = extract(reply, opts)
    assert isinstance(e, Extraction) and e.rule in RULES and e == extract(reply, opts)
    assert (e.index is None) or (0 <= e.index < len(opts) and not e.candidates)

def test_letters_match_the_prompt_letters():
    assert LETTERS == MODEL_LETTERS
