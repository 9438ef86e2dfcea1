// Scans every repository in a folder with the built CLI and prints, per repository, the verdict,
// the critical/high/medium counts, the rules behind them and the wall time; then the
// medium-and-above findings per rule over the whole corpus. Not part of `npm test` or CI: it needs
// checkouts of real repositories on disk (see docs/severity.md, "Measuring on real repositories").
//
// Usage: npm run build && node scripts/corpus.mjs DIR [--markdown FILE] [--reports DIR] [--only NAME,...]
//   DIR            a folder whose sub-folders are the repositories (git checkouts keep provenance)
//   --markdown F   also write the tables as markdown to F
//   --reports D    keep each JSON report as D/<name>.json (to compare runs)
//   --only A,B     scan only these sub-folders
//   --timeout S    give up on one repository after S seconds (default 300)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const option = name => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const valued = new Set(['--markdown', '--reports', '--only', '--timeout']);
const positional = args.filter((a, i) => !a.startsWith('--') && !valued.has(args[i - 1]));
if (positional.length !== 1) {
  console.error('usage: node scripts/corpus.mjs DIR [--markdown FILE] [--reports DIR] [--only NAME,...] [--timeout S]');
  process.exit(2);
}
const corpus = resolve(positional[0]);
const cli = new URL('../dist/cli/main.js', import.meta.url).pathname;
if (!existsSync(cli)) {
  console.error('dist/cli/main.js is missing: run `npm run build` first');
  process.exit(2);
}
const markdownFile = option('--markdown');
const reportsDir = option('--reports');
const only = option('--only')?.split(',');
const timeoutMs = Number(option('--timeout') ?? 300) * 1000;
if (reportsDir) mkdirSync(reportsDir, { recursive: true });

const names = readdirSync(corpus)
  .filter(n => statSync(join(corpus, n)).isDirectory())
  .filter(n => !only || only.includes(n))
  .sort();

const SEVERE = ['critical', 'high', 'medium'];
const rows = [];
const perRule = new Map(); // ruleId -> { critical, high, medium, repos: Set }

for (const name of names) {
  const dir = join(corpus, name);
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [cli, 'scan', dir, '--format', 'json', '--fail-on', 'never'], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    timeout: timeoutMs,
    // A scan busy in synchronous analysis never gets to a SIGTERM handler (webpack/webpack ran for
    // 50 minutes); a folder target leaves nothing to clean up, so the timeout kills outright.
    killSignal: 'SIGKILL',
    env: { ...process.env, NO_COLOR: '1' },
  });
  const ms = Math.round(performance.now() - t0);
  let report;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    const why = run.error ? run.error.message : `exit ${run.status}: ${(run.stderr || '').trim().split('\n')[0]}`;
    rows.push({ name, verdict: 'error', critical: 0, high: 0, medium: 0, files: 0, ms, reasons: why });
    process.stderr.write(`${name}: error (${why})\n`);
    continue;
  }
  if (reportsDir) writeFileSync(join(reportsDir, `${name}.json`), run.stdout);
  const counts = { critical: 0, high: 0, medium: 0 };
  const reasons = new Map();
  for (const f of report.findings) {
    if (!SEVERE.includes(f.severity)) continue;
    counts[f.severity] += 1;
    const key = `${f.ruleId} ${f.severity[0].toUpperCase()}`;
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
    const r = perRule.get(f.ruleId) ?? { critical: 0, high: 0, medium: 0, repos: new Set() };
    r[f.severity] += 1;
    r.repos.add(name);
    perRule.set(f.ruleId, r);
  }
  const reasonText = [...reasons].map(([k, n]) => (n > 1 ? `${k}×${n}` : k)).join(', ');
  rows.push({ name, verdict: report.verdict, ...counts, files: report.target.files, ms, reasons: reasonText });
  process.stderr.write(`${name}: ${report.verdict} (${ms} ms)\n`);
}

const tally = { block: 0, review: 0, pass: 0, error: 0 };
for (const r of rows) tally[r.verdict] += 1;
const totalMs = rows.reduce((s, r) => s + r.ms, 0);

const repoTable = [
  ['repository', 'verdict', 'crit', 'high', 'med', 'files', 'time', 'medium-and-above findings (rule, C/H/M × count)'],
  ...rows.map(r => [r.name, r.verdict, r.critical, r.high, r.medium, r.files, `${(r.ms / 1000).toFixed(1)} s`, r.reasons || '-']),
];
const ruleTable = [
  ['rule', 'critical', 'high', 'medium', 'repositories'],
  ...[...perRule]
    .sort((a, b) => b[1].repos.size - a[1].repos.size || a[0].localeCompare(b[0]))
    .map(([id, r]) => [id, r.critical, r.high, r.medium, r.repos.size]),
];
const summary = `${rows.length} repositories: ${tally.block} block, ${tally.review} review, ${tally.pass} pass${tally.error ? `, ${tally.error} error` : ''}; ${(totalMs / 1000).toFixed(1)} s in all`;

function plain(table) {
  const widths = table[0].map((_, c) => Math.max(...table.map(row => String(row[c]).length)));
  return table
    .map(row =>
      row
        .map((v, c) => String(v).padEnd(widths[c]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
function markdown(table) {
  const cell = v => String(v).replaceAll('|', '\\|');
  return [
    `| ${table[0].map(cell).join(' | ')} |`,
    `| ${table[0].map(() => '---').join(' | ')} |`,
    ...table.slice(1).map(row => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}

console.log(plain(repoTable));
console.log('');
console.log(perRule.size > 0 ? plain(ruleTable) : 'no medium-and-above findings');
console.log('');
console.log(summary);
if (markdownFile) {
  const md = [`${summary}\n`, markdown(repoTable), '', perRule.size > 0 ? markdown(ruleTable) : '_no medium-and-above findings_', ''];
  writeFileSync(markdownFile, md.join('\n'));
}
