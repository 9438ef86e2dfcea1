import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, scanFixture, tempRepo } from '../../../test/helpers/fixtures.ts';
import knownMalicious from '../../rules/deps/known-malicious/rule.ts';
import urlSource from '../../rules/deps/url-source/rule.ts';
import { parsePipfile, parsePipfileLock, parsePoetryLock, parsePyproject, parseSetupCfg, parseUvLock, parseUvToml } from './manifests.ts';
import { canonicalName, parseRequirement, pinnedVersion } from './pep508.ts';
import { parseRequirementsText } from './requirements.ts';
import { classifyPyTarget } from './source.ts';
import { MAX_INCLUDE_DEPTH, isRequirementsFile } from './tree.ts';

describe('PEP 508 and PEP 503', () => {
  it('normalises names', () => {
    assert.equal(canonicalName('Django_REST.framework'), 'django-rest-framework');
    assert.equal(canonicalName('zope--interface'), 'zope-interface');
  });

  it('reads names, extras, specifiers, markers and direct references', () => {
    assert.deepEqual(parseRequirement('uvicorn[standard]>=0.30,<1 ; python_version >= "3.9"'), {
      name: 'uvicorn',
      extras: ['standard'],
      specifier: '>=0.30,<1',
      marker: 'python_version >= "3.9"',
    });
    assert.deepEqual(parseRequirement('pkg @ https://example.invalid/pkg-1.0.tar.gz ; os_name == "nt"'), {
      name: 'pkg',
      extras: [],
      specifier: '',
      url: 'https://example.invalid/pkg-1.0.tar.gz',
      marker: 'os_name == "nt"',
    });
    assert.equal(parseRequirement('requests (>=2.0)')?.specifier, '>=2.0');
    assert.equal(parseRequirement('not a requirement'), undefined);
    assert.equal(parseRequirement('-e .'), undefined);
    assert.equal(pinnedVersion('==1.2.3'), '1.2.3');
    assert.equal(pinnedVersion('===1.0'), '1.0');
    assert.equal(pinnedVersion('==1.*'), undefined);
    assert.equal(pinnedVersion('>=1'), undefined);
  });

  it('classifies version-control URLs, archives and paths', () => {
    assert.deepEqual(classifyPyTarget('git+https://github.com/o/r.git@0123456789abcdef0123456789abcdef01234567#egg=r'), {
      kind: 'vcs',
      target: 'git+https://github.com/o/r.git@0123456789abcdef0123456789abcdef01234567#egg=r',
      insecure: false,
      unpinned: false,
    });
    assert.equal(classifyPyTarget('git+ssh://git@github.com/o/r.git@v1.2').unpinned, true);
    assert.equal(classifyPyTarget('git+http://198.51.100.4/r.git').insecure, true);
    assert.deepEqual(classifyPyTarget('http://example.invalid/p-1.0.tar.gz'), {
      kind: 'url',
      target: 'http://example.invalid/p-1.0.tar.gz',
      insecure: true,
    });
    assert.deepEqual(classifyPyTarget('file:///opt/wheels/p.whl'), { kind: 'local', target: '/opt/wheels/p.whl' });
    assert.deepEqual(classifyPyTarget('./libs/p'), { kind: 'local', target: './libs/p' });
  });
});

describe('requirements files', () => {
  it('joins continuations, drops comments, and reads options in every spelling', () => {
    const text = [
      '\uFEFF# top comment',
      '-rbase.txt',
      '--constraint=constraints.txt',
      '-i https://pypi.org/simple',
      '--extra-index-url ${EXTRA_INDEX}  # from the environment',
      '-f ./wheels',
      '--trusted-host example.invalid',
      '--require-hashes',
      'django==5.1.4 \\',
      '    --hash=sha256:aaa \\',
      '    --hash=sha256:bbb',
      '    # via something',
      '-e .',
      '--editable=git+https://example.invalid/x.git#egg=x',
      'pkg @ https://example.invalid/pkg.whl',
      'requests>=2 ; python_version >= "3.8"  # comment',
      'flask#not-a-comment',
    ].join('\r\n');
    const f = parseRequirementsText(text);
    assert.deepEqual(
      f.options.map(o => [o.name, o.value, o.line]),
      [
        ['requirement', 'base.txt', 2],
        ['constraint', 'constraints.txt', 3],
        ['index-url', 'https://pypi.org/simple', 4],
        ['extra-index-url', '${EXTRA_INDEX}', 5],
        ['find-links', './wheels', 6],
        ['trusted-host', 'example.invalid', 7],
        ['require-hashes', undefined, 8],
      ],
    );
    assert.deepEqual(
      f.requirements.map(r => [r.line, r.text, r.editable, r.hashes]),
      [
        [9, 'django==5.1.4', false, 2],
        [13, '.', true, 0],
        [14, 'git+https://example.invalid/x.git#egg=x', true, 0],
        [15, 'pkg @ https://example.invalid/pkg.whl', false, 0],
        [16, 'requests>=2 ; python_version >= "3.8"', false, 0],
        [17, 'flask#not-a-comment', false, 0],
      ],
    );
    assert.deepEqual(f.problems, []);
  });

  it('reports what pip would reject', () => {
    const f = parseRequirementsText('--frobnicate\n-r\nrequests --index-url https://example.invalid\n--hash=sha256:abc\n');
    assert.deepEqual(f.problems, [
      'line 1: unknown option --frobnicate',
      'line 2: --requirement needs a value',
      'line 3: --index-url must be on its own line',
      'line 4: --hash applies to a requirement, not to the file',
    ]);
  });

  it('knows requirements file names', () => {
    for (const p of [
      'requirements.txt',
      'requirements-dev.txt',
      'dev-requirements.in',
      'constraints.txt',
      'requirements/base.txt',
      'x/reqs/prod.txt',
    ])
      assert.equal(isRequirementsFile(p), true, p);
    for (const p of ['README.txt', 'requirements.md', 'notes/base.txt']) assert.equal(isRequirementsFile(p), false, p);
  });
});

describe('Python manifests and lockfiles', () => {
  it('reads pyproject.toml: PEP 621, dependency groups, build requires, Poetry, PDM, Hatch and uv', () => {
    const m = parsePyproject(
      [
        '[project]',
        'name = "x"',
        'dependencies = ["fastapi>=0.110", "httpx==0.27.2"]',
        '[project.optional-dependencies]',
        'dev = ["pytest"]',
        '[dependency-groups]',
        'lint = ["ruff", {include-group = "dev"}]',
        '[build-system]',
        'requires = ["setuptools>=61"]',
        '[tool.poetry.dependencies]',
        'python = "^3.11"',
        'flask = "3.0.3"',
        'lib = { git = "https://github.com/o/lib.git", rev = "0123456789abcdef0123456789abcdef01234567" }',
        '[[tool.poetry.source]]',
        'name = "corp"',
        'url = "https://example.invalid/simple"',
        'priority = "explicit"',
        '[tool.pdm.dev-dependencies]',
        'test = ["coverage"]',
        '[tool.hatch.envs.default]',
        'dependencies = ["mypy"]',
        '[tool.uv]',
        'extra-index-url = ["https://download.pytorch.org/whl/cpu"]',
        '[tool.uv.sources]',
        'httpx = { git = "https://example.invalid/httpx.git", branch = "main" }',
      ].join('\n'),
    );
    assert.deepEqual(m.problems, []);
    assert.deepEqual(
      m.deps.map(d => [d.name, d.version ?? '', d.source.kind, d.line ?? 0]),
      [
        ['fastapi', '', 'index', 3],
        ['httpx', '0.27.2', 'vcs', 3],
        ['pytest', '', 'index', 5],
        ['ruff', '', 'index', 7],
        ['setuptools', '', 'index', 9],
        ['flask', '3.0.3', 'index', 12],
        ['lib', '', 'vcs', 13],
        ['coverage', '', 'index', 19],
        ['mypy', '', 'index', 21],
        ['httpx', '', 'vcs', 25],
      ],
    );
    assert.equal(m.deps[6]?.source.unpinned, false);
    assert.deepEqual(
      m.indexes.map(i => [i.option, i.url, i.primary, i.line]),
      [
        ['source', 'https://example.invalid/simple', false, 16],
        ['extra-index-url', 'https://download.pytorch.org/whl/cpu', false, 23],
      ],
    );
  });

  it('reads Pipfile and Pipfile.lock', () => {
    const p = parsePipfile(
      '[[source]]\nurl = "https://pypi.org/simple"\nverify_ssl = true\nname = "pypi"\n\n[packages]\nrequests = "*"\nlocal = {path = "./local", editable = true}\n\n[dev-packages]\npytest = "==8.3.3"\n',
    );
    assert.deepEqual(
      p.deps.map(d => [d.name, d.source.kind, d.version ?? '', d.line]),
      [
        ['requests', 'index', '', 7],
        ['local', 'local', '', 8],
        ['pytest', 'index', '8.3.3', 11],
      ],
    );
    assert.deepEqual(p.indexes, [{ option: 'source', url: 'https://pypi.org/simple', primary: true, line: 2 }]);
    const l = parsePipfileLock(
      JSON.stringify({
        _meta: { sources: [{ url: 'http://example.invalid/simple', verify_ssl: false }] },
        default: { requests: { version: '==2.32.3', hashes: ['sha256:x'] }, x: { git: 'https://example.invalid/x.git', ref: 'main' } },
      }),
    );
    assert.deepEqual(
      l.deps.map(d => [d.name, d.version ?? '', d.source.kind, d.hashed === true]),
      [
        ['requests', '2.32.3', 'index', true],
        ['x', '', 'vcs', false],
      ],
    );
    assert.equal(l.indexes[0]?.noVerify, true);
  });

  it('reads poetry.lock and uv.lock sources', () => {
    const poetry = parsePoetryLock(
      [
        '[[package]]',
        'name = "lib"',
        'version = "1.0"',
        '[package.source]',
        'type = "git"',
        'url = "https://github.com/o/lib.git"',
        'reference = "main"',
        'resolved_reference = "0123456789abcdef0123456789abcdef01234567"',
        '[[package]]',
        'name = "priv"',
        'version = "2.0"',
        '[package.source]',
        'type = "legacy"',
        'url = "https://example.invalid/simple"',
        'reference = "corp"',
      ].join('\n'),
    );
    assert.deepEqual(
      poetry.deps.map(d => [d.name, d.version, d.source.kind, d.source.unpinned ?? false, d.line]),
      [
        ['lib', '1.0', 'vcs', false, 2],
        ['priv', '2.0', 'index', false, 10],
      ],
    );
    assert.deepEqual(poetry.indexes, [{ option: 'lock-source', url: 'https://example.invalid/simple', primary: false, line: 10 }]);
    const uv = parseUvLock(
      [
        'version = 1',
        '[[package]]',
        'name = "a"',
        'version = "1.0"',
        'source = { git = "https://example.invalid/a.git?branch=main#0123456789abcdef0123456789abcdef01234567" }',
        '[[package]]',
        'name = "b"',
        'version = "1.0"',
        'source = { registry = "https://pypi.org/simple" }',
      ].join('\n'),
    );
    assert.deepEqual(
      uv.deps.map(d => [d.name, d.source.kind, d.source.target ?? '']),
      [
        ['a', 'vcs', 'git+https://example.invalid/a.git@0123456789abcdef0123456789abcdef01234567'],
        ['b', 'index', ''],
      ],
    );
    assert.deepEqual(uv.indexes, [{ option: 'lock-source', url: 'https://pypi.org/simple', primary: false, line: 7 }]);
  });

  it('reads uv.toml index settings (a default index replaces PyPI)', () => {
    const m = parseUvToml(
      'extra-index-url = ["http://192.0.2.8/simple"]\n\n[[index]]\nname = "corp"\nurl = "https://example.invalid/simple"\ndefault = true\n',
    );
    assert.deepEqual(
      m.indexes.map(i => [i.option, i.url, i.primary, i.line]),
      [
        ['source', 'https://example.invalid/simple', true, 5],
        ['extra-index-url', 'http://192.0.2.8/simple', false, 1],
      ],
    );
  });

  it('reads setup.cfg install_requires and extras', () => {
    const m = parseSetupCfg(
      '[metadata]\nname = x\n\n[options]\ninstall_requires =\n    requests>=2\n    # comment\n    click==8.1.7 ; python_version >= "3.8"\nzip_safe = False\n\n[options.extras_require]\ndev = pytest\n',
    );
    assert.deepEqual(
      m.deps.map(d => [d.name, d.version ?? '', d.line]),
      [
        ['requests', '', 6],
        ['click', '8.1.7', 8],
        ['pytest', '', 12],
      ],
    );
  });

  it('turns bad TOML and JSON into problems, never exceptions', () => {
    assert.match(parsePyproject('[project\ndependencies = [').problems[0] ?? '', /not valid TOML/);
    assert.match(parsePipfileLock('{ not json').problems[0] ?? '', /JSON/);
    assert.deepEqual(parsePoetryLock('package = 3').problems, ['[[package]] is not a list of tables']);
  });
});

describe('bad input in a scanned repository', () => {
  it('follows -r chains inside the repository once each, stops cycles, and caps depth with a truncated error', async () => {
    const files: Record<string, string> = { 'requirements.txt': '-r r1.txt\n-r requirements.txt\n' };
    for (let i = 1; i <= MAX_INCLUDE_DEPTH + 4; i++) files[`r${i}.txt`] = `-r r${i + 1}.txt\npkg${i}==1.0\n`;
    const report = await scanFixture(tempRepo(files), { rules: [knownMalicious] });
    const deep = report.errors.filter(e => /include each other more than/.test(e.message));
    assert.equal(deep.length, 1);
    assert.equal(deep[0]?.kind, 'truncated');
    assert.equal(report.dependencies?.ecosystems?.[0]?.packages, MAX_INCLUDE_DEPTH - 1);
  });

  it('reports binary, CRLF-and-BOM, oversize and unparseable files without crashing', async () => {
    const big = 'requests==2.32.3\n'.repeat(1_100_000);
    const dir = tempRepo({
      'requirements.txt': Buffer.concat([Buffer.from('\u0000\u0001\u0002ELF'), Buffer.alloc(4096, 0)]),
      'svc/requirements.txt': '\uFEFFflask==3.0.3\r\n-r ../../outside.txt\r\n-r missing.txt\r\n',
      'big/requirements.txt': big,
      'pyproject.toml': '[project\nname = ',
    });
    const report = await scanFixture(dir, { rules: [knownMalicious, urlSource] });
    const byFile = (f: string): string[] => report.errors.filter(e => e.file === f).map(e => `${e.kind ?? '-'}: ${e.message}`);
    assert.deepEqual(byFile('requirements.txt'), [
      'unparseable: deps/known-malicious: not a text file: its Python dependencies were not read',
    ]);
    assert.equal(byFile('big/requirements.txt')[0]?.startsWith('too-large: larger than'), true);
    assert.match(
      byFile('pyproject.toml')[0] ?? '',
      /^unparseable: deps\/known-malicious: Python dependencies not fully read: not valid TOML/,
    );
    assert.deepEqual(byFile('svc/requirements.txt'), ['-: deps/known-malicious: line 3: -r missing.txt: no such file in the repository']);
    const outside = findingsOf(report, 'deps/url-source');
    assert.deepEqual(
      outside.map(f => [f.severity, f.location.file, f.location.line]),
      [['medium', 'svc/requirements.txt', 2]],
    );
    const eco = report.dependencies?.ecosystems?.find(e => e.ecosystem === 'pypi');
    assert.deepEqual(eco?.packages, 2);
  });
});
