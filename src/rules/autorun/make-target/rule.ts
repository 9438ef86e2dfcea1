import { defineRule } from '../../../core/rule.ts';
import type { FindingInput, RuleContext } from '../../../core/rule.ts';
import { isAutomatic } from '../../../core/policy.ts';
import type { Severity, Trigger } from '../../../core/types.ts';
import { severityRank } from '../../../core/severity.ts';
import { scriptSignals, shellScriptFacts } from '../../../analysis/shell-script.ts';
import type { ShellScriptFacts } from '../../../analysis/shell-script.ts';
import { baseName, dirName, joinRel } from '../../../fs/path.ts';
import { expand, parseMakefile, patternRuleFor } from '../../../lang/make.ts';
import type { MakeRule, Makefile } from '../../../lang/make.ts';
import type { CommandSignal, CommandSignalKind } from '../../../lang/shell/index.ts';
import { isNamedInstaller, persistenceSeverity } from '../../../core/policy.ts';
import { isRepoFile } from '../_shared/jsonc-file.ts';
import { DECISIVE, EFFECTS, signalMeaning } from '../_shared/command-risk.ts';
import { downloadedProgramSeverity } from '../../../core/policy.ts';
import { pinnedRelease, verifiesDownload } from '../../../lang/shell/installers.ts';
import { decisiveAcross } from '../_shared/command-steps.ts';
import { programSignals } from '../_shared/assess-command.ts';
import { preparePrograms, programLangOf, programVerdict } from '../../../analysis/embedded-program.ts';
import type { ProgramLang } from '../../../analysis/embedded-program.ts';
import { analyzeCommand } from '../../../lang/shell/index.ts';

const MAKEFILES = new Set(['Makefile', 'makefile', 'GNUmakefile']);
/** Prerequisite and recursive-make levels followed from a target. */
const MAX_DEPTH = 8;
const MAX_RULES = 200;
const SHOWN = 120;

/** The trigger a target's name implies; user-typed targets of any other name are `build`. */
export function triggerOfTarget(name: string): Trigger {
  const n = name.toLowerCase();
  if (/^(?:setup|install|bootstrap|init|deps|dependencies|prepare|configure)(?:[-_:].*)?$/.test(n)) return 'install';
  if (/^(?:dev|develop|run|serve|server|start|up|watch)(?:[-_:].*)?$/.test(n))
    return n.startsWith('dev') || n.startsWith('watch') ? 'dev' : 'start';
  if (/^(?:test|tests|check|e2e|integration)(?:[-_:].*)?$/.test(n)) return 'test';
  if (/^(?:lint|fmt|format|vet)(?:[-_:].*)?$/.test(n)) return 'lint';
  return 'build';
}

/**
 * Hidden or generated code: worth reading. `sh -c`/`python -c` are everyday Make idioms and stay
 * low, and so does a process started in the background: the user runs the target, and the code
 * that process runs is judged by the code rules (isManualContext in _shared/command-risk.ts).
 */
const RISKY: readonly CommandSignalKind[] = ['eval', 'base64-decode', 'stdin-interpreter', 'hooks-path-change'];
const CONTEXT: readonly CommandSignalKind[] = ['inline-code', 'background', 'download', 'official-installer', 'tunnel'];

interface Step {
  target: string;
  file: string;
  line: number;
  command: string;
}

interface Resolved {
  steps: Step[];
  /** Local files the commands run (root-relative, in the repository). */
  files: string[];
  /** Targets named by the commands or prerequisites that no rule defines (and no file). */
  cut: boolean;
}

/**
 * A target's recipe, its prerequisites' recipes first (as make runs them), and recursive `make x`.
 * A prerequisite that no rule or pattern makes and that is not a file (`exists`) is made by
 * `.DEFAULT`'s recipe, when the Makefile has one.
 */
function resolve(mk: Makefile, target: string, exists: (name: string) => boolean): Resolved {
  const out: Resolved = { steps: [], files: [], cut: false };
  const seen = new Set<string>();
  const visit = (name: string, depth: number): void => {
    let rule = mk.rules.get(name);
    let stem: string | undefined;
    // A file no rule names is made by the pattern rule that matches it (`build/%.bin: …`).
    if ((!rule || rule.recipe.length === 0) && !name.includes('%')) {
      const p = patternRuleFor(mk, name);
      if (p) {
        const extra = p.rule.prerequisites.map(x => x.replace('%', p.stem));
        rule = { ...p.rule, targets: [name], prerequisites: [...(rule?.prerequisites ?? []), ...extra] };
        stem = p.stem;
      }
    }
    if (!rule && name !== '.DEFAULT' && !exists(name)) rule = mk.rules.get('.DEFAULT');
    if (!rule || seen.has(name)) return;
    if (depth > MAX_DEPTH || seen.size >= MAX_RULES) {
      out.cut = true;
      return;
    }
    seen.add(name);
    for (const p of rule.prerequisites) visit(p, depth + 1);
    for (const r of rule.recipe) {
      const own = mk.targetVars.get(name);
      const command = expand(mk, r.raw, {
        target: name,
        prerequisites: rule.prerequisites,
        ...(stem !== undefined ? { stem } : {}),
        ...(own !== undefined ? { vars: own } : {}),
      });
      out.steps.push({ target: name, file: r.file, line: r.line, command });
      // `$(MAKE) other` / `make -C . other` in the same folder: the other target runs too.
      const m = /(?:^|[;&|]\s*)make\b((?:\s+-[A-Za-z]+(?:\s+\S+)?)*)((?:\s+[A-Za-z_][\w.-]*)+)/.exec(command);
      if (m?.[2] !== undefined && !/-C\s+(?!\.(?:\s|$))/.test(m[1] ?? '')) for (const t of m[2].trim().split(/\s+/)) visit(t, depth + 1);
    }
  };
  visit(target, 0);
  return out;
}

interface Judged {
  severity: Severity;
  why: string;
  step?: Step;
  signal?: CommandSignal;
}

/**
 * A make target is always typed by the user: when every download of the commands is a pinned
 * release of a named project and nothing pipes one into an interpreter, a program saved and run
 * is how Makefiles install their tools; whether the target also checks a digest decides between
 * medium and low (core/policy.ts downloadedProgramSeverity).
 */
function pinnedTool(facts: ShellScriptFacts, steps: readonly Step[]): { severity: Severity; why: string } | undefined {
  const urls = facts.whole.urls;
  const releases = urls.flatMap(u => pinnedRelease(u) ?? []);
  if (releases.length === 0 || releases.length !== urls.length || scriptSignals(facts).some(s => s.kind === 'pipe-to-interpreter'))
    return undefined;
  const names = [...new Set(releases.map(r => `${r.project} ${r.tag}`))].join(' and ');
  const verified = steps.some(s => verifiesDownload(s.command));
  return {
    severity: downloadedProgramSeverity({ pinnedReleases: true, manual: true, verified }),
    why: verified
      ? `installs ${names} from a release page and checks it against a pinned digest`
      : `downloads ${names} from a release page and runs it unverified (anyone can publish releases under a name: check that this is the project you expect)`,
  };
}

/**
 * `named`: the user runs this target by name as an installer (`make install`): writing their own
 * configuration (a shell start-up file, git or npm user settings) is what a dotfiles repository
 * does there, and takes persistenceSeverity's `medium`, not critical (core/policy.ts).
 */
function judge(ctx: RuleContext, input: Step[], named: boolean, dir: string, lang: ProgramLang | undefined): Judged {
  let steps = input;
  let best: Judged = { severity: 'info', why: '' };
  const ownConfig = (s: CommandSignal): boolean => named && s.kind === 'persistence' && s.userConfig === true;
  const better = (j: Judged): void => {
    const rank = severityRank(j.severity) - severityRank(best.severity);
    // At the same severity, a judgement that says why beats bare context.
    if (rank > 0 || (rank === 0 && best.why === '' && j.why !== '')) best = j;
  };
  if (lang !== undefined) {
    // `SHELL := python3`: the recipe lines are that interpreter's code, not shell; the constant
    // commands the program runs (`os.system("…")`) are read as shell below.
    const recipe = steps.filter(s => s.target !== ANY_MAKE);
    const v = ctx.facts.get(programVerdict, { path: `${dir || '.'}/(make SHELL)`, lang, code: recipe.map(s => s.command).join('\n') });
    const at = recipe[(v.line ?? 1) - 1] ?? recipe[0];
    if (at && v.tier === 'decisive') better({ severity: 'critical', why: v.why, step: at });
    else if (at && v.tier === 'hidden') better({ severity: 'medium', why: v.why, step: at });
    const ran = at ? v.commands.map(c => ({ ...at, command: c.command })) : [];
    steps = [...steps.filter(s => s.target === ANY_MAKE), ...ran];
  }
  for (const step of steps) {
    const facts = ctx.facts.get(shellScriptFacts, step.command);
    for (const sig of programSignals(ctx, analyzeCommand(step.command), dir))
      better({ severity: 'critical', why: signalMeaning(sig.kind), step, signal: sig });
    if (facts.remoteShell) better({ severity: 'critical', why: 'opens a shell to a remote host', step });
    if (facts.credentials) {
      better({
        severity: facts.credentials.sent ? 'critical' : 'high',
        why: facts.credentials.sent ? 'reads credential or browser files and uploads data' : 'reads credential or browser files',
        step,
      });
    }
    const signals = scriptSignals(facts);
    const find = (kinds: readonly CommandSignalKind[]): CommandSignal | undefined =>
      kinds.map(k => signals.find(s => s.kind === k && !ownConfig(s))).find(s => s !== undefined);
    const d = find(DECISIVE);
    if (d) {
      const tool = d.kind === 'download-then-run' ? pinnedTool(facts, steps) : undefined;
      better(tool ? { ...tool, step, signal: d } : { severity: 'critical', why: signalMeaning(d.kind), step, signal: d });
    }
    const own = signals.find(ownConfig);
    if (own) {
      const severity = persistenceSeverity({ reachedBy: ['install'], automatic: false, userConfig: true, installed: false });
      better({ severity, why: 'writes your own shell, git or npm settings', step, signal: own });
    }
    const r = find(RISKY);
    if (r) better({ severity: 'medium', why: signalMeaning(r.kind), step, signal: r });
    const c = find(CONTEXT);
    if (c) better({ severity: 'low', why: '', step, signal: c });
  }
  if (best.severity !== 'critical' && steps.length > 1) {
    // Each line runs in its own shell, but the files one line writes are there for the next:
    // `curl -o /tmp/i.sh …` then `sh /tmp/i.sh` downloads and runs code over two lines (and over
    // the recipes of a target and its prerequisites). Read in order, the steps show the flow.
    const d = decisiveAcross(ctx, steps, ownConfig);
    if (d) {
      const whole = ctx.facts.get(shellScriptFacts, steps.map(s => s.command).join('\n'));
      const tool = d.signal.kind === 'download-then-run' ? pinnedTool(whole, steps) : undefined;
      const why = EFFECTS.includes(d.signal.kind) ? signalMeaning(d.signal.kind) : 'runs a program that an earlier line downloads';
      better(tool ? { ...tool, step: d.step, signal: d.signal } : { severity: 'critical', why, step: d.step, signal: d.signal });
    }
  }
  return best;
}

function clip(s: string, max = SHOWN): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** Targets a user would type: phony ones, the default goal, and plain names (not files or patterns). */
function userTargets(mk: Makefile): string[] {
  return [...mk.rules.keys()].filter(
    t =>
      !t.startsWith('.') && !t.includes('%') && !t.includes('$') && (mk.phony.has(t) || t === mk.defaultGoal || /^[A-Za-z][\w-]*$/.test(t)),
  );
}

function localFiles(ctx: RuleContext, dir: string, steps: Step[]): string[] {
  const out: string[] = [];
  for (const s of steps) {
    const facts = ctx.facts.get(shellScriptFacts, s.command);
    for (const f of facts.whole.runsFiles) {
      const rel = joinRel(dir, f.file);
      if (rel !== undefined && isRepoFile(ctx, rel) && !out.includes(rel)) out.push(rel);
    }
  }
  return out;
}

function mapMakefile(ctx: RuleContext, path: string, text: string): void {
  const dir = dirName(path);
  const mk = parseMakefile(text, path, {
    read: p => {
      const rel = joinRel(dir, p);
      return rel !== undefined && ctx.inventory.byPath.get(rel)?.type === 'file' ? ctx.text(rel) : undefined;
    },
  });
  for (const inc of mk.includes) {
    if (!inc.missing || inc.optional || mk.rules.has(inc.path) || patternRuleFor(mk, inc.path)) continue;
    ctx.error(
      `\`include ${inc.path}\` (line ${inc.line}) names a file that is not in the repository; make stops there unless a rule makes it`,
      inc.file === path ? path : (joinRel(dir, inc.file) ?? path),
    );
  }
  const pending = new Map<string, Pending>();
  // Commands make runs while it reads the file: every `make` runs them, whatever the target.
  for (const s of mk.parseTimeShell) {
    const command = expand(mk, s.command, {});
    addTarget(ctx, path, dir, mk, ANY_MAKE, 'build', [{ target: ANY_MAKE, file: s.file, line: s.line, command }], s.line, pending);
  }
  const exists = (name: string): boolean => {
    const rel = joinRel(dir, name);
    return rel !== undefined && ctx.inventory.byPath.has(rel);
  };
  // make first remakes every makefile it read that a rule makes (an included `config.mk`, the
  // Makefile itself), then reads them again: those recipes run on any `make`, before the target.
  for (const made of rebuiltMakefiles(mk, baseName(path))) {
    const r = resolve(mk, made, () => false);
    // An included makefile a recipe downloads is read as part of this one: its commands run.
    const fetched = r.steps.find(s => s.command.includes(made) && ctx.facts.get(shellScriptFacts, s.command).whole.urls.length > 0);
    if (r.steps.length > 0)
      addTarget(ctx, path, dir, mk, ANY_MAKE, 'build', r.steps, r.steps[0]?.line ?? 1, pending, {
        label: `(any make: remake ${made})`,
        phrase: `remakes \`${made}\`, which`,
        ...(fetched && made !== baseName(path)
          ? {
              judged: {
                severity: 'critical',
                why: `downloads a makefile that make then reads and runs as part of this one`,
                step: fetched,
              } satisfies Judged,
            }
          : {}),
      });
  }
  const shell = recipeShell(mk, path);
  if (shell)
    addTarget(ctx, path, dir, mk, ANY_MAKE, 'build', [shell], shell.line, pending, {
      label: '(any make: recipe SHELL)',
      phrase: 'hands every recipe line to its `SHELL`, which',
    });
  for (const target of [...userTargets(mk), ...(mk.rules.has('.DEFAULT') ? ['.DEFAULT'] : [])]) {
    const rule = mk.rules.get(target) as MakeRule;
    const r = resolve(mk, target, exists);
    if (r.steps.length === 0) continue;
    addTarget(ctx, path, dir, mk, target, triggerOfTarget(target), r.steps, rule.line, pending);
  }
  // One line is one fact: a recipe line several targets reach is reported once, naming them all.
  for (const { finding, also } of pending.values()) {
    const more = also.length > 4 ? ` and ${also.length - 4} more` : '';
    const suffix = also.length > 0 ? ` The same line runs for ${also.slice(0, 4).join(', ')}${more}.` : '';
    ctx.report({ ...finding, message: `${finding.message}${suffix}` });
  }
  if (mk.truncated !== undefined) ctx.error(`the Makefile was read in part: ${mk.truncated}`, path, 'truncated');
}

/** The pseudo-target of what runs on any `make`: parse-time commands, makefile remakes, the recipe shell. */
const ANY_MAKE = '(parse time)';

/** Makefiles make remakes before any goal: the included files and the Makefile itself, when a rule (or pattern rule) makes them. */
function rebuiltMakefiles(mk: Makefile, self: string): string[] {
  const out: string[] = [];
  for (const name of [...mk.includes.map(i => i.path), self]) {
    if (out.includes(name)) continue;
    const rule = mk.rules.get(name);
    if ((rule && (rule.recipe.length > 0 || rule.prerequisites.length > 0)) || patternRuleFor(mk, name)) out.push(name);
  }
  return out;
}

function shellValue(mk: Makefile): string | undefined {
  const raw = mk.vars.get('SHELL');
  const value = raw === undefined ? '' : expand(mk, raw, {}).trim();
  return value === '' ? undefined : value;
}

/** The language of the recipes when `SHELL` is an interpreter the code analysis reads. */
function recipeLang(mk: Makefile): ProgramLang | undefined {
  const value = shellValue(mk);
  return value === undefined ? undefined : programLangOf(value);
}

const STANDARD_SHELLS = /^(?:\/usr)?(?:\/bin\/)?(?:sh|bash|dash|zsh|ksh|ash)$|^\/usr\/bin\/env\s+(?:sh|bash|zsh|dash)$/;

/**
 * `SHELL := …` names the program make hands every recipe line to (`$(SHELL) $(.SHELLFLAGS) line`):
 * anything but a standard shell is a step of every target. An interpreter (`python3`) makes each
 * recipe that program's code; a file of the repository runs on any `make` that runs a recipe.
 */
function recipeShell(mk: Makefile, path: string): Step | undefined {
  const value = shellValue(mk);
  if (value === undefined || STANDARD_SHELLS.test(value) || programLangOf(value) !== undefined) return undefined;
  const flags = mk.vars.has('.SHELLFLAGS') ? expand(mk, mk.vars.get('.SHELLFLAGS') ?? '', {}).trim() : '';
  const at = mk.varLines.get('SHELL') ?? { line: 1, file: path };
  return { target: ANY_MAKE, file: at.file, line: at.line, command: `${value}${flags === '' ? '' : ` ${flags}`}` };
}

function addTarget(
  ctx: RuleContext,
  path: string,
  dir: string,
  mk: Makefile,
  target: string,
  trigger: Trigger,
  steps: Step[],
  line: number,
  pending: Map<string, Pending>,
  what?: { label: string; phrase: string; judged?: Judged },
): void {
  const files = localFiles(ctx, dir, steps);
  const where = dir === '' ? '' : ` -C ${dir}`;
  const lang = recipeLang(mk);
  const label =
    what !== undefined
      ? what.label
      : target === '.DEFAULT'
        ? '.DEFAULT (any target without a rule)'
        : target === mk.defaultGoal
          ? `${target} (default goal)`
          : target;
  const command = steps.map(s => s.command).join('; ');
  ctx.addSurface({
    trigger,
    kind: 'make-target',
    location: { file: path, line },
    name: label,
    command: command.length > 500 ? `${command.slice(0, 499)}…` : command,
    ...(files[0] !== undefined ? { entry: files[0] } : {}),
  });
  const named =
    target !== ANY_MAKE && isNamedInstaller({ trigger, kind: 'make-target', location: { file: path, line }, reaches: [], name: target });
  const own = judge(ctx, steps, named, dir, lang);
  const j = what?.judged && severityRank(what.judged.severity) > severityRank(own.severity) ? what.judged : own;
  if (severityRank(j.severity) < severityRank('low') && files.length === 0) return;
  const invocation =
    target === ANY_MAKE
      ? `Any \`make${where}\`${what === undefined ? '' : ` ${what.phrase}`}`
      : target === '.DEFAULT'
        ? `\`make${where}\` of a target no rule makes`
        : `\`make${where} ${target}\``;
  const shown = j.step ?? steps[0];
  const via = shown && shown.target !== target && target !== ANY_MAKE ? ` (through \`${shown.target}\`)` : '';
  const why = j.why === '' ? '' : `, which ${j.why}`;
  const finding: FindingInput = {
    severity: j.severity === 'info' ? 'info' : j.severity,
    message: `${invocation} runs \`${clip(shown?.command ?? command)}\`${via}${why}.`,
    location: { file: shown === undefined || shown.file === path ? path : (joinRel(dir, shown.file) ?? path), line: shown?.line ?? line },
    evidence: j.signal ? `${clip(shown?.command ?? '', 300)}\n${j.signal.detail}` : clip(shown?.command ?? command, 300),
    ...(files.length > 0 ? { runs: { trigger, files } } : {}),
  };
  const key = `${finding.location.file}\u0000${finding.location.line ?? 0}`;
  const host = pending.get(key);
  if (!host) {
    pending.set(key, { finding, invocation, also: [] });
    return;
  }
  // The most severe stays; an automatic trigger's files keep the surface policy's raise.
  const replace = severityRank(finding.severity ?? 'info') > severityRank(host.finding.severity ?? 'info');
  const [keep, other] = replace ? [finding, host.finding] : [host.finding, finding];
  if (other.runs && isAutomatic(other.runs.trigger) && !(keep.runs && isAutomatic(keep.runs.trigger))) keep.runs = other.runs;
  host.also.push(replace ? host.invocation : invocation);
  if (replace) {
    host.finding = keep;
    host.invocation = invocation;
  }
}

interface Pending {
  finding: FindingInput;
  invocation: string;
  /** The other invocations that run the same line. */
  also: string[];
}

export default defineRule({
  meta: {
    id: 'autorun/make-target',
    severity: 'critical',
    confidence: 'high',
    description:
      'Makefile targets (and the commands make runs while reading the file), with the recipes of their prerequisites and the local scripts they run.',
    triggers: ['install', 'dev', 'start', 'build', 'test', 'lint'],
    phase: 'map',
    since: '0.1.0',
  },
  async run(ctx) {
    const found: { path: string; text: string }[] = [];
    for (const file of ctx.inventory.files) {
      if (file.inNodeModules || file.type !== 'file' || !MAKEFILES.has(baseName(file.path))) continue;
      const text = ctx.text(file.path);
      if (text === undefined) {
        ctx.error('a Makefile that is not a readable text file: its targets were not analysed', file.path, 'unreadable');
        continue;
      }
      found.push({ path: file.path, text });
    }
    // Inline Python (`python3 -c`, `SHELL := python3`) is read by the Python parser, loaded only when named.
    if (found.some(f => /\b(?:python|pypy)/.test(f.text))) await preparePrograms();
    for (const f of found) mapMakefile(ctx, f.path, f.text);
  },
});
