/**
 * What a hook script does, from the shell-command analyser: does it fetch something and hand it to
 * an interpreter, fetch at all, decode an encoded blob, run inline or disguised code? Also the
 * local files it runs, so the execution map can follow them.
 */
import { analyzeCommand } from '../lang/shell/index.ts';
import type { CommandSignalKind } from '../lang/shell/index.ts';

export type HookRisk = 'exfiltration' | 'persistence' | 'fetch-and-run' | 'fetch' | 'decode' | 'inline-code' | 'disguised-script';

const RISK_OF: Partial<Record<CommandSignalKind, HookRisk>> = {
  exfiltration: 'exfiltration',
  persistence: 'persistence',
  'pipe-to-interpreter': 'fetch-and-run',
  'download-then-run': 'fetch-and-run',
  eval: 'fetch-and-run',
  download: 'fetch',
  'base64-decode': 'decode',
  'encoded-powershell': 'decode',
  'inline-code': 'inline-code',
  'disguised-script': 'disguised-script',
};

const RANK: Record<HookRisk, number> = {
  exfiltration: 6,
  persistence: 5,
  'fetch-and-run': 4,
  'disguised-script': 3,
  fetch: 2,
  decode: 1,
  'inline-code': 1,
};

export interface HookAnalysis {
  /** The riskiest thing the script does, with the analyser's words for it. */
  risk?: { risk: HookRisk; detail: string };
  /** Local files the script runs (`node scripts/x.js`, `./x.sh`), as written. */
  runsFiles: string[];
}

export function analyzeHook(script: string): HookAnalysis {
  const a = analyzeCommand(script);
  let risk: HookAnalysis['risk'];
  for (const s of a.signals) {
    const r = RISK_OF[s.kind];
    if (r !== undefined && (risk === undefined || RANK[r] > RANK[risk.risk])) risk = { risk: r, detail: s.detail };
  }
  return { ...(risk ? { risk } : {}), runsFiles: a.runsFiles.map(f => f.file) };
}
