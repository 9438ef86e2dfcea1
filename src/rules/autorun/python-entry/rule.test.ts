import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { describeFixtures, scanFixture } from '../../../../test/helpers/fixtures.ts';
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
