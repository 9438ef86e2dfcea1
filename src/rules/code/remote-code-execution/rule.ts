import { defineRule } from '../../../core/rule.ts';
import type { FindingInput } from '../../../core/rule.ts';
import type { Severity } from '../../../core/types.ts';
import { loadCodeFacts } from '../../../analysis/js/facts.ts';
import { chainText, endpointOf, foreignCodeCause, relatedOf, truncate, withReach } from '../../../analysis/js/report.ts';
import { hasKind, STAGE_STEP, UNKNOWN_PART } from '../../../analysis/js/types.ts';
import { unknownPartRunsAsCode } from '../../../lang/shell/placement.ts';
import { opensRemoteShell } from '../../../analysis/shell-script.ts';
import type { CodeFacts, SinkFact } from '../../../analysis/js/types.ts';
import { PICKLE_LOADERS, YAML_CODE_LOADERS } from '../../../analysis/py/flow.ts';
import { yamlPythonTags } from '../../../analysis/py/yaml-tags.ts';
import { dangerousCallable, dangerousGlobals, scanPickle } from '../../../analysis/py/pickle.ts';
import type { RuleContext } from '../../../core/rule.ts';
import { dirName, joinRel } from '../../../fs/path.ts';
import { readBytes } from '../../../fs/read.ts';

const CODE_SINKS = new Set<SinkFact['kind']>(['eval', 'function', 'vm', 'module-load', 'module-compile', 'timer', 'wasm', 'stdin-code']);

function describeSink(s: SinkFact, python: boolean): string {
  switch (s.kind) {
    case 'eval':
    case 'function':
    case 'vm':
    case 'timer':
      return `runs it as ${python ? 'Python' : 'JavaScript'} with \`${s.callee}\``;
    case 'module-load':
      return `loads it as a module with \`${s.callee}\``;
    case 'module-compile':
      return python ? `turns it into code with \`${s.callee}\`` : `compiles it as a module with \`${s.callee}\``;
    case 'wasm':
      return `instantiates it as WebAssembly with \`${s.callee}\``;
    case 'stdin-code':
      return 'pipes it into a program that runs what it reads on stdin (`node -`, a shell)';
    case 'shell':
    case 'spawn':
    case 'fork':
      if (s.inlineCode === true)
        return `runs it as code on an interpreter's command line (\`${s.value?.split(/\s/).slice(0, 2).join(' ') ?? ''}\`) with \`${s.callee}\``;
      return `runs it as a command with \`${s.callee}\``;
  }
}

/** A shell started with network data (its input a socket): it runs what it receives. */
const SHELL_PROGRAM = /^(?:\S*\/)?(?:ba|z|da|k|c|tc)?sh(?:\.exe)?\s+-i\b|^(?:\S*[\\/])?(?:cmd|powershell|pwsh)(?:\.exe)?\s*$/i;

/** Pickles larger than this are not read to find what they call. */
const MAX_PICKLE_BYTES = 64 * 1024 * 1024;

/**
 * A pickle loaded from a repository path: what it calls when loaded decides. One that names a
 * command, code or network callable is critical; a model or cache that names only data
 * constructors is no finding; a path that is not in the repository is the user's own data (a
 * model the project trains, a cache it writes: low); a pickle too large to read is a gap (high).
 */
function pickleFinding(ctx: RuleContext, facts: CodeFacts, s: SinkFact): FindingInput | undefined {
  const path = s.taint?.values[0] ?? '';
  const file = loadedFile(ctx, facts, path);
  const at = (what: string): string =>
    withReach(`This file unpickles ${path} with \`${s.callee}\`${what}`, ctx.reachingSurfaces(facts.path), facts.path, s.loc.line);
  const base = { location: s.loc, evidence: truncate(path) };
  if (!file)
    return {
      ...base,
      severity: 'low',
      message: at(', a file that is not in the repository: whoever supplies it chooses code that runs here'),
    };
  if (file.size > MAX_PICKLE_BYTES) {
    ctx.error(`a pickle that code loads is larger than ${MAX_PICKLE_BYTES} bytes: what it calls was not checked`, file.path, 'too-large');
    return { ...base, severity: 'high', message: at(', too large to check what it calls when loaded') };
  }
  const calls = dangerousGlobals(scanPickle(readBytes(ctx.root, file, MAX_PICKLE_BYTES)));
  if (calls.length === 0) return undefined;
  return {
    ...base,
    severity: 'critical',
    message: at(
      `: loading it calls ${calls
        .slice(0, 3)
        .map(c => `\`${c}\``)
        .join(', ')}, which runs commands or code`,
    ),
    evidence: truncate(`${file.path}: ${calls.join(', ')}`),
  };
}

/**
 * A process started with a command that opens a shell to a remote host (`bash -i >& /dev/tcp/…`,
 * `nc -e /bin/sh`, `python -c 'import socket,pty…'`): whoever listens there runs commands here.
 */
function remoteShellFinding(ctx: RuleContext, facts: CodeFacts, s: SinkFact): FindingInput | undefined {
  if ((s.kind !== 'shell' && s.kind !== 'spawn') || s.value === undefined || !opensRemoteShell(s.value)) return undefined;
  return {
    location: s.loc,
    severity: 'critical',
    message: withReach(
      `This file opens a shell to a remote host with \`${s.callee}\`: whoever listens there runs commands on this machine`,
      ctx.reachingSurfaces(facts.path),
      facts.path,
      s.loc.line,
    ),
    evidence: truncate(s.value),
  };
}

/** The repository file a deserialiser sink loads, by the path its taint names. */
function loadedFile(ctx: RuleContext, facts: CodeFacts, path: string): ReturnType<RuleContext['inventory']['byPath']['get']> {
  const candidates = [joinRel(dirName(facts.path), path), joinRel('', path)];
  return candidates.map(c => (c === undefined ? undefined : ctx.inventory.byPath.get(c))).find(e => e?.type === 'file');
}

/**
 * A repository YAML file loaded with a PyYAML loader that builds Python objects: its
 * `!!python/object/apply:` (and `new`, `name`) tags name what runs while it loads. A tag naming a
 * command, code or network callable is critical; one naming another callable (the project's own
 * class) runs repository code (medium); a file without Python tags is no finding, and one outside
 * the repository is whoever supplies it (low).
 */
function yamlFinding(ctx: RuleContext, facts: CodeFacts, s: SinkFact): FindingInput | undefined {
  const path = s.taint?.values[0] ?? '';
  const file = loadedFile(ctx, facts, path);
  const at = (what: string): string =>
    withReach(
      `This file loads ${path} with \`${s.callee}\` and a loader that builds any Python object its tags name${what}`,
      ctx.reachingSurfaces(facts.path),
      facts.path,
      s.loc.line,
    );
  const base = { location: s.loc, evidence: truncate(path) };
  if (!file)
    return {
      ...base,
      severity: 'low',
      message: at(', from a file that is not in the repository: whoever supplies it chooses code that runs here'),
    };
  const text = ctx.text(file.path);
  if (text === undefined) {
    ctx.error(
      'a YAML file that code loads with an unsafe loader could not be read as text: its tags were not checked',
      file.path,
      'unparseable',
    );
    return { ...base, severity: 'high', message: at(', and it could not be read to check them') };
  }
  // `!!python/module` and `!!python/name` import a module and take a name from it without calling
  // anything (mkdocs' `!!python/name:pymdownx.superfences.fence_code_format`); the object tags
  // construct and call. A name tag naming a command or code runner is still shown.
  const tags = yamlPythonTags(text).filter(t => t.kind !== 'module' && (t.kind !== 'name' || dangerousCallable(t.name)));
  if (tags.length === 0) return undefined;
  const dangerous = tags.filter(t => dangerousCallable(t.name));
  const shown = (dangerous.length > 0 ? dangerous : tags).slice(0, 3);
  return {
    ...base,
    severity: dangerous.length > 0 ? 'critical' : 'medium',
    message: at(
      `: loading it calls ${shown.map(t => `\`${t.name}\``).join(', ')} (${file.path}:${String(shown[0]?.line ?? 1)})${
        dangerous.length > 0 ? ', which runs commands or code' : ''
      }`,
    ),
    evidence: truncate(`${file.path}: ${shown.map(t => `!!python/${t.kind}:${t.name}`).join(', ')}`),
    related: shown.map(t => ({ file: file.path, line: t.line })),
  };
}

export default defineRule({
  meta: {
    id: 'code/remote-code-execution',
    severity: 'critical',
    confidence: 'high',
    description: 'Data fetched from the network, a blockchain, a decoded string or a data file is run as code.',
    triggers: ['dev', 'build', 'start', 'install', 'open', 'test'],
    since: '0.1.0',
    atoms: ['code-loaders', 'processes', 'network', 'decoders', 'file-reads', 'chain-reads', 'chain-endpoints', 'invisible-code'],
  },
  async run(ctx) {
    const index = await loadCodeFacts(ctx);
    for (const facts of index.files.values()) {
      // A decoded stage's own sinks are reported at the sink that runs the stage: one finding per
      // place, the most telling cause (a download over a data file over hidden text).
      const best = new Map<string, { rank: number; finding: FindingInput }>();
      for (const s of facts.sinks) {
        const t = s.taint;
        const cause = foreignCodeCause(s, facts.inNodeModules);
        if (!cause) {
          const shell = remoteShellFinding(ctx, facts, s);
          if (shell) best.set(`${s.loc.line ?? ''}:${s.loc.column ?? ''}`, { rank: 6, finding: shell });
          continue;
        }
        if (cause === 'file' && facts.language === 'python' && (PICKLE_LOADERS.has(s.callee) || YAML_CODE_LOADERS.has(s.callee))) {
          const finding = YAML_CODE_LOADERS.has(s.callee) ? yamlFinding(ctx, facts, s) : pickleFinding(ctx, facts, s);
          if (finding) best.set(`${s.loc.line ?? ''}:${s.loc.column ?? ''}`, { rank: finding.severity === 'critical' ? 5 : 1, finding });
          continue;
        }
        const remote = cause === 'remote';
        const fromFile = cause === 'file';
        const hidden = cause === 'hidden';
        const endpoint = endpointOf(t);
        let what: string | undefined;
        const runsCode = CODE_SINKS.has(s.kind) || s.inlineCode === true;
        if (runsCode) {
          if (remote)
            what = hasKind(t, 'rpc')
              ? `reads data from a blockchain${endpoint ? ` (${endpoint})` : ''}`
              : `downloads code${endpoint ? ` from ${endpoint}` : ''}`;
          else if (fromFile) what = `reads ${t?.values[0] ?? 'a data file'}`;
          else what = s.value !== undefined && s.value.length >= 8 ? 'decodes hidden text' : 'decodes text it never shows in the clear';
        } else if (hidden) {
          what = 'decodes a command it never shows in the clear';
        } else {
          what = `receives a command${endpoint ? ` from ${endpoint}` : ' over the network'}`;
        }
        if (!what) continue;
        let severity: Severity = facts.inNodeModules && !remote && !fromFile ? 'high' : 'critical';
        // `git clone ${url}` with a URL from an API: network data is a whole argument of a known
        // program (a value that only completes a fixed argument is not a command: the flow marks
        // it argvOnly and foreignCodeCause drops it).
        const knownProgram =
          !runsCode &&
          !hidden &&
          s.value !== undefined &&
          /^[\w./-]+\s/.test(s.value) &&
          !SHELL_PROGRAM.test(s.value) &&
          !unknownPartRunsAsCode(s.value, UNKNOWN_PART);
        if (knownProgram) {
          severity = 'high';
          what = `passes data received${endpoint ? ` from ${endpoint}` : ' over the network'} to \`${s.value?.split(/\s/)[0] ?? ''}\``;
        }
        // A sink of a decoded stage, reported where the stage is run.
        const staged = t?.steps[0]?.label === STAGE_STEP;
        const message = withReach(
          knownProgram
            ? `This file ${what}, a command started with \`${s.callee}\``
            : `This file ${staged ? 'decodes code that ' : ''}${what} and ${describeSink(s, facts.language === 'python')}`,
          ctx.reachingSurfaces(facts.path),
          facts.path,
          s.loc.line,
        );
        const related = relatedOf(t, s.loc);
        if (s.via) related.push(s.via);
        const key = `${s.loc.line ?? ''}:${s.loc.column ?? ''}`;
        const rank = (severity === 'critical' ? 4 : 0) + (remote ? 2 : fromFile ? 1 : 0);
        const seen = best.get(key);
        if (seen && seen.rank >= rank) continue;
        best.set(key, {
          rank,
          finding: {
            message,
            location: s.loc,
            severity,
            evidence: truncate(
              endpoint ?? (fromFile ? (t?.values[0] ?? '') : hidden ? (t?.values.find(v => v.length >= 8) ?? s.value ?? '') : chainText(t)),
            ),
            ...(related.length > 0 ? { related } : {}),
          },
        });
      }
      for (const { finding } of best.values()) ctx.report(finding);
    }
  },
});
