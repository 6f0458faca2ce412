"""Documentation coverage of the package, module by module: for every public function and class in a module's `__all__`,
whether it has its own docstring and whether each of its parameters has a docment (`def f(x:int, # what x is`, read with
`fastcore.docments.docments`); and how many exported notebook cells define more than one public function or class.
Usage: python tools/doc_coverage.py [--names] [MODULE ...]   (MODULE as `plans` or `tma_nb.plans`; default: all)
Parameters counted: those of a function, and of a class the ones its own `__init__` takes (or its own dataclass fields);
`self`, `cls`, `*args`, `**kwargs` and private `_names` are not. Classes that inherit `__init__` are counted once, where it is defined."""
import argparse, ast, dataclasses, importlib, inspect, json, pkgutil, re, sys
from pathlib import Path
from fastcore.docments import docments

ROOT = Path(__file__).resolve().parents[1]
SKIP = {'self', 'cls'}

def modules() -> list:
    "Every public module of tma_nb, as `tma_nb.name`."
    import tma_nb
    return sorted(f'tma_nb.{m.name}' for m in pkgutil.iter_modules(tma_nb.__path__) if not m.name.startswith('_'))

def notebooks() -> dict:
    "Module name → its notebook (from `#| default_exp`)."
    out = {}
    for nb in sorted((ROOT / 'nbs').glob('*.ipynb')):
        for c in json.loads(nb.read_text(encoding='utf-8'))['cells']:
            m = re.search(r'^#\|\s*default_exp\s+(\S+)', ''.join(c['source']), re.M) if c['cell_type'] == 'code' else None
            if m: out[f'tma_nb.{m.group(1)}'] = nb; break
    return out

def _own_doc(o) -> str:
    "The object's own docstring (not inherited; a dataclass's generated `Name(field, ...)` does not count)."
    d = o.__dict__.get('__doc__') if inspect.isclass(o) else getattr(o, '__doc__', None)
    d = (d or '').strip()
    if inspect.isclass(o) and dataclasses.is_dataclass(o) and d.startswith(f'{o.__name__}('): return ''
    return d

def params(o) -> list:
    "Names of the parameters of `o` that should carry a docment."
    if inspect.isclass(o):
        if dataclasses.is_dataclass(o):
            own = o.__dict__.get('__annotations__', {})
            return [f.name for f in dataclasses.fields(o) if f.init and f.name in own and not f.name.startswith('_')]
        if '__init__' not in o.__dict__: return []
        o = o.__init__
    try: sig = inspect.signature(o)
    except (TypeError, ValueError): return []
    return [n for n, p in sig.parameters.items()
            if n not in SKIP and not n.startswith('_') and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]

def undocumented(o) -> list:
    "Parameters of `o` without a docment."
    ps = params(o)
    if not ps: return []
    if not inspect.isclass(o): o = inspect.unwrap(o)   # as nbdev's show_doc does (`lru_cache` wrappers)
    try: docs = docments(o, returns=False)
    except Exception: docs = {}
    return [p for p in ps if not (docs.get(p) or '').strip()]

def public(mod) -> list:
    "(name, object) for each function and class in the module's `__all__` that the module itself defines."
    out = []
    for n in getattr(mod, '__all__', []):
        o = getattr(mod, n, None)
        f = inspect.unwrap(o) if callable(o) and not inspect.isclass(o) else o
        if (inspect.isfunction(f) or inspect.isclass(f)) and getattr(f, '__module__', None) == mod.__name__: out.append((n, o))
    return out

def multi_cells(nb:Path, names:set) -> list:
    "Exported cells of notebook `nb` that define more than one of `names` (each as the sorted list of its names)."
    out = []
    for c in json.loads(nb.read_text(encoding='utf-8'))['cells']:
        src = ''.join(c['source']) if c['cell_type'] == 'code' else ''
        if not re.match(r'(?:\s*#\s*\|[^\n]*\n)*?\s*#\s*\|\s*exports?\b', src): continue
        try: tree = ast.parse('\n'.join(l for l in src.splitlines() if not l.lstrip().startswith(('%', '!'))))
        except SyntaxError: continue
        defs = sorted(s.name for s in tree.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and s.name in names)
        if len(defs) > 1: out.append(defs)
    return out

def coverage(modname:str) -> dict:
    "Coverage of one module: its public names, those without a docstring, parameters without a docment (`name.param`), multi-definition cells."
    mod = importlib.import_module(modname)
    pub = public(mod)
    nb = notebooks().get(modname)
    return dict(module=modname, notebook=nb.name if nb else None, names=[n for n, _ in pub],
                no_doc=[n for n, o in pub if not _own_doc(o)],
                no_docment=[f'{n}.{p}' for n, o in pub for p in undocumented(o)],
                params=sum(len(params(o)) for _, o in pub),
                multi=multi_cells(nb, {n for n, _ in pub}) if nb else [])

def report(mods=None) -> list:
    "Coverage of the given modules (default: every module)."
    return [coverage(m if m.startswith('tma_nb.') else f'tma_nb.{m}') for m in (mods or modules())]

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('modules', nargs='*', help='modules to report (default: all)')
    ap.add_argument('--names', action='store_true', help='list the names missing docstrings or docments, and the multi-definition cells')
    ap.add_argument('--json', action='store_true', help='print the report as JSON')
    a = ap.parse_args()
    rs = report(a.modules)
    if a.json: print(json.dumps(rs, indent=1)); return
    print(f"{'module':28} {'notebook':34} {'names':>5} {'no doc':>6} {'params':>6} {'no docment':>10} {'multi cells':>11}")
    for r in rs:
        print(f"{r['module'][7:]:28} {r['notebook'] or '-':34} {len(r['names']):5} {len(r['no_doc']):6} {r['params']:6} {len(r['no_docment']):10} {len(r['multi']):11}")
        if a.names:
            if r['no_doc']: print('    no docstring:', ', '.join(r['no_doc']))
            if r['no_docment']: print('    no docment:', ', '.join(r['no_docment']))
            for m in r['multi']: print('    one cell defines:', ', '.join(m))
    t = lambda k: sum(len(r[k]) for r in rs)
    print(f"{'total':63} {t('names'):5} {t('no_doc'):6} {sum(r['params'] for r in rs):6} {t('no_docment'):10} {t('multi'):11}")

if __name__ == '__main__': main()
