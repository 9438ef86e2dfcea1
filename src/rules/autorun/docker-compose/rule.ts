import { defineFactFamily, defineRule } from '../../../core/rule.ts';
import type { RuleContext } from '../../../core/rule.ts';
import { LIMITS } from '../../../core/limits.ts';
import { containerSeverity } from '../../../core/policy.ts';
import type { GapKind, Severity } from '../../../core/types.ts';
import { scriptSignals, sendsData, shellScriptFacts } from '../../../analysis/shell-script.ts';
import { baseName, dirName, joinRel } from '../../../fs/path.ts';
import { parseDotenv } from '../../../lang/dotenv/parse.ts';
import { readYamlDocument } from '../../../lang/yaml.ts';
import type { YamlDocument } from '../../../lang/yaml.ts';
import { DECISIVE, HIDDEN, signalMeaning } from '../_shared/command-risk.ts';
import { clipCommand, judgeSteps } from '../_shared/command-steps.ts';
import type { CommandStep, StepTier } from '../_shared/command-steps.ts';
import { loadDockerfile, stageStart } from '../_shared/dockerfile.ts';
import { classifyHostPath, HOST_CAPS, REACH_RANK } from '../_shared/host-reach.ts';
import type { Reach } from '../_shared/host-reach.ts';
import { isRepoFile } from '../_shared/jsonc-file.ts';

const COMPOSE = /^(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml$/i;
const OVERRIDE = /^((?:docker-)?compose)\.override\.(ya?ml)$/i;

interface Item {
  reach: Reach;
  /** "mounts ~/.ssh", "runs privileged", ... */
  what: string;
  /** The container engine's socket. */
  socket?: boolean;
  file: string;
  line: number;
}

interface Project {
  dir: string;
  env: Map<string, string>;
  /** Top-level named volumes bound to a host folder (`driver_opts: {o: bind, device: …}`). */
  boundVolumes: Map<string, string>;
}

interface Service {
  name: string;
  file: string;
  line: number;
  items: Item[];
  command?: CommandStep;
  /** Dockerfile the service builds, root-relative, and the stage. */
  dockerfile?: { path: string; target?: string; line: number };
  remoteContext?: { url: string; line: number };
  /** Container path prefix → repository folder (bind mounts of the project). */
  binds: { container: string; repo: string }[];
  workingDir?: string;
  /** The published image it runs (`image:`), when it builds none. */
  image?: string;
}

/**
 * Published images of well-known tools whose job is to manage containers through the engine's
 * socket: reverse proxies that route to containers, dashboards, updaters, log viewers, cloud
 * emulators that start containers, the socket proxies and reapers of test frameworks.
 */
const SOCKET_TOOL =
  /^(?:docker\.io\/)?(?:(?:library\/)?traefik|(?:library\/)?docker|portainer\/(?:portainer(?:-ce|-ee)?|agent)|containrrr\/watchtower|nickfedor\/watchtower|localstack\/localstack(?:-pro)?|testcontainers\/ryuk|amir20\/dozzle|(?:nginxproxy|jwilder)\/(?:nginx-proxy|docker-gen)|nginxproxy\/acme-companion|tecnativa\/docker-socket-proxy|lscr\.io\/linuxserver\/socket-proxy|(?:gcr\.io\/)?(?:google\/|cadvisor\/)cadvisor|gcr\.io\/cadvisor\/cadvisor|(?:gcr\.io\/datadoghq\/|datadog\/)agent|grafana\/(?:promtail|alloy|agent)|gitlab\/gitlab-runner|moby\/buildkit|docker\/compose)(?::[\w.-]+)?(?:@sha256:[0-9a-f]{64})?$/i;

function obj(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/** Compose's variable interpolation: `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `$VAR`, `$$`. */
function interpolate(text: string, env: ReadonlyMap<string, string>): string {
  return text.replace(
    /\$(?:\$|\{([A-Za-z_]\w*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_]\w*))/g,
    (all, braced: string | undefined, op: string | undefined, arg: string | undefined, bare: string | undefined) => {
      if (all === '$$') return '$';
      const name = braced ?? bare ?? '';
      const v = name === 'HOME' || name === 'USERPROFILE' ? '~' : env.get(name);
      if (op === '+' || op === ':+') return v !== undefined && v !== '' ? (arg ?? '') : '';
      if (v !== undefined && (v !== '' || op === '-')) return v;
      if (op === ':-' || op === '-') return arg ?? '';
      return `\${${name}}`;
    },
  );
}

/** What a bind mount of `source` (host side, interpolated) reaches, if anything. */
function classifySource(source: string, project: Project): ReturnType<typeof classifyHostPath> {
  return classifyHostPath(source, project.dir);
}

/** The compose project of a folder: its `.env` values and the volumes its services bind, once per scan. */
const composeProject = defineFactFamily('compose-project', (ctx, dir: string): Project => {
  const env = new Map<string, string>();
  const envPath = joinRel(dir, '.env');
  const text = envPath !== undefined && ctx.inventory.byPath.get(envPath)?.type === 'file' ? ctx.text(envPath) : undefined;
  if (text !== undefined) for (const e of parseDotenv(text)) env.set(e.key, e.value);
  return { dir, env, boundVolumes: new Map() };
});

/** Volumes of a service, with what each reaches. */
function volumes(
  svc: Record<string, unknown>,
  path: readonly (string | number)[],
  doc: YamlDocument,
  file: string,
  project: Project,
  out: Service,
): void {
  const list = svc.volumes;
  if (!Array.isArray(list)) return;
  list.forEach((v, i) => {
    const line = doc.lineOf([...path, 'volumes', i]) ?? out.line;
    let source: string | undefined;
    let target: string | undefined;
    const o = obj(v);
    if (o) {
      const type = str(o.type);
      source = str(o.source);
      target = str(o.target);
      if (type === 'volume' && source !== undefined) source = project.boundVolumes.get(source);
      else if (type !== undefined && type !== 'bind') source = undefined;
    } else if (typeof v === 'string') {
      const s = interpolate(v, project.env);
      // HOST:CONTAINER[:MODE]; a Windows drive letter's colon is part of the host path.
      const m = /^((?:[A-Za-z]:)?[^:]*)(?::([^:]*))?(?::[^:]*)?$/.exec(s);
      source = m?.[1];
      target = m?.[2];
      if (target === undefined)
        source = undefined; // an anonymous volume
      else if (source !== undefined && /^[\w][\w.-]*$/.test(source)) source = project.boundVolumes.get(source);
    }
    if (source === undefined) return;
    const c = classifySource(interpolate(source, project.env), project);
    if (c === undefined) return;
    if ('repo' in c) {
      if (target !== undefined) out.binds.push({ container: target.replace(/\/+$/, ''), repo: c.repo });
      return;
    }
    out.items.push({ ...c, file, line });
  });
}

/**
 * Host files a service takes in besides its volumes: build contexts (`build.context`,
 * `build.additional_contexts`), which are sent to the builder and can be copied into the image;
 * `env_file`s, read into its environment; and `secrets` (its own or its build's) whose `file:` is on the host.
 */
function hostFiles(
  svc: Record<string, unknown>,
  path: readonly (string | number)[],
  doc: YamlDocument,
  file: string,
  project: Project,
  out: Service,
  secretFiles: ReadonlyMap<string, { source: string; line: number }>,
): void {
  const take = (source: string, line: number, role: string): void => {
    const c = classifySource(interpolate(source, project.env), project);
    if (c === undefined || 'repo' in c) return;
    out.items.push({ ...c, what: c.what.replace(/^mounts /, `${role} `), file, line });
  };
  const lineOf = (...keys: (string | number)[]): number => doc.lineOf([...path, ...keys]) ?? out.line;
  const b = obj(svc.build);
  const context = typeof svc.build === 'string' ? svc.build : str(b?.context);
  if (context !== undefined && !/^(?:https?:\/\/|git@|git:\/\/|github\.com\/)/.test(context))
    take(context, lineOf('build'), 'builds its image with the host folder');
  const extra = b?.additional_contexts;
  const extras: [string, string][] = Array.isArray(extra)
    ? extra
        .map(x => str(x) ?? '')
        .filter(x => x.includes('='))
        .map(x => [x.slice(0, x.indexOf('=')), x.slice(x.indexOf('=') + 1)])
    : Object.entries(obj(extra) ?? {}).map(([k, v]) => [k, str(v) ?? '']);
  for (const [name, source] of extras) {
    if (/^(?:[a-z]+:\/\/|docker-image:|service:|oci-layout:|git@)/.test(source)) continue;
    take(
      source,
      doc.lineOf([...path, 'build', 'additional_contexts', name]) ?? lineOf('build'),
      `passes to its build (context \`${name}\`)`,
    );
  }
  const envFiles = Array.isArray(svc.env_file) ? svc.env_file : svc.env_file === undefined ? [] : [svc.env_file];
  envFiles.forEach((e, i) => {
    const p = str(e) ?? str(obj(e)?.path);
    if (p !== undefined) take(p, doc.lineOf([...path, 'env_file', i]) ?? lineOf('env_file'), 'reads into its environment');
  });
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : []);
  // A service's own `secrets`/`configs` are mounted into its container; `build.secrets` are handed
  // to its image's build (a `RUN --mount=type=secret` reads them).
  const secrets = [...list(svc.secrets), ...list(svc.configs), ...list(b?.secrets)];
  for (const sec of secrets) {
    const name = str(sec) ?? str(obj(sec)?.source);
    const f = name === undefined ? undefined : secretFiles.get(name);
    if (f) take(f.source, f.line, `is given the host file`);
  }
}

function commandText(v: unknown, env: ReadonlyMap<string, string>): string | undefined {
  if (typeof v === 'string') return interpolate(v, env);
  if (Array.isArray(v)) {
    const parts = v.map(x => str(x) ?? '').map(x => interpolate(x, env));
    return parts.map(p => (/^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`)).join(' ');
  }
  return undefined;
}

function readService(
  ctx: RuleContext,
  name: string,
  svc: Record<string, unknown>,
  doc: YamlDocument,
  file: string,
  project: Project,
  secretFiles: ReadonlyMap<string, { source: string; line: number }>,
): Service {
  const path = ['services', name];
  const line = doc.lineOf(path) ?? 1;
  const out: Service = { name, file, line, items: [], binds: [] };
  const at = (key: string): number => doc.lineOf([...path, key]) ?? line;
  if (svc.privileged === true || svc.privileged === 'true')
    out.items.push({ reach: 'control', what: 'runs privileged (root on the host)', file, line: at('privileged') });
  for (const key of ['pid', 'ipc', 'userns_mode', 'uts'] as const) {
    if (str(svc[key]) === 'host')
      out.items.push({ reach: key === 'pid' ? 'control' : 'network', what: `shares the host's ${key} namespace`, file, line: at(key) });
  }
  if (str(svc.network_mode) === 'host')
    out.items.push({
      reach: 'network',
      what: "uses the host's network (reaches services on this machine's localhost)",
      file,
      line: at('network_mode'),
    });
  if (Array.isArray(svc.cap_add)) {
    const caps = svc.cap_add.map(c => (str(c) ?? '').toUpperCase().replace(/^CAP_/, '')).filter(c => HOST_CAPS.has(c));
    if (caps.length > 0)
      out.items.push({
        reach: 'control',
        what: `adds the ${caps.join(', ')} capabilit${caps.length > 1 ? 'ies' : 'y'}`,
        file,
        line: at('cap_add'),
      });
  }
  if (Array.isArray(svc.security_opt) && svc.security_opt.some(o => /unconfined/.test(str(o) ?? ''))) {
    out.items.push({ reach: 'network', what: 'turns off its seccomp or AppArmor confinement', file, line: at('security_opt') });
  }
  volumes(svc, path, doc, file, project, out);
  hostFiles(svc, path, doc, file, project, out, secretFiles);
  const wd = str(svc.working_dir);
  if (wd !== undefined) out.workingDir = wd;
  const image = str(svc.image);
  if (image !== undefined && svc.build === undefined) out.image = interpolate(image, project.env);
  const entry = commandText(svc.entrypoint, project.env);
  const cmd = commandText(svc.command, project.env);
  const text = [entry, cmd].filter(x => x !== undefined && x.trim() !== '').join(' ');
  if (text !== '') out.command = { file, line: entry !== undefined ? at('entrypoint') : at('command'), command: text };
  const build = svc.build;
  const b = obj(build);
  const context = typeof build === 'string' ? build : str(b?.context);
  if (context !== undefined || b) {
    const ctxPath = interpolate(context ?? '.', project.env);
    if (/^(?:https?:\/\/|git@|git:\/\/|github\.com\/)/.test(ctxPath)) out.remoteContext = { url: ctxPath, line: at('build') };
    else {
      const dir = joinRel(project.dir, ctxPath);
      const df = str(b?.dockerfile);
      const dfPath = dir === undefined ? undefined : joinRel(dir, interpolate(df ?? 'Dockerfile', project.env));
      if (dfPath !== undefined) {
        const target = str(b?.target);
        out.dockerfile = { path: dfPath, line: at('build'), ...(target !== undefined ? { target } : {}) };
        if (dir !== undefined) out.binds.push(...copies(ctx, dfPath, dir));
      }
    }
  }
  return out;
}

/** `COPY <src> <dest>` of the build context into the image, as container prefix → repository folder. */
function copies(ctx: RuleContext, dockerfile: string, contextDir: string): { container: string; repo: string }[] {
  const facts = loadDockerfile(ctx, dockerfile);
  if (!facts) return [];
  const out: { container: string; repo: string }[] = [];
  let workdir = '/';
  for (const ins of facts.instructions) {
    if (ins.keyword === 'WORKDIR') workdir = ins.raw.startsWith('/') ? ins.raw : `${workdir.replace(/\/$/, '')}/${ins.raw}`;
    if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || ins.flags.some(f => f.startsWith('--from'))) continue;
    const args = ins.exec ?? ins.raw.split(/\s+/).filter(Boolean);
    if (args.length !== 2) continue;
    const [src = '', dest = ''] = args;
    const repo = joinRel(contextDir, src);
    if (repo === undefined || /^[a-z]+:\/\//i.test(src)) continue;
    const d = dest.startsWith('/') ? dest : `${workdir.replace(/\/$/, '')}/${dest}`;
    out.push({ container: d.replace(/\/+$/, '').replace(/\/\.$/, '') || '/', repo });
  }
  return out;
}

/** The repository file a path inside the container is, through the service's binds and copies. */
function repoFileOf(ctx: RuleContext, svc: Service, file: string): string | undefined {
  const abs = file.startsWith('/') ? file : `${(svc.workingDir ?? '/app').replace(/\/$/, '')}/${file.replace(/^\.\//, '')}`;
  for (const b of [...svc.binds].reverse()) {
    const prefix = b.container === '/' ? '' : b.container;
    if (abs !== prefix && !abs.startsWith(`${prefix}/`)) continue;
    const rel = joinRel(b.repo, abs.slice(prefix.length + 1));
    if (rel !== undefined && isRepoFile(ctx, rel)) return rel;
  }
  return undefined;
}

interface CodeVerdict {
  tier: StepTier;
  why: string;
  file: string;
  line: number;
  shown: string;
  evidence?: string;
  sends: boolean;
  /** Repository files the container runs. */
  runs: string[];
  fromImage: boolean;
}

const TIER_RANK: Record<StepTier, number> = { none: 0, context: 1, hidden: 2, decisive: 3 };

function judgeCode(ctx: RuleContext, svc: Service): CodeVerdict | undefined {
  let best: CodeVerdict | undefined;
  const better = (v: CodeVerdict): void => {
    if (!best || TIER_RANK[v.tier] > TIER_RANK[best.tier])
      best = { ...v, sends: v.sends || best?.sends === true, runs: best?.runs ?? v.runs };
  };
  const df = svc.dockerfile ? loadDockerfile(ctx, svc.dockerfile.path) : undefined;
  const command = svc.command ?? (df ? stageStart(df, svc.dockerfile?.target) : undefined);
  const runs: string[] = [];
  if (command) {
    const j = judgeSteps(ctx, [command]);
    for (const f of j.runs) {
      const rel = repoFileOf(ctx, svc, f);
      if (rel !== undefined && !runs.includes(rel)) runs.push(rel);
    }
    better({
      tier: j.tier,
      why: j.why,
      file: command.file,
      line: command.line,
      shown: command.command,
      ...(j.signal ? { evidence: `${clipCommand(command.command, 300)}\n${j.signal.detail}` } : {}),
      sends: j.sends !== undefined,
      runs,
      fromImage: false,
    });
    for (const rel of runs) {
      const text = ctx.text(rel);
      if (text === undefined) continue;
      const facts = ctx.facts.get(shellScriptFacts, text);
      const signals = scriptSignals(facts);
      const d = facts.remoteShell ? undefined : DECISIVE.map(k => signals.find(s => s.kind === k)).find(s => s !== undefined);
      const h = HIDDEN.map(k => signals.find(s => s.kind === k)).find(s => s !== undefined);
      const l = (kind: string | undefined): number => facts.lines.find(x => x.signals.some(s => s.kind === kind))?.line ?? 1;
      const sends = sendsData(text);
      if (facts.remoteShell)
        better({
          tier: 'decisive',
          why: 'opens a shell to a remote host',
          file: rel,
          line: facts.remoteShell.line,
          shown: facts.remoteShell.text,
          sends,
          runs,
          fromImage: false,
        });
      else if (d)
        better({
          tier: 'decisive',
          why: signalMeaning(d.kind),
          file: rel,
          line: l(d.kind),
          shown: rel,
          evidence: d.detail,
          sends,
          runs,
          fromImage: false,
        });
      else if (h)
        better({
          tier: 'hidden',
          why: signalMeaning(h.kind),
          file: rel,
          line: l(h.kind),
          shown: rel,
          evidence: h.detail,
          sends,
          runs,
          fromImage: false,
        });
      else if (sends) better({ tier: 'context', why: 'sends data out', file: rel, line: 1, shown: rel, sends, runs, fromImage: false });
    }
  }
  if (df?.build.tier === 'decisive' && df.build.step) {
    better({
      tier: 'decisive',
      why: `builds its image with a step (${df.path} line ${df.build.step.line}) that ${df.build.why}`,
      file: df.path,
      line: df.build.step.line,
      shown: df.build.step.command,
      ...(df.build.signal ? { evidence: df.build.signal.detail } : {}),
      sends: false,
      runs,
      fromImage: true,
    });
  }
  if (svc.remoteContext) {
    better({
      tier: 'hidden',
      why: `builds an image from ${svc.remoteContext.url}, which Airlock cannot read`,
      file: svc.file,
      line: svc.remoteContext.line,
      shown: svc.remoteContext.url,
      sends: false,
      runs,
      fromImage: true,
    });
  }
  return best;
}

/**
 * Programs whose arguments are code of the repository: a shell, an interpreter, the container
 * CLI (which, given the engine socket, starts anything on the host), or a way into the host's
 * namespaces. A service whose command starts with one runs the repository's instructions, not
 * the image's own program.
 */
const SCRIPTED = /^(?:\S*\/)?(?:sh|bash|ash|dash|zsh|ksh|docker|podman|python[\d.]*|node|perl|ruby|chroot|nsenter)$/;

function scriptedCommand(svc: Service): boolean {
  const first = svc.command?.command.trim().split(/\s+/)[0];
  return first !== undefined && SCRIPTED.test(first);
}

function severityOf(svc: Service, reach: Reach | undefined, code: CodeVerdict | undefined): Severity | undefined {
  const hold = svc.items.filter(i => i.reach === 'credentials' || i.reach === 'control');
  return containerSeverity({
    ...(reach !== undefined ? { reach } : {}),
    socketOnly: hold.length > 0 && hold.every(i => i.socket === true),
    knownTool: svc.image !== undefined && SOCKET_TOOL.test(svc.image.trim()),
    // Flags for the image's own entrypoint (`--providers.docker=true`) are not code of the repository.
    ownCode:
      svc.image === undefined ||
      scriptedCommand(svc) ||
      (code?.runs.length ?? 0) > 0 ||
      (code !== undefined && code.tier !== 'none' && !code.fromImage),
    code: code?.tier ?? 'none',
    codeInBuild: code?.fromImage === true,
    sends: code?.sends === true,
  });
}

function mergeOverride(base: Service, over: Service): Service {
  const merged: Service = { ...base, items: [...base.items, ...over.items], binds: [...base.binds, ...over.binds] };
  if (over.command) merged.command = over.command;
  if (over.dockerfile) merged.dockerfile = over.dockerfile;
  if (over.remoteContext) merged.remoteContext = over.remoteContext;
  if (over.workingDir !== undefined) merged.workingDir = over.workingDir;
  if (over.image !== undefined) merged.image = over.image;
  if (over.dockerfile) delete merged.image;
  return merged;
}

interface ComposeFile {
  path: string;
  services: Map<string, Service>;
}

function readCompose(ctx: RuleContext, path: string): ComposeFile | undefined {
  const text = ctx.text(path);
  if (text === undefined) {
    ctx.error('a Compose file that is not a readable text file: its services were not analysed', path, 'unreadable');
    return undefined;
  }
  const read = readYamlDocument(text, { merge: true });
  if (!read.ok) {
    const kind: GapKind = read.error.kind === 'size' ? 'too-large' : read.error.kind === 'syntax' ? 'unparseable' : 'truncated';
    ctx.error(`the Compose file could not be read: ${read.error.message}`, path, kind);
    return undefined;
  }
  if (read.value.error) ctx.error(`the Compose file is not valid YAML: ${read.value.error.message}`, path, 'unparseable');
  const root = obj(read.value.value);
  const project = ctx.facts.get(composeProject, dirName(path));
  for (const [name, v] of Object.entries(obj(root?.volumes) ?? {})) {
    const opts = obj(obj(v)?.driver_opts);
    const device = str(opts?.device);
    if (device !== undefined && /\bbind\b/.test(str(opts?.o) ?? '')) project.boundVolumes.set(name, interpolate(device, project.env));
  }
  const secretFiles = new Map<string, { source: string; line: number }>();
  for (const key of ['secrets', 'configs'] as const) {
    for (const [name, v] of Object.entries(obj(root?.[key]) ?? {})) {
      const source = str(obj(v)?.file);
      if (source !== undefined) secretFiles.set(name, { source, line: read.value.lineOf([key, name]) ?? 1 });
    }
  }
  const services = new Map<string, Service>();
  const entries = Object.entries(obj(root?.services) ?? {});
  const max = LIMITS.entries.maxComposeServicesPerFile;
  if (entries.length > max) ctx.error(`${entries.length} services; only the first ${max} were analysed one by one`, path, 'too-large');
  for (const [name, v] of entries.slice(0, max)) {
    const svc = obj(v);
    if (svc) services.set(name, readService(ctx, name, svc, read.value, path, project, secretFiles));
  }
  return { path, services };
}

function report(ctx: RuleContext, svc: Service): void {
  const code = judgeCode(ctx, svc);
  const worst = [...svc.items].sort((a, b) => REACH_RANK[b.reach] - REACH_RANK[a.reach])[0];
  const entry = code?.runs[0] ?? svc.dockerfile?.path;
  ctx.addSurface({
    trigger: 'start',
    kind: 'compose-service',
    location: { file: svc.file, line: svc.line },
    name: svc.name,
    ...(svc.command ? { command: clipCommand(svc.command.command, 500) } : {}),
    ...(entry !== undefined && ctx.inventory.byPath.get(entry)?.type === 'file' ? { entry } : {}),
  });
  const severity = severityOf(svc, worst?.reach, code);
  if (severity === undefined) return;
  const reaches = svc.items.map(i => i.what);
  const parts: string[] = [];
  if (reaches.length > 0) parts.push(reaches.join(', '));
  const codeShown = code !== undefined && code.tier !== 'none';
  if (codeShown) {
    parts.push(code.fromImage ? code.why : `runs \`${clipCommand(code.shown)}\`, which ${code.why}`);
  }
  if (code?.sends === true) parts.push('sends data out');
  // Located at what reaches the host when something does, at the code otherwise.
  const hostItem = worst && (worst.reach === 'credentials' || worst.reach === 'control') ? worst : undefined;
  const lead = hostItem ?? (codeShown ? { file: code.file, line: code.line } : worst);
  const at = { file: lead?.file ?? svc.file, line: lead?.line ?? svc.line };
  const dir = dirName(svc.file);
  ctx.report({
    severity,
    message: `\`docker compose${dir === '' ? '' : ` -f ${svc.file}`} up\` starts service \`${svc.name}\`, which ${parts.join('; it ')}.`,
    location: at,
    evidence: [...reaches, ...(code?.evidence !== undefined ? [code.evidence] : [])].join('\n').slice(0, 600),
    ...(code && code.runs.length > 0 ? { runs: { trigger: 'start' as const, files: code.runs } } : {}),
    ...(hostItem && codeShown ? { related: [{ file: code.file, line: code.line }] } : {}),
  });
}

export default defineRule({
  meta: {
    id: 'autorun/docker-compose',
    severity: 'critical',
    confidence: 'high',
    description:
      'Docker Compose services: host folders they mount (home, SSH keys, cloud credentials, browser profiles, the Docker socket), privileged and host-namespace settings, and the commands and images they run, on `docker compose up`.',
    triggers: ['start'],
    phase: 'map',
    files: { globs: ['**/docker-compose*.yml', '**/docker-compose*.yaml', '**/compose*.yml', '**/compose*.yaml'] },
    since: '0.1.0',
  },
  run(ctx) {
    const files = ctx.inventory.files.filter(f => !f.inNodeModules && f.type === 'file' && COMPOSE.test(baseName(f.path))).map(f => f.path);
    const read = new Map<string, ComposeFile | undefined>();
    for (const f of files) read.set(f, readCompose(ctx, f));
    for (const f of files) {
      const cf = read.get(f);
      if (!cf) continue;
      const o = OVERRIDE.exec(baseName(f));
      const dir = dirName(f);
      // `docker compose up` reads compose.yaml and, beside it, compose.override.yaml: one project.
      const baseOf = o
        ? [`${o[1] ?? ''}.yml`, `${o[1] ?? ''}.yaml`].map(b => joinRel(dir, b)).find(p => p !== undefined && read.get(p) !== undefined)
        : undefined;
      const overrideOf = o
        ? undefined
        : files.find(
            p =>
              dirName(p) === dir &&
              OVERRIDE.exec(baseName(p))?.[1]?.toLowerCase() === /^((?:docker-)?compose)\./i.exec(baseName(f))?.[1]?.toLowerCase() &&
              /^(?:docker-)?compose\.ya?ml$/i.test(baseName(f)),
          );
      const over = overrideOf !== undefined ? read.get(overrideOf) : undefined;
      for (const [name, svc] of cf.services) {
        if (baseOf !== undefined && read.get(baseOf)?.services.has(name)) continue; // merged into the base file's service
        const o2 = over?.services.get(name);
        report(ctx, o2 ? mergeOverride(svc, o2) : svc);
      }
    }
  },
});
