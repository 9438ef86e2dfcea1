import { defineRule } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import { containerSeverity } from '../../../core/policy.ts';
import { scriptSignals, sendsData, shellScriptFacts } from '../../../analysis/shell-script.ts';
import { baseName, joinRel } from '../../../fs/path.ts';
import { templateFolder } from '../../../fs/template.ts';
import { asArray, asObject, asString } from '../../../lang/jsonc.ts';
import type { JsonPath } from '../../../lang/jsonc.ts';
import { DECISIVE, HIDDEN, signalMeaning } from '../_shared/command-risk.ts';
import { judgeSteps } from '../_shared/command-steps.ts';
import type { StepTier } from '../_shared/command-steps.ts';
import { loadDevcontainers } from '../_shared/devcontainer.ts';
import type { Devcontainer } from '../_shared/devcontainer.ts';
import { classifyHostPath, HOST_CAPS, REACH_RANK } from '../_shared/host-reach.ts';
import type { Reach } from '../_shared/host-reach.ts';
import { isRepoFile } from '../_shared/jsonc-file.ts';

/** One hold the dev container has on the host: a mount, a file read into it, a flag. */
interface Hold {
  reach: Reach;
  what: string;
  socket?: boolean;
  line: number;
}

/** What the container's lifecycle commands, and the repository scripts they run, do. */
interface CodeVerdict {
  tier: StepTier;
  why: string;
  sends: boolean;
  files: string[];
}

const TIER_RANK: Record<StepTier, number> = { none: 0, context: 1, hidden: 2, decisive: 3 };
const JS_OR_PY = /\.(?:[cm]?[jt]sx?|py)$/;

/** The dev container variables a host path is written with: the home folder and the opened folder. */
function interpolate(text: string, dc: Devcontainer): string {
  return text
    .replace(/\$\{(?:localEnv|env):(?:HOME|USERPROFILE)(?::[^}]*)?\}/g, '~')
    .replace(/~~/g, '~')
    .replace(/\$\{localWorkspaceFolder\}/g, '.')
    .replace(/\$\{localWorkspaceFolderBasename\}/g, baseName(dc.folder) || 'workspace');
}

/** `type=bind,source=…,target=…` (the `--mount` syntax) or `{ type, source, target }`: the host side of a bind. */
function mountSource(v: unknown): string | undefined {
  const o = asObject(v);
  const fields: Record<string, string> = {};
  if (o) for (const [k, x] of Object.entries(o)) fields[k] = asString(x) ?? '';
  else
    for (const part of (asString(v) ?? '').split(',')) {
      const eq = part.indexOf('=');
      if (eq > 0) fields[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim();
    }
  const source = fields['source'] ?? fields['src'];
  if (source === undefined || source === '') return undefined;
  const type = fields['type'];
  // Without a type Docker makes a volume; a source written as a path can only be a bind.
  if (type === 'bind' || (type === undefined && /^(?:[/~.$]|[A-Za-z]:)/.test(source))) return source;
  return undefined;
}

function holdsOf(dc: Devcontainer): Hold[] {
  const out: Hold[] = [];
  const line = (path: JsonPath): number => dc.doc.positionOf(path).line;
  const take = (source: string, at: number, role?: string): void => {
    const c = classifyHostPath(interpolate(source, dc), dc.folder);
    if (c === undefined || 'repo' in c) return;
    out.push({ ...c, what: role === undefined ? c.what : c.what.replace(/^mounts /, `${role} `), line: at });
  };
  (asArray(dc.config['mounts']) ?? []).forEach((m, i) => {
    const source = mountSource(m);
    if (source !== undefined) take(source, line(['mounts', i]));
  });
  const workspace = mountSource(dc.config['workspaceMount']);
  if (workspace !== undefined) take(workspace, line(['workspaceMount']), 'opens as the workspace');
  if (dc.config['privileged'] === true) out.push({ reach: 'control', what: 'runs privileged', line: line(['privileged']) });
  (asArray(dc.config['capAdd']) ?? []).forEach((c, i) => {
    const cap = (asString(c) ?? '').toUpperCase().replace(/^CAP_/, '');
    if (HOST_CAPS.has(cap)) out.push({ reach: 'control', what: `adds the capability ${cap}`, line: line(['capAdd', i]) });
  });
  const args = (asArray(dc.config['runArgs']) ?? []).map(a => asString(a) ?? '');
  for (let i = 0; i < args.length; i++) {
    const at = line(['runArgs', i]);
    const [flag = '', inline] = /^--?[\w-]+=/.test(args[i] ?? '') ? (args[i] ?? '').split(/=(.*)/s) : [args[i] ?? ''];
    const value = (): string => inline ?? args[++i] ?? '';
    if (flag === '-v' || flag === '--volume') {
      // HOST:CONTAINER[:MODE]; a Windows drive letter's colon is part of the host path; a bare name is a volume.
      const source = /^((?:[A-Za-z]:)?[^:]*):/.exec(interpolate(value(), dc))?.[1];
      if (source !== undefined && !/^[\w][\w.-]*$/.test(source)) take(source, at);
    } else if (flag === '--mount') {
      const source = mountSource(value());
      if (source !== undefined) take(source, at);
    } else if (flag === '--env-file') take(value(), at, 'reads into its environment');
    else if (flag === '--device') take(value().split(':')[0] ?? '', at, 'is given the device');
    else if (flag === '--privileged') out.push({ reach: 'control', what: 'runs privileged', line: at });
    else if (flag === '--cap-add') {
      const cap = value().toUpperCase().replace(/^CAP_/, '');
      if (HOST_CAPS.has(cap)) out.push({ reach: 'control', what: `adds the capability ${cap}`, line: at });
    } else if (flag === '--network' || flag === '--net') {
      if (value() === 'host') out.push({ reach: 'network', what: "shares the host's network", line: at });
    } else if (flag === '--pid' || flag === '--userns') {
      if (value() === 'host') out.push({ reach: 'control', what: `shares the host's ${flag.slice(2)} namespace`, line: at });
    }
  }
  return out;
}

/** What the commands run in the container do, with the repository scripts they start. */
function judgeCode(ctx: RuleContext, dc: Devcontainer): CodeVerdict {
  const commands = dc.commands.filter(c => c.key !== 'initializeCommand');
  const j = judgeSteps(
    ctx,
    commands.map(c => ({ file: dc.file, line: c.line, command: c.command })),
  );
  const verdict: CodeVerdict = { tier: j.tier, why: j.why, sends: j.sends !== undefined, files: [] };
  for (const f of j.runs) {
    const rel = joinRel(dc.folder, f);
    if (rel === undefined || !isRepoFile(ctx, rel) || verdict.files.includes(rel)) continue;
    verdict.files.push(rel);
    // JavaScript and Python files are judged by the code rules (the finding's `runs`).
    if (JS_OR_PY.test(rel)) continue;
    const text = ctx.text(rel);
    if (text === undefined) continue;
    const facts = ctx.facts.get(shellScriptFacts, text);
    const signals = scriptSignals(facts);
    const d = DECISIVE.map(k => signals.find(s => s.kind === k)).find(s => s !== undefined);
    const h = HIDDEN.map(k => signals.find(s => s.kind === k)).find(s => s !== undefined);
    const found = facts.remoteShell
      ? { tier: 'decisive' as const, why: 'opens a shell to a remote host' }
      : d
        ? { tier: 'decisive' as const, why: signalMeaning(d.kind) }
        : h
          ? { tier: 'hidden' as const, why: signalMeaning(h.kind) }
          : undefined;
    if (found && TIER_RANK[found.tier] > TIER_RANK[verdict.tier]) {
      verdict.tier = found.tier;
      verdict.why = `${rel} ${found.why}`;
    }
    if (sendsData(text)) verdict.sends = true;
  }
  return verdict;
}

export default defineRule({
  meta: {
    id: 'autorun/devcontainer-host-access',
    severity: 'critical',
    confidence: 'high',
    description:
      'A dev container that mounts your home folder, SSH or cloud credentials or the container engine socket, runs privileged or on the host network (mounts, runArgs, workspaceMount), rated by what its commands do.',
    triggers: ['open'],
    phase: 'map',
    files: {
      globs: ['**/.devcontainer/**/devcontainer.json', '**/.devcontainer.json', '.devcontainer/devcontainer.json', '.devcontainer.json'],
    },
    since: '0.1.0',
  },
  run(ctx) {
    for (const dc of loadDevcontainers(ctx)) {
      const holds = holdsOf(dc);
      if (holds.length === 0) continue;
      const worst = holds.reduce((a, b) => (REACH_RANK[b.reach] > REACH_RANK[a.reach] ? b : a));
      const code = judgeCode(ctx, dc);
      const firm = holds.filter(h => h.reach === 'credentials' || h.reach === 'control');
      const ownCode = code.files.length > 0 || code.tier !== 'none';
      let severity = containerSeverity({
        reach: worst.reach,
        socketOnly: firm.length > 0 && firm.every(h => h.socket === true),
        // With no command of the repository, what runs with the socket is the editor's own server.
        knownTool: !ownCode,
        ownCode,
        code: code.tier,
        codeInBuild: false,
        sends: code.sends,
      });
      if (severity === undefined) continue;
      // A dev container inside a project generator's template is rendered into the projects made
      // from it; opening this repository opens none of it. Its hold on the host is context for
      // whoever generates a project, unless its commands download or hide code.
      const template = templateFolder(dc.file);
      if (template !== undefined && code.tier !== 'decisive' && code.tier !== 'hidden') severity = 'low';
      const whats = [...new Set(holds.map(h => h.what))];
      const does =
        code.tier === 'decisive' || code.tier === 'hidden'
          ? `, and its commands run there: ${code.why}`
          : code.sends && worst.reach === 'credentials'
            ? ', and its commands send data out of it'
            : code.files.length > 0
              ? `, and runs ${code.files.slice(0, 3).join(', ')} from this repository in it`
              : '';
      const where =
        template !== undefined
          ? `a project generated from the template ${template}/`
          : dc.folder === ''
            ? 'this folder'
            : `the folder ${dc.folder}/`;
      ctx.report({
        severity,
        message: `Opening ${where} in its dev container ${whats.slice(0, 4).join(', ')}${whats.length > 4 ? ', …' : ''}${does}.`,
        location: { file: dc.file, line: worst.line },
        evidence: whats.join('; ').slice(0, 300),
        ...(holds.length > 1 ? { related: holds.filter(h => h !== worst).map(h => ({ file: dc.file, line: h.line })) } : {}),
        ...(code.files.length > 0 ? { runs: { trigger: 'open' as const, files: code.files } } : {}),
      });
    }
  },
});
