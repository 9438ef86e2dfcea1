/**
 * One self-contained HTML page: no scripts, no network, no external fonts; readable on a phone
 * and in print. Every value from the scanned repository is escaped (and control/bidi characters
 * made visible) so the report itself cannot become an attack.
 */
import type { Behavior, Finding, ProvenanceSummary, Report, Severity, Surface, Verdict } from '../core/types.ts';
import { headline } from './headline.ts';
import { safeText } from './terminal-safe.ts';

const VERDICT_WORDS: Record<Verdict, string> = {
  block: 'Do not open, install or run this repository. It carries malicious code or a known indicator.',
  review: 'Read the findings below before you open, install or run this repository.',
  pass: 'Static analysis found nothing risky.',
};

/** HTML-escape untrusted text after making control and bidi characters visible. */
export function esc(s: string): string {
  return safeText(s).replace(/[&<>"']/g, ch => `&#${ch.charCodeAt(0)};`);
}

const KEYWORDS = new Set(
  'async await break case catch class const continue debugger default delete do else export extends finally for from function if import in instanceof let new of return static super switch this throw try typeof var void while with yield require module exports process eval Function'.split(
    ' ',
  ),
);
const TOKEN =
  /(\/\/.*$|\/\*.*?(?:\*\/|$))|("(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?|`(?:[^`\\]|\\.)*`?)|(\b\d[\w.]*\b)|([A-Za-z_$][\w$]*)|(⟨\d+ (?:spaces|whitespace)⟩)/g;

/** A small lexical highlighter for one line of code; everything stays escaped. */
export function highlight(line: string): string {
  const text = safeText(line);
  let out = '';
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    const [tok, comment, str, num, ident, hidden] = m;
    out += escRaw(text.slice(last, m.index));
    const cls = comment ? 'c' : str ? 's' : num ? 'n' : hidden ? 'h' : ident && KEYWORDS.has(ident) ? 'k' : undefined;
    out += cls ? `<span class="${cls}">${escRaw(tok)}</span>` : escRaw(tok);
    last = m.index + tok.length;
  }
  return out + escRaw(text.slice(last));
}

/** A message: its `backticked` parts as code, the rest escaped text. */
export function prose(s: string): string {
  return s
    .split(/`([^`\n]{1,400})`/)
    .map((part, i) => (i % 2 === 1 ? `<code>${esc(part)}</code>` : esc(part)))
    .join('');
}

function escRaw(s: string): string {
  return s.replace(/[&<>"']/g, ch => `&#${ch.charCodeAt(0)};`);
}

function loc(l: { file: string; line?: number }): string {
  return l.line === undefined ? l.file || '.' : `${l.file}:${l.line}`;
}

function findingAnchor(findings: readonly Finding[]): Map<string, string> {
  const map = new Map<string, string>();
  findings.forEach((f, i) => {
    const key = loc(f.location);
    if (!map.has(key)) map.set(key, `f${i + 1}`);
  });
  return map;
}

function surfaceRows(surfaces: readonly Surface[], findings: readonly Finding[]): string {
  return surfaces
    .map(
      s =>
        `<tr${rowFinding(s, findings)}><td><span class="trig">${esc(s.trigger)}</span></td><td>${esc(s.kind)}${s.name ? `<br><small>${esc(s.name)}</small>` : ''}</td><td><code>${esc(s.command ?? s.entry ?? '')}</code>${
          s.reaches.length
            ? `<br><small>loads ${s.reaches.length} local file${s.reaches.length === 1 ? '' : 's'}: ${s.reaches
                .slice(0, 8)
                .map(r => `<code>${esc(r)}</code>`)
                .join(', ')}${s.reaches.length > 8 ? ' …' : ''}</small>`
            : ''
        }</td><td><code>${esc(loc(s.location))}</code>${findingLink(s, findings)}</td></tr>`,
    )
    .join('\n');
}

/** The most severe finding at a surface's file and line, if any. */
function surfaceFinding(s: Surface, findings: readonly Finding[]): { f: Finding; i: number } | undefined {
  const i = findings.findIndex(
    f => f.location.file === s.location.file && (s.location.line === undefined || f.location.line === s.location.line),
  );
  const f = findings[i];
  return f === undefined || f.severity === 'info' ? undefined : { f, i };
}

function rowFinding(s: Surface, findings: readonly Finding[]): string {
  const hit = surfaceFinding(s, findings);
  return hit ? ` class="has-finding sev-${hit.f.severity}"` : '';
}

function findingLink(s: Surface, findings: readonly Finding[]): string {
  const hit = surfaceFinding(s, findings);
  return hit ? `<br><a class="flag" href="#f${hit.i + 1}">${hit.f.severity} finding ↓</a>` : '';
}

function frame(f: Finding): string {
  if (!f.snippet) return '';
  const rows = f.snippet.lines
    .map((text, i) => {
      const n = (f.snippet?.startLine ?? 1) + i;
      const mark = n === f.location.line ? ' class="hit"' : '';
      return `<tr${mark}><th>${n}</th><td>${highlight(text)}</td></tr>`;
    })
    .join('');
  return `<table class="frame">${rows}</table>`;
}

function findingCard(f: Finding, i: number, anchors: Map<string, string>): string {
  const chain = f.related?.length
    ? `<p class="chain">Chain: ${f.related
        .map(r => {
          const a = anchors.get(loc(r));
          return a ? `<a href="#${a}"><code>${esc(loc(r))}</code></a>` : `<code>${esc(loc(r))}</code>`;
        })
        .join(' → ')}</p>`
    : '';
  return `<article class="finding sev-${f.severity}" id="f${i + 1}">
<header><span class="sev">${f.severity.toUpperCase()}</span> <code class="rule">${esc(f.ruleId)}</code> <code class="where">${esc(loc(f.location))}</code></header>
<p class="msg">${prose(f.message)}</p>
${f.evidence ? `<p class="evidence"><b>Evidence</b> <code>${f.evidence.split('\n').map(esc).join('<br>')}</code></p>` : ''}
${f.triggers?.length ? `<p><b>Runs on</b> ${f.triggers.map(t => `<span class="trig">${t}</span>`).join(' ')}</p>` : ''}
${chain}
${f.remediation ? `<p><b>What to do</b> ${prose(f.remediation)}</p>` : ''}
${frame(f)}
</article>`;
}

function behaviorsSection(behaviors: readonly Behavior[]): string {
  if (behaviors.length === 0) return '';
  const byPid = new Map<number, Behavior[]>();
  const processes = behaviors.filter(b => b.kind === 'process');
  for (const p of processes) {
    const list = byPid.get(p.ppid ?? -1) ?? [];
    list.push(p);
    byPid.set(p.ppid ?? -1, list);
  }
  const pids = new Set(processes.map(p => p.pid));
  const roots = processes.filter(p => p.ppid === undefined || !pids.has(p.ppid));
  const tree = (b: Behavior, depth: number): string => {
    const kids = b.pid !== undefined && depth < 30 ? (byPid.get(b.pid) ?? []) : [];
    return `<li><code>${esc(b.summary)}</code>${kids.length ? `<ul>${kids.map(k => tree(k, depth + 1)).join('')}</ul>` : ''}</li>`;
  };
  const other = behaviors.filter(b => b.kind !== 'process');
  return `<section><h2>Observed in the sandbox</h2>
${
  roots.length
    ? `<h3>Process tree</h3><ul class="tree">${roots
        .slice(0, 200)
        .map(r => tree(r, 0))
        .join('')}</ul>`
    : ''
}
${
  other.length
    ? `<h3>Network, files and secrets</h3><table><thead><tr><th>Phase</th><th>Kind</th><th>What happened</th></tr></thead><tbody>${other
        .slice(0, 500)
        .map(b => `<tr><td>${esc(b.phase)}</td><td>${esc(b.kind)}</td><td><code>${esc(b.summary)}</code></td></tr>`)
        .join('')}</tbody></table>`
    : ''
}
</section>`;
}

const SEVERITY_ORDER: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

const STYLE = `
:root{--bg:#fff;--fg:#1b1f24;--mute:#59636e;--line:#d0d7de;--crit:#82071e;--high:#bc4c00;--med:#9a6700;--low:#0969da;--info:#59636e;--code:#f6f8fa}
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1100px;margin:0 auto;padding:16px}
h1{font-size:1.3rem;margin:.2rem 0}h2{font-size:1.1rem;margin:1.5rem 0 .5rem;border-bottom:1px solid var(--line)}
.verdict{padding:14px 16px;border-radius:8px;color:#fff}.verdict.block{background:var(--crit)}.verdict.review{background:var(--med)}.verdict.pass{background:#1a7f37}
.verdict p{margin:.2rem 0}.counts span{display:inline-block;margin-right:12px}
table{border-collapse:collapse;width:100%}td,th{border:1px solid var(--line);padding:4px 6px;vertical-align:top;text-align:left;overflow-wrap:anywhere}thead th{overflow-wrap:normal;white-space:nowrap}.map td:last-child code{white-space:nowrap}
code{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--code);padding:0 3px;border-radius:3px;white-space:pre-wrap;overflow-wrap:anywhere}
.trig{display:inline-block;font-size:12px;border:1px solid var(--line);border-radius:10px;padding:0 8px;background:var(--code)}
.finding{border:1px solid var(--line);border-left:6px solid var(--info);border-radius:6px;padding:8px 12px;margin:10px 0}
.finding header{display:flex;flex-wrap:wrap;gap:8px;align-items:baseline}.sev{font-weight:700}
.sev-critical{border-left-color:var(--crit)}.sev-critical .sev{color:var(--crit)}.sev-high{border-left-color:var(--high)}.sev-high .sev{color:var(--high)}
.sev-medium{border-left-color:var(--med)}.sev-medium .sev{color:var(--med)}.sev-low{border-left-color:var(--low)}.sev-low .sev{color:var(--low)}
.msg{margin:.3rem 0;font-weight:500}
.frame{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--code);margin-top:6px}
.frame th{color:var(--mute);width:1%;white-space:nowrap;text-align:right;user-select:none;border:0;padding:0 8px}
.frame td{border:0;white-space:pre-wrap;overflow-wrap:anywhere;padding:0 8px}.frame tr.hit{background:#fff8c5}
.k{color:#cf222e}.s{color:#0a3069}.c{color:#6e7781}.n{color:#0550ae}.h{background:#ffd8b5;color:#7d2c00;border-radius:3px;padding:0 2px}
.tree,.tree ul{list-style:none;padding-left:18px;margin:0}.tree li{margin:2px 0}.tree li::before{content:"└ ";color:var(--mute)}
footer{color:var(--mute);font-size:13px;margin:2rem 0}.reason{font-size:15px}.verdict code{color:var(--fg)}
tr.has-finding td:first-child{box-shadow:inset 4px 0 0 var(--info)}tr.has-finding.sev-critical td:first-child{box-shadow:inset 4px 0 0 var(--crit)}tr.has-finding.sev-high td:first-child{box-shadow:inset 4px 0 0 var(--high)}tr.has-finding.sev-medium td:first-child{box-shadow:inset 4px 0 0 var(--med)}.flag{font-size:12px;font-weight:600}
.notes li{margin:2px 0}
@media (max-width:640px){body{font-size:14px}td,th{padding:3px}.frame{font-size:12px}}
@media print{.verdict{color:#000;border:3px solid #000;background:none!important}.finding{break-inside:avoid}a{color:inherit;text-decoration:none}}
`;

function provenanceSection(p: ProvenanceSummary): string {
  const span = p.firstCommitDate && p.lastCommitDate ? `, ${p.firstCommitDate.slice(0, 10)} to ${p.lastCommitDate.slice(0, 10)}` : '';
  const rows = p.notable
    .slice(0, 50)
    .map(
      c =>
        `<li><code>${esc(c.sha.slice(0, 10))}</code> ${esc(c.date.slice(0, 10))} ${esc(`${c.author} <${c.authorEmail}>`)}: ${esc(c.subject)}${c.introduced.length > 0 ? ` — ${esc(c.introduced.join(', '))}` : ''}</li>`,
    )
    .join('');
  return `<section><h2>Provenance</h2><p>${p.commits} commit${p.commits === 1 ? '' : 's'}${p.shallow === true ? ' (shallow)' : ''}${esc(span)}, ${p.branches} branch${p.branches === 1 ? '' : 'es'}</p>${rows ? `<ul>${rows}</ul>` : ''}</section>`;
}

export function renderHtml(report: Report): string {
  const s = report.summary;
  const anchors = findingAnchor(report.findings);
  const head = headline(report);
  const byTrigger = [...report.executionMap];
  const grouped = SEVERITY_ORDER.map(sev => report.findings.map((f, i) => ({ f, i })).filter(x => x.f.severity === sev));
  const findingsHtml = grouped
    .flat()
    .map(({ f, i }) => findingCard(f, i, anchors))
    .join('\n');
  const title = `Airlock ${report.verdict.toUpperCase()}: ${report.target.path}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'">
<meta name="referrer" content="no-referrer">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<section class="verdict ${report.verdict}">
<h1>${report.verdict.toUpperCase()} · <span>${esc(report.target.path)}</span></h1>
<p>${VERDICT_WORDS[report.verdict]}</p>
${head.reason ? `<p class="reason"><b>Top reason:</b> ${prose(head.reason.sentence)} (<code>${esc(head.reason.ruleId)}</code> at <code>${esc(head.reason.where)}</code>)</p>` : ''}
${head.ifAlreadyRan ? `<p class="reason"><b>Already opened, installed or ran it?</b> Run <code>airlock hunt</code> now and follow docs/workstation.md ("I think I opened a malicious repository").</p>` : ''}
<p class="counts"><span>${s.critical} critical</span><span>${s.high} high</span><span>${s.medium} medium</span><span>${s.low} low</span><span>${s.info} info</span><span>${report.target.files} files</span><span>${report.timing.totalMs} ms</span>${report.createdAt ? `<span>scanned ${esc(report.createdAt.replace('T', ' ').slice(0, 19))} UTC</span>` : ''}${report.target.commit ? `<span>commit <code>${esc(report.target.commit.slice(0, 12))}</code></span>` : ''}</p>
</section>
<section>
<h2>What runs, and when</h2>
${byTrigger.length === 0 ? '<p>Nothing in this repository runs by itself on open, install, dev, build or test.</p>' : `<table class="map"><thead><tr><th>Trigger</th><th>Surface</th><th>What runs</th><th>Where</th></tr></thead><tbody>\n${surfaceRows(byTrigger, report.findings)}\n</tbody></table>`}
</section>
${behaviorsSection(report.behaviors ?? [])}
<section>
<h2>Findings (${report.findings.length})</h2>
${findingsHtml || '<p>None.</p>'}
</section>
${report.provenance ? provenanceSection(report.provenance) : ''}
${
  report.errors.length
    ? `<section><h2>Not fully analysed (${report.errors.length})</h2><ul>${report.errors
        .slice(0, 200)
        .map(e => `<li>${e.file ? `<code>${esc(e.file)}</code>: ` : ''}${esc(e.message)}</li>`)
        .join('')}</ul></section>`
    : ''
}
${(report.notes ?? []).length ? `<section class="notes"><h2>Notes</h2><ul>${(report.notes ?? []).map(n => `<li>${prose(n)}</li>`).join('')}</ul></section>` : ''}
<footer>Airlock ${esc(report.tool.version)} · ${esc(report.command)} · ${esc(report.target.kind)}${report.target.commit ? ` · commit <code>${esc(report.target.commit)}</code>` : ''}</footer>
</main>
</body>
</html>
`;
}

/** Batch index page: the verdict counts and total time, then one row per target linking to its own report page. */
export function renderHtmlIndex(
  rows: readonly { target: string; report?: Report; error?: string; ms: number }[],
  files: readonly string[],
): string {
  const verdictOf = (r: (typeof rows)[number]): string => (r.error !== undefined ? 'error' : (r.report?.verdict ?? 'error'));
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(verdictOf(r), (counts.get(verdictOf(r)) ?? 0) + 1);
  const totalMs = rows.reduce((sum, r) => sum + r.ms, 0);
  const countLine = ['block', 'review', 'pass', 'error']
    .filter(v => v !== 'error' || counts.has('error'))
    .map(v => `<span class="v-${v}">${counts.get(v) ?? 0} ${v}</span>`)
    .join('');
  const body = rows
    .map((r, i) => {
      const verdict = verdictOf(r);
      const f = r.report?.findings[0];
      const top = r.error ?? (f ? `${f.severity} ${f.ruleId}: ${f.message}` : '');
      const s = r.report?.summary;
      const tally = s ? `${s.critical} critical · ${s.high} high · ${s.medium} medium` : '';
      return `<tr><td class="target"><a href="${encodeURIComponent(files[i] ?? '')}"><code>${esc(r.target)}</code></a></td><td class="v-${verdict}">${esc(verdict.toUpperCase())}</td><td class="num">${esc(tally)}</td><td class="num">${seconds(r.ms)}</td><td>${prose(top)}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'">
<title>Airlock batch summary</title><style>${STYLE}.v-block{color:var(--crit);font-weight:700}.v-review{color:var(--med);font-weight:700}.v-pass{color:#1a7f37;font-weight:700}.v-error{color:var(--high)}td.target{min-width:16em;overflow-wrap:anywhere}td.num{white-space:nowrap;text-align:right}</style></head>
<body><main><h1>Airlock batch summary (${rows.length} target${rows.length === 1 ? '' : 's'})</h1>
<p class="counts">${countLine}<span>${seconds(totalMs)} in all</span></p>
<table><thead><tr><th>Target</th><th>Verdict</th><th>Findings</th><th>Time</th><th>Top finding</th></tr></thead><tbody>
${body}
</tbody></table></main></body></html>
`;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
