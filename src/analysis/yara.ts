/**
 * User YARA rules through YARA-X compiled to WebAssembly (no native build). The package's default
 * `init()` fetches its .wasm over HTTP, which fails under Node, so the module is initialised
 * synchronously with the bytes of `pkg/yara_x_js_bg.wasm` read from disk (DESIGN.md §11).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Compiler, initSync } from '@virustotal/yara-x';
import type { Rules, Scanner } from '@virustotal/yara-x';
import { errorMessage } from '../core/errors.ts';
import { SEVERITIES } from '../core/types.ts';
import type { Severity } from '../core/types.ts';
import { baseName, joinAbs } from '../fs/path.ts';

let initialised = false;

function ensureInit(): void {
  if (initialised) return;
  const pkgJson = createRequire(import.meta.url).resolve('@virustotal/yara-x/package.json');
  initSync({ module: readFileSync(new URL('./pkg/yara_x_js_bg.wasm', pathToFileURL(pkgJson))) });
  initialised = true;
}

export interface CompiledRules {
  rules?: Rules;
  files: string[];
  /** One line per file that failed to read or compile. */
  problems: string[];
}

function ruleFiles(dir: string, depth = 0): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const abs = joinAbs(dir, name);
    const st = statSync(abs);
    if (st.isDirectory() && depth < 8) out.push(...ruleFiles(abs, depth + 1));
    else if (st.isFile() && /\.(?:yar|yara)$/i.test(name)) out.push(abs);
  }
  return out;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/** Compile every .yar/.yara file under the folders, one namespace per file. */
export function compileRuleDirs(dirs: readonly string[]): CompiledRules {
  ensureInit();
  const out: CompiledRules = { files: [], problems: [] };
  const compiler = new Compiler();
  for (const dir of dirs) {
    let files: string[];
    try {
      files = statSync(dir).isDirectory() ? ruleFiles(dir) : [dir];
    } catch (err) {
      out.problems.push(`YARA rules folder ${dir}: ${errorMessage(err)}`);
      continue;
    }
    for (const file of files) {
      // A file that does not compile would poison the shared compiler: check it alone first.
      const probe = new Compiler();
      try {
        const source = readFileSync(file, 'utf8');
        probe.addSource(source);
        compiler.newNamespace(baseName(file.split('\\').join('/')).replace(/\.(?:yar|yara)$/i, ''));
        compiler.addSource(source);
        out.files.push(file);
      } catch (err) {
        out.problems.push(`YARA rules ${file}: ${firstLine(errorMessage(err))}`);
      } finally {
        probe.free();
      }
    }
  }
  try {
    if (out.files.length > 0) out.rules = compiler.build();
  } catch (err) {
    out.problems.push(`YARA rules: ${firstLine(errorMessage(err))}`);
  } finally {
    compiler.free();
  }
  return out;
}

export interface YaraMatch {
  rule: string;
  namespace: string;
  severity: Severity;
  description?: string;
  /** Byte offset and length of the first pattern match, when the rule has patterns. */
  offset?: number;
  length?: number;
}

interface RawMatch {
  identifier: string;
  namespace: string;
  metadata: { identifier: string; value: unknown }[];
  patterns: { matches: { offset: number; length: number }[] }[];
}

function isSeverity(v: unknown): v is Severity {
  return typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v);
}

export function makeScanner(rules: Rules, timeoutMs: number): Scanner {
  const scanner = rules.scanner();
  scanner.setTimeoutMs(timeoutMs);
  scanner.setMaxMatchesPerPattern(1);
  return scanner;
}

export function scanBytes(scanner: Scanner, bytes: Uint8Array): YaraMatch[] {
  const result = scanner.scan(bytes) as { matches?: RawMatch[] };
  return (result.matches ?? []).map(m => {
    const meta = new Map(m.metadata.map(x => [x.identifier, x.value]));
    const sev = meta.get('severity');
    const desc = meta.get('description');
    const first = m.patterns.flatMap(p => p.matches).sort((a, b) => a.offset - b.offset)[0];
    const match: YaraMatch = { rule: m.identifier, namespace: m.namespace, severity: isSeverity(sev) ? sev : 'medium' };
    if (typeof desc === 'string') match.description = desc;
    if (first) {
      match.offset = first.offset;
      match.length = first.length;
    }
    return match;
  });
}
