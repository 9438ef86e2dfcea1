#!/usr/bin/env node
// Scores the held-out adversarial set: runs the built CLI over every lure and benign repository
// and prints one row per repository plus totals. Nothing in the set is executed; only Airlock runs.
//
//   node bench/adversarial/score.mjs                  # default rules
//   node bench/adversarial/score.mjs --no-indicators  # ioc/* and deps/known-malicious turned off
//   node bench/adversarial/score.mjs --both           # both modes, one after the other
//   options: --filter TEXT (ids containing TEXT), --json FILE (write the raw results),
//            --dir FOLDER (score another set of the same shape, e.g. bench/adversarial-beyond),
//            --cli PATH (the CLI entry to run instead of this checkout's dist/, to score another build)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const here = opt('--dir') ? resolve(opt('--dir')) : dirname(fileURLToPath(import.meta.url));
const cli = opt('--cli') ? resolve(opt('--cli')) : join(root, 'dist', 'cli', 'main.js');
const modes = argv.includes('--both') ? ['default', 'no-indicators'] : argv.includes('--no-indicators') ? ['no-indicators'] : ['default'];
const filter = opt('--filter');
const jsonOut = opt('--json');

if (!existsSync(cli)) {
  console.error(`score: ${relative(process.cwd(), cli)} not found; run \`npm run build\` at the repository root first.`);
  process.exit(2);
}

const SEV = ['critical', 'high', 'medium', 'low', 'info'];
const SEV_LETTER = { critical: 'C', high: 'H', medium: 'M', low: 'L', info: 'I' };

/** Every case: { kind: 'lure'|'benign', id, dir, expected, reviewOk } */
function cases() {
  const out = [];
  for (const kind of ['lure', 'benign']) {
    const base = join(here, kind === 'lure' ? 'lures' : 'benign');
    for (const id of readdirSync(base).sort()) {
      if (filter && !id.includes(filter)) continue;
      const dir = join(base, id);
      const doc = readFileSync(join(dir, kind === 'lure' ? 'LURE.md' : 'BENIGN.md'), 'utf8');
      const m = /\*\*Expected verdict:\*\*\s*`(block|review|pass)`/.exec(doc);
      if (!m) throw new Error(`${kind} ${id}: no "**Expected verdict:** \`...\`" line`);
      out.push({ kind, id, dir, expected: m[1], reviewOk: kind === 'benign' && /`review` acceptable/.test(doc) });
    }
  }
  return out;
}

function scan(dir, configFile) {
  const args = [cli, 'scan', dir, '--format', 'json', '--no-provenance', '--config', configFile];
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0 && r.status !== 1) return { error: (r.stderr || r.stdout || `exit ${r.status}`).trim().split('\n')[0] };
  try {
    return { report: JSON.parse(r.stdout) };
  } catch (e) {
    return { error: `unparseable JSON: ${e.message}` };
  }
}

function topRules(report, n = 3) {
  const best = new Map();
  for (const f of report.findings ?? []) {
    const s = SEV.indexOf(f.severity);
    if (s > 2) continue; // low/info do not move the verdict
    if (!best.has(f.ruleId) || s < best.get(f.ruleId)) best.set(f.ruleId, s);
  }
  return [...best.entries()]
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
    .slice(0, n)
    .map(([id, s]) => `${SEV_LETTER[SEV[s]]}:${id}`)
    .join(' ');
}

const isIndicatorRule = (id) => id.startsWith('ioc/') || id === 'deps/known-malicious';

function runMode(mode, all, seenIndicatorRules) {
  const tmp = mkdtempSync(join(tmpdir(), 'airlock-adversarial-'));
  try {
    const rules = {};
    if (mode === 'no-indicators') {
      rules['ioc/*'] = 'off';
      rules['deps/known-malicious'] = 'off';
      for (const id of seenIndicatorRules) rules[id] = 'off';
    }
    let configFile = join(tmp, 'airlock.json');
    writeFileSync(configFile, JSON.stringify({ rules }, null, 2));
    // If the CLI does not accept a wildcard rule id, fall back to the concrete ids.
    if (mode === 'no-indicators' && all.length) {
      const probe = scan(all[0].dir, configFile);
      if (probe.error) {
        delete rules['ioc/*'];
        configFile = join(tmp, 'airlock-concrete.json');
        writeFileSync(configFile, JSON.stringify({ rules }, null, 2));
        console.error(`score: wildcard "ioc/*" refused (${probe.error}); using ${Object.keys(rules).length} concrete rule ids`);
      }
    }
    const rows = [];
    for (const c of all) {
      const t0 = Date.now();
      const r = scan(c.dir, configFile);
      const verdict = r.error ? 'ERROR' : r.report.verdict;
      for (const f of r.report?.findings ?? []) if (isIndicatorRule(f.ruleId)) seenIndicatorRules.add(f.ruleId);
      const ok =
        c.kind === 'lure' ? verdict === 'block' : verdict === c.expected || (c.reviewOk && (verdict === 'pass' || verdict === 'review'));
      rows.push({
        ...c,
        verdict,
        ok,
        rules: r.error ? r.error.slice(0, 80) : topRules(r.report),
        indicatorFindings: (r.report?.findings ?? []).filter((f) => isIndicatorRule(f.ruleId)).length,
        ms: Date.now() - t0,
      });
    }
    return { mode, rows, config: rules };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function print({ mode, rows }) {
  const w = Math.max(...rows.map((r) => r.id.length), 4);
  console.log(`\n== mode: ${mode} ==`);
  console.log(`${'kind'.padEnd(6)} ${'id'.padEnd(w)} ${'expected'.padEnd(8)} ${'verdict'.padEnd(7)} ok  top rules (C/H/M)`);
  for (const r of rows) {
    const exp = r.reviewOk ? `${r.expected}|rev` : r.expected;
    console.log(`${r.kind.padEnd(6)} ${r.id.padEnd(w)} ${exp.padEnd(8)} ${r.verdict.padEnd(7)} ${r.ok ? 'ok ' : 'XX '} ${r.rules}`);
  }
  const count = (kind, v) => rows.filter((r) => r.kind === kind && r.verdict === v).length;
  const nl = rows.filter((r) => r.kind === 'lure').length;
  const nb = rows.filter((r) => r.kind === 'benign').length;
  const errors = rows.filter((r) => r.verdict === 'ERROR').length;
  console.log(`\nTotals (${mode})`);
  console.log(`  lures  (${nl}): block ${count('lure', 'block')} / review ${count('lure', 'review')} / pass ${count('lure', 'pass')}`);
  console.log(`  benign (${nb}): pass ${count('benign', 'pass')} / review ${count('benign', 'review')} / block ${count('benign', 'block')}`);
  if (errors) console.log(`  scan errors: ${errors}`);
  const leak = rows.filter((r) => r.indicatorFindings > 0);
  if (mode === 'no-indicators' && leak.length) console.log(`  WARNING: indicator findings still present in ${leak.map((r) => r.id).join(', ')}`);
  return errors;
}

const all = cases();
const seen = new Set();
const results = [];
let errors = 0;
// The no-indicators config also names every concrete ioc/* id seen, so run the default mode first
// when both are asked for.
for (const mode of modes) {
  const res = runMode(mode, all, seen);
  results.push(res);
  errors += print(res);
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(results, null, 2));
process.exit(errors ? 2 : 0);
