/**
 * What a pickle calls when it is loaded: the callables its GLOBAL, INST and STACK_GLOBAL opcodes
 * name (`os system`, `numpy.core.multiarray _reconstruct`), found by walking the opcode stream as
 * pickletools does, protocols 0 to 5. Nothing is unpickled. A model or cache names array and
 * collection constructors; a pickle that runs a command names `os.system`, `subprocess.Popen`,
 * `builtins.exec`.
 */

export interface PickleScan {
  /** `module.name` of every callable the pickle imports, in order, without repeats. */
  globals: string[];
  /** The walk reached STOP (false for a truncated, malformed or non-pickle input). */
  complete: boolean;
}

/** Opcodes with a fixed-size argument, and its size in bytes. */
const FIXED: Record<number, number> = {
  0x4b: 1, // K BININT1
  0x68: 1, // h BINGET
  0x71: 1, // q BINPUT
  0x82: 1, // EXT1
  0x80: 1, // PROTO
  0x4d: 2, // M BININT2
  0x83: 2, // EXT2
  0x4a: 4, // J BININT
  0x6a: 4, // j LONG_BINGET
  0x72: 4, // r LONG_BINPUT
  0x84: 4, // EXT4
  0x47: 8, // G BINFLOAT
  0x95: 8, // FRAME
};
/** Opcodes followed by a length and that many bytes: the length's size. */
const COUNTED: Record<number, number> = {
  0x54: 4, // T BINSTRING
  0x55: 1, // U SHORT_BINSTRING
  0x58: 4, // X BINUNICODE
  0x8c: 1, // SHORT_BINUNICODE
  0x8d: 8, // BINUNICODE8
  0x42: 4, // B BINBYTES
  0x43: 1, // C SHORT_BINBYTES
  0x8e: 8, // BINBYTES8
  0x96: 8, // BYTEARRAY8
  0x8a: 1, // LONG1
  0x8b: 4, // LONG4
};
/** Opcodes whose argument is one newline-terminated line. */
const LINE = new Set([0x49, 0x4c, 0x46, 0x53, 0x56, 0x50, 0x67, 0x70]); // I L F S V P g p
/** Opcodes without an argument. */
const BARE = new Set(
  Array.from('(.0124N)]}aestuldbRoQ', c => c.charCodeAt(0)).concat([
    0x81, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8f, 0x90, 0x91, 0x92, 0x93, 0x94, 0x97, 0x98,
  ]),
);
const TEXT_PUSH = new Set([0x58, 0x8c, 0x8d, 0x56, 0x54, 0x55, 0x53]);
const MAX_GLOBALS = 1000;

function uint(b: Uint8Array, at: number, size: number): number {
  let v = 0;
  for (let i = size - 1; i >= 0; i--) v = v * 256 + (b[at + i] ?? 0);
  return v;
}

function textAt(b: Uint8Array, from: number, to: number): string {
  return Buffer.from(b.buffer, b.byteOffset + from, Math.max(0, to - from)).toString('utf8');
}

export function scanPickle(b: Uint8Array): PickleScan {
  const globals = new Set<string>();
  /** What each push left on the stack, as far as STACK_GLOBAL needs: the text, or undefined. */
  const pushed: (string | undefined)[] = [];
  const memo = new Map<number, string | undefined>();
  const top = (): string | undefined => pushed[pushed.length - 1];
  let at = 0;
  const lineAt = (from: number): number => {
    const nl = b.indexOf(0x0a, from);
    return nl < 0 ? -1 : nl;
  };
  while (at < b.length && globals.size < MAX_GLOBALS) {
    const op = b[at] ?? 0;
    at += 1;
    if (op === 0x2e) return { globals: [...globals], complete: true }; // . STOP
    if (op === 0x63 || op === 0x69) {
      // c GLOBAL / i INST: module\nname\n
      const e1 = lineAt(at);
      const e2 = e1 < 0 ? -1 : lineAt(e1 + 1);
      if (e2 < 0) break;
      globals.add(`${textAt(b, at, e1)}.${textAt(b, e1 + 1, e2)}`);
      at = e2 + 1;
      pushed.push(undefined);
    } else if (op in FIXED) {
      const size = FIXED[op] ?? 0;
      if (op === 0x68 || op === 0x6a) pushed.push(memo.get(uint(b, at, size)));
      else if (op === 0x71 || op === 0x72) memo.set(uint(b, at, size), top());
      else if (op !== 0x80 && op !== 0x95) pushed.push(undefined);
      at += size;
    } else if (op in COUNTED) {
      const size = COUNTED[op] ?? 0;
      const len = uint(b, at, size);
      const start = at + size;
      if (start + len > b.length) break;
      pushed.push(TEXT_PUSH.has(op) ? textAt(b, start, start + len) : undefined);
      at = start + len;
    } else if (LINE.has(op)) {
      const end = lineAt(at);
      if (end < 0) break;
      const text = textAt(b, at, end);
      if (op === 0x67) pushed.push(memo.get(Number(text)));
      else if (op === 0x70) memo.set(Number(text), top());
      else pushed.push(op === 0x56 || op === 0x53 ? text.replace(/^'(.*)'$/, '$1') : undefined);
      at = end + 1;
    } else if (BARE.has(op)) {
      if (op === 0x94)
        memo.set(memo.size, top()); // MEMOIZE
      else if (op === 0x93) {
        // STACK_GLOBAL: module and name are the two values below the top.
        const name = pushed.pop();
        const module = pushed.pop();
        if (module !== undefined && name !== undefined) globals.add(`${module}.${name}`);
        else globals.add('?.?');
        pushed.push(undefined);
      } else pushed.push(undefined);
    } else break;
    if (pushed.length > 4096) pushed.splice(0, 2048);
  }
  return { globals: [...globals], complete: false };
}

/** Modules whose callables run commands, code or network access when a pickle calls them. */
const DANGEROUS_MODULE =
  /^(?:os|posix|nt|subprocess|pty|commands|runpy|importlib|socket|ctypes|marshal|code|codeop|webbrowser|shutil|pickle|_pickle|cPickle|dill|urllib\d?|requests|httpx|http|ftplib|smtplib|telnetlib|multiprocessing|asyncio|sys|timeit|pdb|platform|tempfile)(?:\.|$)/;
const DANGEROUS_BUILTIN =
  /^(?:builtins|__builtin__|__builtins__)\.(?:exec|eval|compile|__import__|getattr|setattr|open|execfile|input|breakpoint|globals|locals|vars|apply)$/;

/** The callables of a scan that run commands or code (`?.?`: a STACK_GLOBAL built from values the walk did not follow). */
export function dangerousGlobals(scan: PickleScan): string[] {
  return scan.globals.filter(dangerousCallable);
}

/** A `module.name` callable that runs commands, code or network access when a deserialiser calls it. */
export function dangerousCallable(g: string): boolean {
  const module = g.slice(0, g.lastIndexOf('.'));
  return DANGEROUS_MODULE.test(module) || DANGEROUS_BUILTIN.test(g) || /^operator\.(?:attrgetter|methodcaller)$/.test(g);
}
