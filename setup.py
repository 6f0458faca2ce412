"Package build driven by settings.ini (the nbdev 2 layout): one source of truth for name, version and dependencies."
from configparser import ConfigParser
from pathlib import Path
import setuptools

cfg = ConfigParser(delimiters=['='])
cfg.read(Path(__file__).parent/'settings.ini', encoding='utf-8')
c = cfg['DEFAULT']
reqs = c.get('requirements', '').split()
dev = c.get('dev_requirements', '').split()
extras = {k[:-len('_requirements')]: v.split() for k, v in c.items() if k.endswith('_requirements') and k not in ('requirements', 'dev_requirements')}
scripts = [s.strip() for s in c.get('console_scripts', '').split() if s.strip()]

setuptools.setup(
    name=c['lib_name'], version=c['version'], description=c['description'],
    license='Apache-2.0', author=c['author'], author_email=c['author_email'],
    url=c['git_url'], python_requires='>=' + c['min_python'],
    packages=setuptools.find_namespace_packages(include=[c['lib_name'], c['lib_name'] + '.*'], exclude=['*.__pycache__']),   # data folders too (no warnings)
    include_package_data=True, package_data={c['lib_name']: ['data/*', 'data/**/*']},
    install_requires=reqs, extras_require={'dev': dev + sorted({r for v in extras.values() for r in v}), **extras},
    entry_points={'console_scripts': scripts, 'nbdev': [f"{c['lib_path']}={c['lib_path']}._modidx:d"]},
    long_description=(Path(__file__).parent/'README.md').read_text(encoding='utf-8') if (Path(__file__).parent/'README.md').exists() else '',
    long_description_content_type='text/markdown', zip_safe=False)
