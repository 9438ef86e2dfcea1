/**
 * What the installed-files pass does with one file of a scanned node_modules. `gate`: read it
 * once, sniff its content, run one Aho-Corasick automaton over its bytes (the text rules' gates,
 * the IOC atoms and the code pre-filter's literals), and only for a file with the right atoms
 * decode it and compute its text facts; it also says whether the dataflow rules want the file.
 * `analyse`: the dataflow facts of such a file, once the project's .env values are known. The same
 * code runs in the pass's worker threads (big trees) and in the calling thread (small ones).
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { errorMessage } from '../../core/errors.ts';
import { SNIFF_BYTES, decodeText, sniff as sniffBytes } from '../../fs/sniff.ts';
import type { Sniff, TextEncoding } from '../../fs/sniff.ts';
import type { IocSet } from '../../ioc/index.ts';
import { IocMatcher } from '../../ioc/matcher.ts';
import { MAX_PARSE_BYTES, isJsPath, langOf, parseJs } from '../../lang/js/parse.ts';
import type { JsLang } from '../../lang/js/parse.ts';
import { AtomScanner } from '../aho.ts';
import type { AtomTables } from '../aho.ts';
import { factsOf, gatedChecks } from '../file-facts.ts';
import type { FileFacts } from '../file-facts.ts';
import { analyzeText, textFacts as textCodeFacts } from '../js/analyze-file.ts';
import { deeplyNested } from '../../lang/js/nesting.ts';
import { DEPENDENCY_WINDOW, codePrefilter } from '../js/prefilter.ts';
import type { CodeFacts } from '../js/types.ts';
import { isCodePath, positionOf } from '../text-source.ts';

/**
 * Installed files above this size (compiled bundles) are left to the text rules and the IOC
 * matcher; the dataflow rules look at them only when a surface runs them.
 */
export const MAX_DEPENDENCY_PARSE_BYTES = 64 * 1024;

/**
 * A file is read this far first when its size is not known yet (a shorter read is all of it) or
 * when it is bigger and not sniffed yet: a binary is not read further.
 */
const HEAD_FIRST_BYTES = 64 * 1024;

// Neither a symlink nor a FIFO swapped in since the walk is followed or waited on. O_NOFOLLOW and
// O_NONBLOCK are undefined on Windows, where the OR leaves O_RDONLY.
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

export interface GateJob {
  /** Root-relative path. */
  path: string;
  abs: string;
  /** The size, when the walk knew it; otherwise it is found by reading the file. */
  size?: number;
  /** The content sniff when already known; otherwise the file is sniffed here. */
  sniff?: Sniff;
  /**
   * A surface runs or loads it as JavaScript (runs-as-js.ts): the text facts treat it as code and
   * its dataflow facts are wanted whatever its atoms.
   */
  runsAsJs: boolean;
}

export interface GateResult {
  /** The content sniff, when the job had none. */
  sniff?: Sniff;
  /** The file's size, when the job had none. */
  size?: number;
  /** Problems to report against the file. */
  errors: string[];
  text?: FileFacts;
  /** The dataflow rules want this file analysed (`analyse`). */
  code?: true;
  /** Its dataflow facts, when the gate was given the .env values and could analyse it at once. */
  analysed?: CodeResult;
  /** A JavaScript file the code pre-filter showed no rule can match. */
  codeSkipped?: true;
}

export interface CodeJob {
  path: string;
  abs: string;
  size?: number;
  encoding: TextEncoding | undefined;
}

export interface CodeResult {
  errors: string[];
  code?: CodeFacts;
  /** Deeply nested code left for a thread with a big stack (only when `bigStack` is false). */
  nested?: { text: string; lang: JsLang };
}

export interface InstalledSetup {
  /** The automaton over every atom, numbered: text gates, then IOC atoms, then code literals. */
  tables: AtomTables;
  /** Ids below this are the text rules' gates. */
  gates: number;
  /** Ids from this on are the code pre-filter's literals; between `gates` and here, IOC atoms. */
  codeBase: number;
  iocs: IocSet;
  /** The most bytes of a file that are read. */
  maxBytes: number;
  /** The thread's native stack takes deeply nested code (the pass's workers have a big one). */
  bigStack: boolean;
}

const langFor = (path: string): JsLang => (isJsPath(path) ? langOf(path) : 'js');

export class InstalledProcessor {
  private readonly scanner: AtomScanner;
  private readonly ioc: IocMatcher;
  /** Kinds of the code literals for the distance check, by atom id. */
  private readonly kinds: Uint8Array;

  constructor(private readonly setup: InstalledSetup) {
    this.scanner = new AtomScanner(setup.tables);
    this.ioc = new IocMatcher(setup.iocs);
    const kinds = codePrefilter().gateKinds;
    this.kinds = new Uint8Array(setup.codeBase + kinds.length);
    this.kinds.set(kinds, setup.codeBase);
  }

  /**
   * Read, sniff and gate one file; the text facts of a file with a text-rule atom; whether the
   * dataflow rules want it, and (given the project's .env values) its dataflow facts.
   */
  gate(job: GateJob, env?: [string, string][]): GateResult {
    const result: GateResult = { errors: [] };
    let bytes: Buffer;
    let size: number;
    try {
      // A big file not sniffed yet is sniffed from its head first: a binary is never read whole.
      const sniffFirst =
        job.sniff === undefined
          ? (head: Buffer) => (result.sniff = sniffBytes(head.subarray(0, SNIFF_BYTES))).content === 'text'
          : undefined;
      ({ bytes, size } = this.read(job.abs, job.size, sniffFirst));
    } catch (err) {
      result.errors.push(`unreadable: ${errorMessage(err)}`);
      return result;
    }
    if (job.size === undefined) result.size = size;
    if (job.sniff === undefined) result.sniff ??= sniffBytes(bytes.subarray(0, SNIFF_BYTES));
    const sniffed = job.sniff ?? result.sniff;
    if (sniffed?.content !== 'text') return result;
    const { maxBytes } = this.setup;
    if (size > maxBytes) result.errors.push(`larger than ${maxBytes} bytes: only the first ${maxBytes} bytes were analysed`);

    const utf16 = sniffed.encoding === 'utf16le' || sniffed.encoding === 'utf16be';
    let body = utf16 ? decodeText(bytes, sniffed.encoding) : undefined;
    const { ids, near } = this.scanner.scanNear(utf16 ? Buffer.from(body ?? '', 'utf8') : bytes, this.kinds, DEPENDENCY_WINDOW);
    const text = (): string => (body ??= decodeText(bytes, sniffed.encoding));

    const { gates, codeBase } = this.setup;
    const textHits = new Set([...ids].filter(id => id < codeBase));
    const checks = gatedChecks(textHits, isCodePath(job.path) || job.runsAsJs, gates);
    if (checks) {
      try {
        const lang = langFor(job.path);
        const facts = factsOf(
          { path: job.path, size, inNodeModules: true },
          text(),
          job.runsAsJs,
          () => parseJs(job.path, text(), lang),
          checks,
        );
        const candidates = [...textHits].filter(id => id >= gates).map(id => id - gates);
        for (const hit of candidates.length > 0 ? this.ioc.confirm(text(), candidates) : []) {
          facts.ioc.push({ value: hit, ...positionOf(text(), hit.offset) });
        }
        result.text = facts;
      } catch (err) {
        result.errors.push(`text analysis failed: ${errorMessage(err)}`);
      }
    }

    if (job.runsAsJs) result.code = true;
    else if (isJsPath(job.path)) {
      const hits = { ids, base: codeBase, near };
      const bundle = size > MAX_DEPENDENCY_PARSE_BYTES;
      if (!bundle && codePrefilter().passesCodeGate(hits) && codePrefilter().passesGated(text(), hits)) result.code = true;
      else result.codeSkipped = true;
    }
    if (result.code && env) result.analysed = this.analyseText(job.path, text(), env);
    return result;
  }

  /** The dataflow facts of a file the gate let through. */
  analyse(job: CodeJob, env: [string, string][]): CodeResult {
    let text: string;
    try {
      text = decodeText(this.read(job.abs, job.size).bytes, job.encoding);
    } catch (err) {
      return { errors: [`unreadable: ${errorMessage(err)}`] };
    }
    return this.analyseText(job.path, text, env);
  }

  private analyseText(path: string, text: string, env: [string, string][]): CodeResult {
    const result: CodeResult = { errors: [] };
    const lang = langFor(path);
    if (text.length > MAX_PARSE_BYTES) {
      result.errors.push(`larger than ${MAX_PARSE_BYTES} bytes: checked as text, not parsed`);
      result.code = textCodeFacts(path, text, true);
      return result;
    }
    if (text.length > MAX_DEPENDENCY_PARSE_BYTES) {
      result.code = textCodeFacts(path, text, true);
      return result;
    }
    if (!this.setup.bigStack && deeplyNested(text)) {
      result.nested = { text, lang };
      return result;
    }
    try {
      const facts = analyzeText({ path, text, lang, inNodeModules: true, env }, () => undefined);
      if (facts.truncated === true) result.errors.push('dataflow analysis stopped at its budget: some chains in this file may be missed');
      result.code = facts;
    } catch (err) {
      result.errors.push(`could not analyse: ${errorMessage(err)}`);
      result.code = textCodeFacts(path, text, true);
    }
    return result;
  }

  /**
   * The file's first `maxBytes` (at most the size the walk saw, when it saw one), read straight
   * into the scanner's input area: valid until the scanner's next input (one file at a time); and
   * the file's size. Without a size, the first HEAD_FIRST_BYTES are read alone: a shorter read is
   * the whole file (a regular file reads short only at its end), a longer file is asked its size.
   * Given `more`, a file longer than that is read on only if `more` says so of its head.
   */
  private read(abs: string, known: number | undefined, more?: (head: Buffer) => boolean): { bytes: Buffer; size: number } {
    const { maxBytes } = this.setup;
    const fd = openSync(abs, OPEN_FLAGS);
    try {
      if (known !== undefined && !(more && known > HEAD_FIRST_BYTES)) {
        const buffer = this.scanner.inputBuffer(Math.min(known, maxBytes));
        return { bytes: buffer.subarray(0, readInto(fd, buffer, 0)), size: known };
      }
      const head = this.scanner.inputBuffer(Math.min(HEAD_FIRST_BYTES, maxBytes, known ?? Infinity));
      let n = readSync(fd, head, 0, head.length, 0);
      const size = known ?? (n < head.length ? n : Math.max(n, fstatSync(fd).size));
      const want = Math.min(size, maxBytes);
      if (n >= want || (more && !more(head.subarray(0, n)))) return { bytes: head.subarray(0, n), size };
      const saved = Buffer.from(head.subarray(0, n));
      const buffer = this.scanner.inputBuffer(want);
      saved.copy(buffer);
      n = readInto(fd, buffer, n);
      return { bytes: buffer.subarray(0, n), size };
    } finally {
      closeSync(fd);
    }
  }
}

/** Fill `buffer` from `fd` starting at `from` (file offset = buffer offset); the bytes it holds. */
function readInto(fd: number, buffer: Buffer, from: number): number {
  let n = from;
  while (n < buffer.length) {
    const got = readSync(fd, buffer, n, buffer.length - n, n);
    if (got === 0) break;
    n += got;
  }
  return n;
}
