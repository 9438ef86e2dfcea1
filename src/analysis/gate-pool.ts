/**
 * The pre-filter over many files, spread across worker threads: each worker reads a share of the
 * files and runs the Aho-Corasick atom scan; the main thread only sees the few files that hold an
 * atom. Used for installed node_modules trees; small sets run in the calling thread.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { errorMessage } from '../core/errors.ts';
import { AtomScanner } from './aho.ts';
import type { AtomTables } from './aho.ts';

interface GateJob {
  files: GateFile[];
  tables: AtomTables;
  maxBytes: number;
}

interface GateReply {
  /** Index into the job's files, and the atom ids found. */
  hits: [number, number[]][];
  errors: [number, string][];
}

// The worker is plain JavaScript run with `eval`, so it needs no TypeScript loader and no module
// resolution: it gets the compiled automaton from AtomScanner.tables() and only reads and scans.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { openSync, readSync, closeSync } = require('node:fs');
const { files, tables, maxBytes } = workerData;
const { next, accept, out } = tables;
const largest = files.reduce((m, f) => Math.max(m, Math.min(f.size, maxBytes)), 0);
const buf = Buffer.allocUnsafe(largest);
const reply = { hits: [], errors: [] };
files.forEach((f, index) => {
  try {
    const want = Math.min(f.size, maxBytes);
    const fd = openSync(f.abs, 'r');
    let n = 0;
    try {
      while (n < want) {
        const got = readSync(fd, buf, n, want - n, n);
        if (got === 0) break;
        n += got;
      }
    } finally {
      closeSync(fd);
    }
    const found = new Set();
    let s = 0;
    for (let i = 0; i < n; i++) {
      s = next[(s << 8) | buf[i]];
      if (accept[s] === 1) for (const id of out[s]) found.add(id);
    }
    if (found.size > 0) reply.hits.push([index, [...found]]);
  } catch (err) {
    reply.errors.push([index, err instanceof Error ? err.message : String(err)]);
  }
});
parentPort.postMessage(reply);
`;

export interface GateFile {
  abs: string;
  size: number;
}

export interface GateOutcome {
  /** Atom ids found, by index into the input files (only files with hits). */
  hits: Map<number, number[]>;
  errors: Map<number, string>;
}

/** Below this many bytes in total, starting workers costs more than it saves. */
export const POOL_MIN_BYTES = 32 * 1024 * 1024;

function runWorker(job: GateJob): Promise<GateReply> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: job });
    let settled = false;
    worker.once('message', (reply: GateReply) => {
      settled = true;
      resolve(reply);
      void worker.terminate();
    });
    worker.once('error', err => {
      if (!settled) reject(err);
    });
    worker.once('exit', code => {
      if (!settled) reject(new Error(`pre-filter worker exited with code ${code}`));
    });
  });
}

function scanHere(files: readonly GateFile[], atoms: readonly (string | Uint8Array)[], read: (index: number) => Buffer): GateOutcome {
  const scanner = new AtomScanner(atoms);
  const out: GateOutcome = { hits: new Map(), errors: new Map() };
  files.forEach((_f, i) => {
    try {
      const found = scanner.scan(read(i));
      if (found.size > 0) out.hits.set(i, [...found]);
    } catch (err) {
      out.errors.set(i, errorMessage(err));
    }
  });
  return out;
}

export interface PoolOptions {
  /** Worker threads (default: the machine's cores, at most 4). */
  threads?: number;
  /** Use workers only above this many bytes in total (default POOL_MIN_BYTES). */
  minBytes?: number;
}

/**
 * Scan the files for the atoms in worker threads; `read(i)` reads file i in the calling thread
 * for small sets or when workers cannot start.
 */
export async function gateFiles(
  files: readonly GateFile[],
  atoms: readonly (string | Uint8Array)[],
  maxBytes: number,
  read: (index: number) => Buffer,
  options: PoolOptions = {},
): Promise<GateOutcome> {
  const threads = options.threads ?? Math.min(4, availableParallelism());
  const total = files.reduce((n, f) => n + Math.min(f.size, maxBytes), 0);
  if (threads < 2 || total < (options.minBytes ?? POOL_MIN_BYTES)) return scanHere(files, atoms, read);
  // Deal files round-robin by size so every worker gets a similar number of bytes.
  const order = files.map((f, i) => i).sort((a, b) => (files[b]?.size ?? 0) - (files[a]?.size ?? 0));
  const shares: number[][] = Array.from({ length: threads }, () => []);
  const load = new Array<number>(threads).fill(0);
  for (const i of order) {
    let k = 0;
    for (let j = 1; j < threads; j++) if ((load[j] ?? 0) < (load[k] ?? 0)) k = j;
    shares[k]?.push(i);
    load[k] = (load[k] ?? 0) + Math.min(files[i]?.size ?? 0, maxBytes);
  }
  const tables = new AtomScanner(atoms).tables();
  try {
    const replies = await Promise.all(shares.map(share => runWorker({ files: share.map(i => files[i] as GateFile), tables, maxBytes })));
    const out: GateOutcome = { hits: new Map(), errors: new Map() };
    replies.forEach((reply, k) => {
      const share = shares[k] ?? [];
      for (const [local, ids] of reply.hits) out.hits.set(share[local] ?? -1, ids);
      for (const [local, message] of reply.errors) out.errors.set(share[local] ?? -1, message);
    });
    return out;
  } catch {
    return scanHere(files, atoms, read);
  }
}
