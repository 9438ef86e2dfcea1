import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { describeFixtures, findingsOf, scanFixture } from '../../../../test/helpers/fixtures.ts';
import rule from './rule.ts';

describeFixtures(rule, import.meta.url);

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

it('manage.py reaches the settings module named by DJANGO_SETTINGS_MODULE, whose loader is critical on dev', async () => {
  const report = await scanFixture(fixture('match/django-settings-exec'));
  const surface = report.executionMap.find(s => s.kind === 'python-entry');
  assert.equal(surface?.trigger, 'dev');
  assert.deepEqual(surface.reaches, ['config/__init__.py', 'config/settings.py']);
  const rce = report.findings.find(f => f.ruleId === 'code/remote-code-execution');
  assert.deepEqual([rce?.severity, rce?.location.file, rce?.location.line, rce?.triggers], ['critical', 'config/settings.py', 13, ['dev']]);
  assert.match(
    rce?.message ?? '',
    /runs it as Python with `exec`; it runs when you run `python manage\.py runserver`: manage\.py → config\/settings\.py/,
  );
});

it('the Django starter reaches its apps, URLs and WSGI module through the settings', async () => {
  const report = await scanFixture(fixture('benign/django-starter'));
  const surface = report.executionMap.find(s => s.kind === 'python-entry' && s.entry === 'manage.py');
  assert.deepEqual(surface?.reaches, [
    'config/__init__.py',
    'config/settings.py',
    'config/urls.py',
    'config/wsgi.py',
    'polls/__init__.py',
    'polls/apps.py',
    'polls/urls.py',
    'polls/views.py',
  ]);
  assert.equal(report.verdict, 'pass');
});

it('a pytest plugin named with -p in pytest.ini runs on test', async () => {
  const report = await scanFixture(fixture('match/pytest-plugin'));
  const surface = report.executionMap.find(s => s.kind === 'pytest-plugin');
  assert.deepEqual([surface?.trigger, surface?.entry, surface?.location.line], ['test', 'tools/report_plugin.py', 2]);
  const dl = report.findings.find(f => f.ruleId === 'code/download-and-execute');
  assert.deepEqual([dl?.severity, dl?.location.file, dl?.location.line], ['critical', 'tools/report_plugin.py', 5]);
});

it("manage.py reaches each installed app's apps.py (its AppConfig.ready() runs at start) and what ready() imports", async () => {
  const report = await scanFixture(fixture('match/django-app-ready'));
  const surface = report.executionMap.find(s => s.kind === 'python-entry' && s.entry === 'manage.py');
  assert.deepEqual(surface?.reaches, ['shop/__init__.py', 'shop/apps.py', 'shop/signals.py', 'site/__init__.py', 'site/settings.py']);
  const rce = report.findings.find(f => f.ruleId === 'code/remote-code-execution');
  assert.deepEqual([rce?.severity, rce?.location.file, rce?.location.line, rce?.triggers], ['critical', 'shop/signals.py', 5, ['dev']]);
});

it('gunicorn.conf.py is a start surface whose hooks run in the server', async () => {
  const report = await scanFixture(fixture('match/gunicorn-hook'));
  const surface = report.executionMap.find(s => s.entry === 'gunicorn.conf.py');
  assert.deepEqual([surface?.trigger, surface?.command], ['start', 'gunicorn']);
  // One fact, one finding: the exfiltration is merged into the surface's finding, which it raises.
  assert.deepEqual(
    findingsOf(report, 'code/env-exfiltration').map(f => [f.severity, f.location.file, f.location.line]),
    [['critical', 'gunicorn.conf.py', 10]],
  );
});
