import { defineRule } from '../../../core/rule.ts';
import { isAutomatic, lateChangeSeverity } from '../../../core/policy.ts';
import { severityRank } from '../../../core/severity.ts';
import type { Finding, Surface, Trigger } from '../../../core/types.ts';
import type { Commit } from '../../../history/repo.ts';
import { addNotable, historyOf, isoDate, shortSha, who } from '../history.ts';

/** How many of the newest commits count as "late". */
const LATE_WINDOW = 5;
/** Files larger than this are not compared with their parent's copy. */
const MAX_BLOB_BYTES = 1024 * 1024;
/** Automation accounts whose commits bump versions and regenerate files. */
const BOT =
  /\[bot\]|(?:^|[^a-z])(?:dependabot|renovate|greenkeeper|snyk-bot|github-actions|changeset-bot|release-please|semantic-release-bot|allcontributors|imgbot)(?:[^a-z]|$)/i;
/** How far back findings are attributed to the commit that last changed their file. */
const ATTRIBUTION_WINDOW = 200;

const TRIGGER_WORDS: Record<Trigger, string> = {
  open: 'runs when you open the folder in your editor',
  install: 'runs on install',
  dev: 'runs on `npm run dev`',
  'page-load': 'runs when the app is opened in a browser',
  build: 'runs on build',
  start: 'runs on start',
  test: 'runs on test',
  lint: 'runs on lint',
  commit: 'runs on git commands',
  shell: 'runs when your shell enters the folder',
  readme: "runs when you follow the README's instructions",
};

/** JavaScript, TypeScript and Python files: code the code rules read, whose findings speak for it. */
const READ_CODE = /\.(?:[cm]?[jt]sx?|py)$/;

export default defineRule({
  meta: {
    id: 'provenance/late-autorun-change',
    severity: 'high',
    confidence: 'medium',
    description:
      'One of the newest commits adds or changes what runs on open, install, dev or test, or the code a serious finding points at.',
    since: '0.1.0',
    phase: 'post',
  },
  async run(ctx) {
    if (!ctx.options.provenance) return;
    const history = await historyOf(ctx);
    if (!history || history.commits.length < 2) return;
    const { commits, repo, summary } = history;

    const surfaceOf = new Map<string, Surface>();
    for (const s of ctx.executionMap) {
      // A framework's routes, pages and server modules are the application itself: changing them
      // is ordinary work. They still count when another surface (a config, a script) reaches them,
      // and a late commit to a file with a serious finding is reported below either way.
      if (s.kind === 'framework') continue;
      for (const f of [s.location.file, s.entry, ...s.reaches]) if (f !== undefined && !surfaceOf.has(f)) surfaceOf.set(f, s);
    }
    const findingsByFile = new Map<string, string[]>();
    const seriousFiles = new Set<string>();
    for (const f of ctx.findings) {
      if (f.ruleId.startsWith('provenance/') || severityRank(f.severity) < severityRank('medium')) continue;
      const list = findingsByFile.get(f.location.file) ?? [];
      list.push(f.ruleId);
      findingsByFile.set(f.location.file, list);
      if (severityRank(f.severity) >= severityRank('high')) seriousFiles.add(f.location.file);
    }

    const window = commits.slice(0, Math.min(ATTRIBUTION_WINDOW, commits.length));
    const changed = await repo.changedPaths(window.map(c => c.sha));

    // Attribution: the newest commit in the window that changed each finding's file.
    const attributed = new Set<string>();
    for (const c of window) {
      const paths = (changed.get(c.sha) ?? []).map(p => p.path).filter(p => findingsByFile.has(p) && !attributed.has(p));
      if (paths.length === 0) continue;
      for (const p of paths) attributed.add(p);
      addNotable(
        summary,
        c,
        'last changed files with findings',
        paths.flatMap(p => findingsByFile.get(p) ?? []),
        paths,
      );
    }

    const late = commits.slice(0, Math.min(LATE_WINDOW, Math.max(1, Math.floor(commits.length / 2))));
    const lateIds = new Set(late.map(c => c.sha));
    const earlierEmails = new Set(commits.filter(c => !lateIds.has(c.sha)).map(c => c.author.email));
    const commandSurfaces = new Map<string, Surface[]>();
    for (const s of ctx.executionMap) {
      // A README instruction runs only when the reader types it: rewording `git clone …` or
      // `npm install` is not a change to what runs. An instruction that downloads and runs code is
      // a finding of autorun/readme-command, which reaches this rule as code with a finding.
      // A Dockerfile's steps run in a build container that sees no host file: changing them
      // changes the image, not what runs on this machine. A step with a finding (host secrets, a
      // hidden payload) reaches this rule as code with a finding.
      if (s.command === undefined || s.kind === 'readme-command' || s.kind === 'dockerfile' || s.kind === 'dependency-install-script')
        continue;
      const list = commandSurfaces.get(s.location.file) ?? [];
      list.push(s);
      commandSurfaces.set(s.location.file, list);
    }
    const runners = new Map<string, Surface>();
    for (const s of ctx.executionMap) {
      // A lockfile's packages with install scripts are judged by the dependency rules (a known
      // malicious package, a typosquat, a git or tarball source), whose findings count below.
      if (s.kind === 'framework' || s.kind === 'readme-command' || s.kind === 'dockerfile' || s.kind === 'dependency-install-script')
        continue;
      for (const f of [s.location.file, s.entry]) if (f !== undefined && !runners.has(f)) runners.set(f, s);
    }
    const findingsIn = new Map<string, Finding[]>();
    for (const f of ctx.findings) {
      if (f.ruleId.startsWith('provenance/') || severityRank(f.severity) < severityRank('medium')) continue;
      const list = findingsIn.get(f.location.file) ?? [];
      list.push(f);
      findingsIn.set(f.location.file, list);
    }

    // What each late commit changed in files that run: its parent's copy of each such file.
    const asks: { c: Commit; path: string }[] = [];
    for (const c of late) {
      for (const p of changed.get(c.sha) ?? []) {
        if (p.status !== 'D' && (surfaceOf.has(p.path) || seriousFiles.has(p.path))) asks.push({ c, path: p.path });
      }
    }
    const before = await repo.filesAt(
      asks.map(a => ({ commit: a.c.parents[0] ?? '', path: a.path })),
      MAX_BLOB_BYTES,
    );

    late.forEach((c, index) => {
      const bot = BOT.test(c.author.name) || BOT.test(c.author.email);
      const newIdentity = earlierEmails.size > 0 && !earlierEmails.has(c.author.email);
      const commands: { file: string; surface: Surface; addedCode?: true }[] = [];
      const code: { file: string; finding: Finding }[] = [];
      asks.forEach((a, i) => {
        if (a.c !== c) return;
        const now = ctx.text(a.path);
        if (now === undefined) return;
        const parent = before[i];
        const added = addedLines(now, parent === undefined ? undefined : parent.toString('utf8'));
        for (const s of commandSurfaces.get(a.path) ?? []) {
          if (commandChanged(s, now, added)) commands.push({ file: a.path, surface: s });
        }
        // A file that runs (a config, a task file, a hook) and that the commit adds is new to what runs.
        const runs = runners.get(a.path);
        if (parent === undefined && runs && !commands.some(x => x.file === a.path))
          commands.push({ file: a.path, surface: runs, ...(READ_CODE.test(a.path) ? { addedCode: true as const } : {}) });
        for (const f of findingsIn.get(a.path) ?? []) {
          const line = f.location.line === undefined ? undefined : lineText(now, f.location.line);
          if (parent === undefined || (line !== undefined && added.has(line))) code.push({ file: a.path, finding: f });
        }
      });
      const worst = code.reduce<Finding | undefined>(
        (w, x) => (w === undefined || severityRank(x.finding.severity) > severityRank(w.severity) ? x.finding : w),
        undefined,
      );
      // What a new identity changed weighs when it runs unasked (an install script, a folder-open
      // task, a hook) or when the rules find something in it. A command the user types (`test`,
      // `start`, an nx target) or a new file of code the rules read and find nothing in is new to
      // what runs, context whoever wrote it.
      const unasked = commands.some(x => x.addedCode !== true && isAutomatic(x.surface.trigger));
      const severity = lateChangeSeverity({
        changesCommand: commands.length > 0,
        ...(worst ? { codeFinding: worst.severity } : {}),
        newIdentity: newIdentity && (unasked || worst !== undefined),
        bot,
      });
      if (severity === undefined) return;
      const relevant = [...new Set([...code.map(x => x.file), ...commands.map(x => x.file)])];
      const first = relevant[0];
      if (first === undefined) return;
      const position = index === 0 ? 'The newest commit' : `The ${ordinal(index + 1)} newest commit`;
      const parts: string[] = [];
      const cmd = commands[0];
      if (cmd) {
        const label = cmd.surface.name === undefined ? '' : ` ${cmd.surface.name}`;
        parts.push(
          cmd.surface.command === undefined
            ? `added ${cmd.file}, which ${TRIGGER_WORDS[cmd.surface.trigger]}`
            : `added or changed the${label} command \`${clip(cmd.surface.command)}\` in ${cmd.file}, which ${TRIGGER_WORDS[cmd.surface.trigger]}`,
        );
      }
      if (worst) {
        const where = surfaceOf.get(worst.location.file);
        parts.push(
          `added the code of ${worst.location.file}${worst.location.line === undefined ? '' : `:${worst.location.line}`} that ${worst.ruleId} reports (${worst.severity})${where ? `, which ${TRIGGER_WORDS[where.trigger]}` : ''}`,
        );
      }
      const more = relevant.length > 1 ? ` (${relevant.length} files in all)` : '';
      ctx.report({
        message: `${position}, ${shortSha(c.sha)} by ${who(c)} on ${isoDate(c.author.time)} ("${c.subject}"), ${parts.join(', and ')}${more}.${newIdentity ? ' Nobody with that e-mail wrote any earlier commit.' : ''}`,
        location:
          worst && worst.location.file === first
            ? { ...worst.location }
            : {
                file: first,
                ...(cmd?.file === first && cmd.surface.location.line !== undefined ? { line: cmd.surface.location.line } : {}),
              },
        evidence: `${shortSha(c.sha)} ${who(c)} ${isoDate(c.author.time)} ${c.subject}`,
        severity,
        ...(relevant.length > 1 ? { related: relevant.slice(1, 20).map(file => ({ file })) } : {}),
      });
      addNotable(
        summary,
        c,
        newIdentity ? 'late change to what runs, by a new identity' : 'late change to what runs',
        ['provenance/late-autorun-change', ...code.map(x => x.finding.ruleId)],
        relevant,
      );
    });
  },
});

/** A line as compared between versions: trimmed, without the comma a new neighbour adds. */
function norm(line: string): string {
  return line.trim().replace(/,$/, '').trimEnd();
}

/** Lines of `now` (normalised, not blank) that `before` does not have; every line when it is new. */
function addedLines(now: string, before: string | undefined): Set<string> {
  const old = new Set(before === undefined ? [] : before.split('\n').map(norm));
  const out = new Set<string>();
  for (const raw of now.split('\n')) {
    const l = norm(raw);
    if (l !== '' && !old.has(l)) out.add(l);
  }
  return out;
}

function lineText(text: string, line: number): string | undefined {
  let at = 0;
  for (let i = 1; i < line; i++) {
    at = text.indexOf('\n', at);
    if (at < 0) return undefined;
    at += 1;
  }
  const end = text.indexOf('\n', at);
  return norm(text.slice(at, end < 0 ? undefined : end));
}

/**
 * The commit added or changed the surface's command: the line the surface is declared on is new,
 * or a new line holds the command (as written, or JSON-escaped).
 */
function commandChanged(s: Surface, now: string, added: Set<string>): boolean {
  if (added.size === 0 || s.command === undefined) return false;
  if (s.location.line !== undefined) {
    const line = lineText(now, s.location.line);
    if (line !== undefined && added.has(line)) return true;
  }
  const head = s.command.replace(/…$/, '').replace(/\s+/g, ' ').trim().slice(0, 60);
  if (head.length < 2) return false;
  const escaped = JSON.stringify(head).slice(1, -1);
  for (const l of added) {
    const flat = l.replace(/\s+/g, ' ');
    if (flat.includes(head) || flat.includes(escaped)) return true;
  }
  return false;
}

function clip(s: string, max = 80): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

function ordinal(n: number): string {
  return n === 2 ? '2nd' : n === 3 ? '3rd' : `${n}th`;
}
