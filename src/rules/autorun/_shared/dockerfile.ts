/**
 * A Dockerfile read once per scan: its build steps (RUN, and `ADD <url>` as the download it is)
 * judged with the shared shell analysis, and what the image runs when a container starts
 * (ENTRYPOINT and CMD of the stage built). Shared by autorun/dockerfile and autorun/docker-compose.
 */
import { defineFactFamily } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import { baseName } from '../../../fs/path.ts';
import { parseDockerfile } from '../../../lang/dockerfile.ts';
import type { Instruction } from '../../../lang/dockerfile.ts';
import { judgeSteps } from './command-steps.ts';
import type { CommandStep, StepsJudgement } from './command-steps.ts';

export interface DockerfileFacts {
  path: string;
  /** RUN steps, and ADD of a URL without a checksum as `curl -o dest url`, in order. */
  steps: CommandStep[];
  build: StepsJudgement;
  /** What the last stage runs on start (ENTRYPOINT then CMD), if it says. */
  start?: CommandStep;
  /** The stages' names (`FROM x AS name`) with the index of their first instruction. */
  stages: { name?: string; from: number }[];
  instructions: Instruction[];
  /**
   * The first place the build is handed host secrets: a `RUN --mount=type=secret|ssh`, or a build
   * argument named like a credential (`ARG NPM_TOKEN`), which `--build-arg` fills from the host.
   */
  hostSecrets?: { line: number; what: string };
  truncated?: string;
}

/** Build-argument names that carry a credential. */
const CREDENTIAL_ARG = /(?:TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|API_?KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?|AUTH)(?:_|$)/i;

function hostSecretsOf(instructions: readonly Instruction[]): { line: number; what: string } | undefined {
  for (const ins of instructions) {
    const mount = ins.keyword === 'RUN' ? ins.flags.find(f => /^--mount=(?:.*,)?type=(?:secret|ssh)(?:,|$)/i.test(f)) : undefined;
    if (mount !== undefined) return { line: ins.line, what: `\`RUN ${mount}\`` };
    const arg = ins.keyword === 'ARG' ? /^([A-Za-z_]\w*)/.exec(ins.raw)?.[1] : undefined;
    if (arg !== undefined && CREDENTIAL_ARG.test(arg)) return { line: ins.line, what: `the build argument ${arg}` };
  }
  return undefined;
}

/**
 * Where a step's `--mount=type=secret` flags put the host secrets it is given (`target=`, else
 * `/run/secrets/ID`), each with what it is, for the shell analysis: reading one is reading a
 * credential of the machine that builds.
 */
function secretMounts(flags: readonly string[]): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const flag of flags) {
    const m = /^--mount=(.*)$/i.exec(flag);
    if (!m?.[1]) continue;
    const opts = new Map(
      m[1].split(',').map(kv => {
        const i = kv.indexOf('=');
        return i < 0 ? [kv.toLowerCase(), ''] : [kv.slice(0, i).toLowerCase(), kv.slice(i + 1)];
      }),
    );
    if (opts.get('type')?.toLowerCase() !== 'secret') continue;
    const target = opts.get('target') ?? opts.get('dst') ?? opts.get('destination');
    const id = opts.get('id') ?? (target === undefined ? undefined : baseName(target));
    if (id === undefined || id === '') continue;
    out[target ?? `/run/secrets/${id}`] = `the build secret \`${id}\``;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Dockerfile, Containerfile, Dockerfile.dev, app.Dockerfile. */
export function isDockerfileName(path: string): boolean {
  const b = baseName(path);
  return /^(?:Dockerfile|Containerfile)(?:\.[\w.-]+)?$/i.test(b) || /\.(?:Dockerfile|Containerfile)$/i.test(b);
}

const URL = /^(?:https?|ftp):\/\/\S+$/i;

/** The Dockerfile's facts, or undefined when it is not a readable text file (recorded as a gap by the caller). */
export function loadDockerfile(ctx: RuleContext, path: string): DockerfileFacts | undefined {
  return ctx.facts.get(dockerfileFact, path);
}

const dockerfileFact = defineFactFamily('dockerfile', (ctx, path: string): DockerfileFacts | undefined => {
  const text = ctx.text(path);
  if (text === undefined) return undefined;
  const df = parseDockerfile(text);
  const steps: CommandStep[] = [];
  const stages: { name?: string; from: number }[] = [];
  df.instructions.forEach((ins, i) => {
    if (ins.keyword === 'FROM') {
      const name = /\s+AS\s+(\S+)\s*$/i.exec(ins.raw)?.[1];
      stages.push(name === undefined ? { from: i } : { name, from: i });
    }
    if (ins.keyword === 'RUN' && ins.command !== undefined) {
      const secretFiles = secretMounts(ins.flags);
      steps.push({ file: path, line: ins.line, command: ins.command, ...(secretFiles ? { secretFiles } : {}) });
    }
    if (ins.keyword === 'ADD') {
      const args = ins.exec ?? ins.raw.split(/\s+/).filter(Boolean);
      const dest = args[args.length - 1] ?? '.';
      for (const src of args.slice(0, -1)) {
        // `--checksum=sha256:…` pins the content: the server cannot swap it.
        if (!URL.test(src) || ins.flags.some(f => f.startsWith('--checksum'))) continue;
        const file = dest.endsWith('/') ? `${dest}${baseName(src.replace(/[?#].*$/, ''))}` : dest;
        steps.push({ file: path, line: ins.line, command: `curl -fsSL -o ${file} ${src}` });
      }
    }
  });
  const facts: DockerfileFacts = { path, steps, build: judgeSteps(ctx, steps), stages, instructions: df.instructions };
  const secrets = hostSecretsOf(df.instructions);
  if (secrets) facts.hostSecrets = secrets;
  const start = startCommand(path, df.instructions, stages[stages.length - 1]?.from ?? 0);
  if (start) facts.start = start;
  if (df.truncated !== undefined) facts.truncated = df.truncated;
  return facts;
});

/** ENTRYPOINT followed by CMD, of the stage that starts at instruction `from`. */
export function startCommand(path: string, instructions: readonly Instruction[], from: number): CommandStep | undefined {
  let entrypoint: Instruction | undefined;
  let cmd: Instruction | undefined;
  for (let i = from; i < instructions.length; i++) {
    const ins = instructions[i];
    if (ins?.keyword === 'FROM' && i > from) break;
    if (ins?.keyword === 'ENTRYPOINT') entrypoint = ins;
    if (ins?.keyword === 'CMD') cmd = ins;
  }
  const parts = [entrypoint, cmd].filter((x): x is Instruction => x?.command !== undefined && x.command.trim() !== '');
  const first = parts[0];
  if (!first) return undefined;
  return { file: path, line: first.line, command: parts.map(p => p.command).join(' ') };
}

/** How a step reads in the Dockerfile: `ADD <url> <dest>` for the download an ADD stands for. */
export function shownStep(facts: DockerfileFacts, step: CommandStep): string {
  const ins = facts.instructions.find(i => i.line === step.line);
  return ins?.keyword === 'ADD' ? `ADD ${ins.raw}` : step.command;
}

/** The stage named `target` (compose `build.target`), or the last one. */
export function stageStart(facts: DockerfileFacts, target: string | undefined): CommandStep | undefined {
  if (target === undefined) return facts.start;
  const stage = facts.stages.find(s => s.name === target);
  return stage ? startCommand(facts.path, facts.instructions, stage.from) : facts.start;
}
