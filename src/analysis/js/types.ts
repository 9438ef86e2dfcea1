/**
 * The per-file code facts every `code/*` rule reads. Plain data (structured-clone safe), so a
 * worker thread can compute them.
 */
import type { Location } from '../../core/types.ts';

/** Where data comes from. */
export type TaintKind =
  | 'network' // an HTTP/WebSocket/socket response
  | 'rpc' // a blockchain RPC result or contract call
  | 'decoded' // base64/hex/char codes/reversed/invisible-Unicode decoded text
  | 'env' // one process.env value
  | 'envdump' // the whole environment
  | 'fingerprint' // host name, MAC addresses, platform
  | 'file' // contents of a non-code file
  | 'credential'; // contents of a credential/browser/wallet file

export interface Step {
  label: string;
  loc: Location;
}

export interface Taint {
  kinds: TaintKind[];
  /** The chain so far, in order (source → decode → fetch ...). */
  steps: Step[];
  /** Decoded values met on the way (endpoints, code). */
  values: string[];
  /** Parameters of the enclosing functions the data comes from: `${fnStart}:${index}`. */
  params: string[];
}

export type SinkKind =
  'eval' | 'function' | 'vm' | 'module-load' | 'module-compile' | 'timer' | 'wasm' | 'shell' | 'spawn' | 'fork' | 'stdin-code';

/** The first step of a chain found in code a decoder recovered: the sink that runs that code. */
/** What stands for the parts of a recovered string that are not constants (a skeleton's holes). */
export const UNKNOWN_PART = '${…}';

export const STAGE_STEP = 'runs code it decoded';

export interface SinkFact {
  kind: SinkKind;
  /** How the code calls it, e.g. `new Function`, `vm.runInThisContext`, `child_process.exec`. */
  callee: string;
  loc: Location;
  /** The input is a compile-time constant. */
  constant: boolean;
  /** The evaluated input, or a skeleton with `${…}` for unknown parts (truncated). */
  value?: string;
  /** The input came out of a decoding step. */
  decoded: boolean;
  taint?: Taint;
  /** The sink sits in another file, reached through an imported helper. */
  via?: Location;
  /** Start offset of the enclosing function (for gating checks). */
  fnStart?: number;
  /** For spawn sinks: resolved references to executed paths. */
  refs?: string[];
  /**
   * For command sinks: data can only be arguments of a fixed program. Without a shell: a constant
   * non-interpreter name, or a caller's choice of program followed by a fixed subcommand word. With
   * a shell: a fixed program whose unknown parts only complete arguments after a fixed start
   * (`npm install pkg@${version}`; `fillsArgumentSlots` in flow.ts).
   */
  argvOnly?: boolean;
  /**
   * For spawn sinks: an interpreter given its program on the command line (`node -e CODE`,
   * `python3 -c CODE`, `execFile(process.execPath, ['--eval', CODE])`).
   */
  inlineCode?: boolean;
  /**
   * For `import()`: the specifier names a file or a path on the app's own server (`pathToFileURL(p)`,
   * `path.join(…)`, a URL's `.pathname`), so the code loaded is what is there, not the specifier's data.
   */
  pathSpecifier?: boolean;
  /**
   * For module loads: the file loaded is one this code wrote, so the code run is what the write held
   * (its taint), not what the repository has at that path.
   */
  loadsWritten?: true;
  /** For command sinks: runs inside a loop or an iteration callback (`forEach`, `map`). */
  inLoop?: boolean;
}

export interface RequestFact {
  callee: string;
  loc: Location;
  /** The evaluated URL (or skeleton) when known. */
  url?: string;
  urlDecoded: boolean;
  urlTaint?: Taint;
  /** Taint of the data sent (body, query, headers, later `.write`/`.send`/`.emit`). */
  payloadTaint?: Taint;
  /** True for sends (POST/PUT, write/send/emit) rather than plain fetches. */
  sends: boolean;
  kind: 'http' | 'socket' | 'rpc';
}

export interface StringFact {
  value: string;
  loc: Location;
  decoded: boolean;
}

export interface SpawnFact {
  callee: string;
  loc: Location;
  command?: string;
  detached: boolean;
  stdioIgnore: boolean;
  windowsHide: boolean;
  unref: boolean;
  /** Runs node (or process.execPath) reading its program from stdin. */
  stdinNode: boolean;
  taint?: Taint;
}

export interface WriteFact {
  callee: string;
  loc: Location;
  path?: string;
  refs: string[];
  taint?: Taint;
  /** For copies (`fs.copyFileSync`, `fs.cpSync`): the path the bytes come from. */
  from?: string;
}

export interface ReadFact {
  callee: string;
  loc: Location;
  path: string;
}

export type GateKind = 'debugger-trap' | 'ci-check' | 'vm-check' | 'host-check' | 'delay';

export interface GateFact {
  kind: GateKind;
  loc: Location;
  detail: string;
  /** A network call or code sink runs inside, or after, the gate. */
  gatesAction: boolean;
  /**
   * What the gated code does is risky: it runs code or a command built from data (a response, a
   * decoded string, a credential), contacts a decoded or data-made address, or sends secrets. A
   * gate before a fixed request (an update check, a telemetry beacon) or before the package's own
   * program with fixed arguments is not.
   */
  risky: boolean;
}

export interface ExportSummary {
  /** Constant string value. */
  value?: string;
  /**
   * What the export is, when it is a loader, compiler, process or network API or module under
   * another name (`export { runInThisContext as run } from 'node:vm'`, `module.exports = require('vm')`).
   */
  alias?: string;
  /** Taint of the value (or of what the function returns). */
  taint?: Taint;
  /** Parameter indices whose data the function returns. */
  returnsParams?: number[];
  /** Parameter indices the function sends in a network request (an upload helper). */
  sendParams?: { index: number; callee: string; loc: Location; url?: string; kind: 'http' | 'socket' | 'rpc' }[];
  /** Parameter indices that reach a sink inside the function. */
  sinkParams?: {
    index: number;
    kind: SinkKind;
    callee: string;
    loc: Location;
    /**
     * What the function does with the parameter before the sink, when that is itself a source:
     * `network` when it is the URL whose response is run (`(u) => fetch(u).then(r => r.text()).then(eval)`).
     */
    through?: { kind: TaintKind; label: string; loc: Location };
    /** The sink's data can only be arguments of a fixed program (SinkFact.argvOnly). */
    argvOnly?: boolean;
  }[];
}

export interface ModuleSummary {
  exports: Record<string, ExportSummary>;
}

export interface CodeFacts {
  path: string;
  /** `ast`: parsed; `text`: did not parse (text-level facts only); `skipped`: nothing to look at. */
  mode: 'ast' | 'text' | 'skipped';
  /** The language of the file (JavaScript/TypeScript when absent). */
  language?: 'python';
  inNodeModules: boolean;
  sinks: SinkFact[];
  requests: RequestFact[];
  strings: StringFact[];
  spawns: SpawnFact[];
  writes: WriteFact[];
  reads: ReadFact[];
  gates: GateFact[];
  /** process.env names read. */
  envReads: { name: string; loc: Location }[];
  /** Where code sets an install-time script (`scripts.postinstall = …`, `{ preinstall: … }`). */
  lifecycleEdits: Location[];
  summary: ModuleSummary;
  /** Local files imported (root-relative). */
  imports: string[];
  /** The dataflow or evaluation budget ran out: some chains of this file may be missing. */
  truncated?: boolean;
  /** Decoders whose evaluation stopped at its budget where their output mattered (a sink's input, a decoder call). */
  budgetGaps?: { loc: Location; what: string }[];
}

export function emptyFacts(path: string, inNodeModules: boolean, mode: CodeFacts['mode']): CodeFacts {
  return {
    path,
    mode,
    inNodeModules,
    sinks: [],
    requests: [],
    strings: [],
    spawns: [],
    writes: [],
    reads: [],
    gates: [],
    envReads: [],
    lifecycleEdits: [],
    summary: { exports: {} },
    imports: [],
  };
}

export function hasKind(t: Taint | undefined, ...kinds: TaintKind[]): boolean {
  return t !== undefined && kinds.some(k => t.kinds.includes(k));
}
