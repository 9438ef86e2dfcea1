/**
 * Whether the code a CI, host or delay check guards does something risky (docs/severity.md,
 * "A check is evasion when what it guards is risky"). Skipping work in CI is what update
 * notifiers, telemetry beacons and install hooks do every day; hiding from analysis means hiding
 * something worth hiding: code or a command made from data, an address that was decoded or
 * fetched, secrets sent out.
 */
import type { RequestFact, SinkFact, TaintKind } from './types.ts';

/** Sources whose data, run as code or a command, is not the repository's own. */
const FOREIGN: ReadonlySet<TaintKind> = new Set(['network', 'rpc', 'decoded', 'credential', 'envdump']);
/** What a request must not carry out of the machine. */
const SECRET: ReadonlySet<TaintKind> = new Set(['credential', 'envdump']);
const COMMANDS: ReadonlySet<SinkFact['kind']> = new Set(['shell', 'spawn', 'fork']);
const LOADS: ReadonlySet<SinkFact['kind']> = new Set(['module-load', 'wasm']);

const has = (kinds: readonly TaintKind[] | undefined, set: ReadonlySet<TaintKind>): boolean => kinds?.some(k => set.has(k)) ?? false;

/**
 * A sink is risky when what it runs comes from a foreign source or a decoder, when it runs a
 * string built at run time as code, or when the command it runs is not a fixed program with
 * argument slots. A computed `require` or a spawn of a fixed program with data only in its
 * arguments (`spawnSync(getExePath(), ['install', '-f'])`) is not.
 */
export function isRiskySink(s: SinkFact): boolean {
  if (s.decoded || has(s.taint?.kinds, FOREIGN)) return true;
  if (LOADS.has(s.kind)) return false;
  if (COMMANDS.has(s.kind)) return s.argvOnly !== true && !s.constant;
  return !s.constant;
}

/**
 * A request is risky when its address was decoded or comes from a response or a chain read, or
 * when it carries credentials or the whole environment. A fixed URL asked for a version
 * or sent a version string is not.
 */
export function isRiskyRequest(r: RequestFact): boolean {
  if (r.urlDecoded || has(r.urlTaint?.kinds, FOREIGN)) return true;
  return has(r.payloadTaint?.kinds, SECRET);
}
