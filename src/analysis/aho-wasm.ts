/**
 * The scan loop of `AtomScanner` (aho.ts) as WebAssembly. The loop is one dependent table load
 * per byte; compiled ahead of time, with 16-bit table entries, no bounds checks and four steps a
 * round with one test for hits, it runs more than twice as fast as the JavaScript one. The module
 * (under 3 KB) is written here by hand, as there is no toolchain to build it, and compiled
 * once per thread.
 *
 * Linear memory (imported, so JavaScript can grow it):
 *
 *   0       lane block: for each lane k, its input address at 8k and its state at 8k + 4;
 *           at STOP, the position where a call stopped
 *   OUT     hits: pairs (input address, state), OUT_PAIRS at most per call
 *   TABLE   transitions: u16 entries, a row of 256 per state, the next state at
 *           TABLE + ((state << 9) | (byte << 1))
 *   input   after the table: the bytes to scan (grows with the largest file)
 *
 * States are renumbered so that the accepting ones are those >= `accept`, a power of two: a
 * compare instead of a second load per byte, and one compare for the OR of many states.
 */

/** The part of the WebAssembly JavaScript API used here (the project's `lib` has no DOM types). */
interface WasmApi {
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
}

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** A scan function: from lane position `from` to `to`, with states >= `accept` accepting; returns the hits written. */
type ScanFn = (from: number, to: number, accept: number, limit: number) => number;

const PAGE = 65536;
/** Bytes of a lane's entry in the lane block. */
const LANE_BYTES = 8;
/** The lanes of the interleaved loop (as in the JavaScript loop, so the hits come in the same order). */
export const LANES = 4;
/** Steps of each lane per round of the loop. */
const UNROLL = 4;
const STOP = LANES * LANE_BYTES;
const OUT = 64;
const OUT_PAIRS = 4096;
const TABLE = PAGE;

// ---------------------------------------------------------------------------------------------
// A minimal WebAssembly binary encoder (core specification 1.0, chapter 5 "Binary Format").
// Everything is an array of byte values; integers are LEB128, vectors are a count then items,
// sections are an id, a byte size, then their contents.

/** Unsigned LEB128: 7 bits a byte, low first, the high bit set on all but the last. */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of an i32: as unsigned, but stops once the rest is the sign extension of bit 6. */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, contents: number[]): number[] {
  return [id, ...uleb(contents.length), ...contents];
}

function name(text: string): number[] {
  return vec([...Buffer.from(text, 'utf8')].map(b => [b]));
}

const I32 = 0x7f;
/** Block type of a block, loop or if that leaves nothing on the stack. */
const EMPTY = 0x40;

/** The opcodes used (spec §5.4). Loads and stores take an alignment (log2 bytes) and an offset. */
const OP = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  i32Load: 0x28,
  i32Load8U: 0x2d,
  i32Load16U: 0x2f,
  i32Store: 0x36,
  i32Const: 0x41,
  i32LtU: 0x49,
  i32GtU: 0x4b,
  i32LeU: 0x4d,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Or: 0x72,
  i32Shl: 0x74,
} as const;

const get = (local: number): number[] => [OP.localGet, ...uleb(local)];
const set = (local: number): number[] => [OP.localSet, ...uleb(local)];
const i32 = (value: number): number[] => [OP.i32Const, ...sleb(value)];
const load32 = (offset: number): number[] => [OP.i32Load, 2, ...uleb(offset)];
const load16 = (offset: number): number[] => [OP.i32Load16U, 1, ...uleb(offset)];
const load8 = (offset: number): number[] => [OP.i32Load8U, 0, ...uleb(offset)];
const store32 = (offset: number): number[] => [OP.i32Store, 2, ...uleb(offset)];

/**
 * The body of a scan function over `lanes` interleaved lanes. Parameters: 0 from, 1 to,
 * 2 accept (a power of two: a state accepts when it is >= accept), 3 limit (stop once more hits
 * than this are written). Locals: 4 i, 5 any, 6 hits, then for each lane k its input address
 * (7 + 3k), its state (8 + 3k) and its state saved at the start of a round (9 + 3k).
 *
 * A round takes UNROLL steps of every lane and ORs their states into `any`: since `accept` is a
 * power of two above every state that does not accept, `any >= accept` exactly when one of them
 * accepts. Such a round (rare) is replayed from the saved states, writing each hit. In
 * pseudo-code, with step(k, j) = TABLE16[(state << 9) | (byte[address + i + j] << 1)]:
 *
 *   load each lane's address and state from the lane block; i = from; hits = 0
 *   while i + UNROLL <= to:
 *     saved = state for each lane; any = 0
 *     for j < UNROLL, for each lane k: state = step(k, j); any |= state
 *     if any >= accept:
 *       state = saved for each lane
 *       for j < UNROLL, for each lane k: state = step(k, j); if state >= accept: OUT[hits++] = (address + i + j, state)
 *       if hits > limit: i += UNROLL, stop
 *     i += UNROLL
 *   for the last positions (fewer than UNROLL), one at a time: step, and write any hit
 *   store each lane's state and i in the lane block; return hits
 */
function scanBody(lanes: number): number[] {
  const [from, to, accept, limit, i, any, hits] = [0, 1, 2, 3, 4, 5, 6];
  const address = (k: number): number => 7 + 3 * k;
  const state = (k: number): number => 8 + 3 * k;
  const saved = (k: number): number => 9 + 3 * k;
  const each = (count: number, f: (k: number) => number[]): number[] => Array.from({ length: count }, (_, k) => f(k)).flat();
  const lane = (f: (k: number) => number[]): number[] => each(lanes, f);
  const add = (local: number, value: number): number[] => [...get(local), ...i32(value), OP.i32Add, ...set(local)];
  // state = TABLE16[(state << 9) | (byte << 1)]: TABLE and the step j are the loads' constant offsets.
  const step = (k: number, j: number): number[] => [
    ...[...get(state(k)), ...i32(9), OP.i32Shl],
    ...[...get(address(k)), ...get(i), OP.i32Add, ...load8(j), ...i32(1), OP.i32Shl],
    ...[OP.i32Or, ...load16(TABLE), ...set(state(k))],
  ];
  // If the state accepts, the pair (address + i + j, state) goes to OUT + hits * 8.
  const record = (k: number, j: number): number[] => [
    ...[...get(state(k)), ...get(accept), OP.i32GeU, OP.if, EMPTY],
    ...[...get(hits), ...i32(3), OP.i32Shl, ...get(address(k)), ...get(i), OP.i32Add, ...i32(j), OP.i32Add, ...store32(OUT)],
    ...[...get(hits), ...i32(3), OP.i32Shl, ...get(state(k)), ...store32(OUT + 4)],
    ...add(hits, 1),
    OP.end,
  ];
  const code = [
    ...lane(k => [...i32(0), ...load32(k * LANE_BYTES), ...set(address(k))]),
    ...lane(k => [...i32(0), ...load32(k * LANE_BYTES + 4), ...set(state(k))]),
    ...[...get(from), ...set(i)],
    // Branch labels count outwards from the innermost open block, loop or if (0).
    ...[OP.block, EMPTY], // the end
    ...[OP.block, EMPTY], // the rounds
    ...[...get(i), ...i32(UNROLL), OP.i32Add, ...get(to), OP.i32GtU, OP.brIf, 0],
    ...[OP.loop, EMPTY],
    ...lane(k => [...get(state(k)), ...set(saved(k))]),
    ...[...i32(0), ...set(any)],
    ...each(UNROLL, j => lane(k => [...step(k, j), ...get(any), ...get(state(k)), OP.i32Or, ...set(any)])),
    ...[...get(any), ...get(accept), OP.i32GeU, OP.if, EMPTY],
    ...lane(k => [...get(saved(k)), ...set(state(k))]),
    ...each(UNROLL, j => lane(k => [...step(k, j), ...record(k, j)])),
    // Full: past this round, to the end (labels: 0 this if, 1 the if above, 2 loop, 3 rounds, 4 end).
    ...[...get(hits), ...get(limit), OP.i32GtU, OP.if, EMPTY, ...add(i, UNROLL), OP.br, 4, OP.end],
    OP.end,
    ...add(i, UNROLL),
    ...[...get(i), ...i32(UNROLL), OP.i32Add, ...get(to), OP.i32LeU, OP.brIf, 0],
    OP.end, // loop
    OP.end, // the rounds
    // The last positions: fewer than UNROLL steps, so their hits fit (limit leaves room for a round).
    ...[...get(i), ...get(to), OP.i32GeU, OP.brIf, 0],
    ...[OP.loop, EMPTY],
    ...lane(k => [...step(k, 0), ...record(k, 0)]),
    ...add(i, 1),
    ...[...get(i), ...get(to), OP.i32LtU, OP.brIf, 0],
    OP.end, // loop
    OP.end, // the end
    ...lane(k => [...i32(0), ...get(state(k)), ...store32(k * LANE_BYTES + 4)]),
    ...[...i32(0), ...get(i), ...store32(STOP)],
    ...get(hits),
    OP.end,
  ];
  // A function body: its size, its locals (one run of i32s), its code.
  const body = [...vec([[...uleb(3 + 3 * lanes), I32]]), ...code];
  return [...uleb(body.length), ...body];
}

/** The module: imports `env.memory`, exports `scan1` (one lane) and `scanLanes` (LANES lanes). */
function moduleBytes(): Uint8Array {
  const scanType = [0x60, ...vec([[I32], [I32], [I32], [I32]]), ...vec([[I32]])];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d], // "\0asm"
    ...[0x01, 0x00, 0x00, 0x00], // version 1
    ...section(1, vec([scanType])), // types: (i32 i32 i32 i32) -> i32
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(1)]])), // memory, at least 1 page, no maximum
    ...section(3, vec([[0], [0]])), // two functions of type 0
    ...section(
      7,
      vec([
        [...name('scan1'), 0x00, 0],
        [...name('scanLanes'), 0x00, 1],
      ]),
    ), // exported functions 0 and 1
    ...section(10, vec([scanBody(1), scanBody(LANES)])), // code
  ];
  return Uint8Array.from(bytes);
}

const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
let compiled: object | undefined;

/**
 * An automaton's transitions in WebAssembly memory, with the input area after them. Hits are
 * reported with the state numbers of the automaton it was made from.
 */
export class WasmAutomaton {
  private lanes = new Int32Array(0);
  private out = new Int32Array(0);
  private readonly input: number;

  private constructor(
    private readonly memory: WasmMemory,
    private readonly scan1: ScanFn,
    private readonly scanLanes: ScanFn,
    /** The first accepting state, in this numbering. */
    private readonly accept: number,
    /** The start state, in this numbering. */
    private readonly start: number,
    /** The automaton's number of each state. */
    private readonly original: Int32Array,
  ) {
    this.input = TABLE + original.length * 512;
    this.views();
  }

  /**
   * The automaton in WebAssembly, or undefined when there is no WebAssembly or its renumbered
   * states do not fit u16 entries.
   */
  static create(next: Int32Array, accept: Uint8Array): WasmAutomaton | undefined {
    const n = accept.length;
    // Renumber: the states that do not accept first, in order, then from the next power of two
    // those that do. The rows between them stay unused (and untouched, so never paged in).
    const renumbered = new Int32Array(n);
    let others = 0;
    for (let s = 0; s < n; s++) if (accept[s] !== 1) renumbered[s] = others++;
    const first = 2 ** Math.ceil(Math.log2(Math.max(others, 1)));
    let rows = first;
    for (let s = 0; s < n; s++) if (accept[s] === 1) renumbered[s] = rows++;
    if (api === undefined || rows > 65536) return undefined;
    const original = new Int32Array(rows);
    for (let s = 0; s < n; s++) original[renumbered[s] as number] = s;
    try {
      compiled ??= new api.Module(moduleBytes());
      const memory = new api.Memory({ initial: Math.ceil((TABLE + rows * 512) / PAGE) + 1 });
      const table = new Uint16Array(memory.buffer, TABLE, rows * 256);
      for (let t = 0; t < rows; t++) {
        if (t >= others && t < first) continue;
        const row = (original[t] as number) * 256;
        for (let b = 0; b < 256; b++) table[t * 256 + b] = renumbered[next[row + b] as number] as number;
      }
      const { exports } = new api.Instance(compiled, { env: { memory } });
      return new WasmAutomaton(memory, exports.scan1 as ScanFn, exports.scanLanes as ScanFn, first, renumbered[0] as number, original);
    } catch {
      return undefined;
    }
  }

  /** A Buffer of `size` bytes at the start of the input area (valid until memory grows: the next `inputBuffer` call). */
  inputBuffer(size: number): Buffer {
    const need = this.input + size;
    const have = this.memory.buffer.byteLength;
    if (need > have) {
      this.memory.grow(Math.ceil((Math.max(need, have + (have - this.input)) - have) / PAGE));
      this.views();
    }
    return Buffer.from(this.memory.buffer, this.input, size);
  }

  /** True when `bytes` is the start of the input area. */
  holds(bytes: Uint8Array): boolean {
    return bytes.buffer === this.memory.buffer && bytes.byteOffset === this.input;
  }

  /**
   * Scan the first `len` bytes of the input area, calling `visit(state, end)` for each accepting
   * state, in the order of the JavaScript loop: `lanes` interleaved lanes when `lanes` is LANES
   * (each but the first started `warm` bytes early, without reporting), then the rest in one.
   */
  scan(len: number, lanes: number, warm: number, visit: (state: number, end: number) => void): void {
    if (lanes === 1) {
      this.setLane(0, this.input, this.start);
      this.drain(this.scan1, 0, len, visit);
      return;
    }
    const q = Math.floor(len / LANES);
    const states = [this.start];
    for (let k = 1; k < LANES; k++) {
      this.setLane(0, this.input + k * q - warm, this.start);
      this.drain(this.scan1, 0, warm, () => undefined);
      states.push(this.lanes[1] as number);
    }
    for (let k = 0; k < LANES; k++) this.setLane(k, this.input + k * q, states[k] as number);
    this.drain(this.scanLanes, 0, q, visit);
    this.setLane(0, this.input + (LANES - 1) * q, this.lanes[(LANES - 1) * 2 + 1] as number);
    this.drain(this.scan1, q, len - (LANES - 1) * q, visit);
  }

  /** Run `fn` from `from` to `to`, reporting its hits, again from where it stopped while the hits fill OUT. */
  private drain(fn: ScanFn, from: number, to: number, visit: (state: number, end: number) => void): void {
    const limit = OUT_PAIRS - LANES * UNROLL;
    for (;;) {
      const hits = fn(from, to, this.accept, limit);
      for (let h = 0; h < hits; h++)
        visit(this.original[this.out[2 * h + 1] as number] as number, (this.out[2 * h] as number) - this.input);
      from = this.lanes[STOP / 4] as number;
      if (from >= to) return;
    }
  }

  private setLane(k: number, address: number, state: number): void {
    this.lanes[2 * k] = address;
    this.lanes[2 * k + 1] = state;
  }

  private views(): void {
    this.lanes = new Int32Array(this.memory.buffer, 0, OUT / 4);
    this.out = new Int32Array(this.memory.buffer, OUT, OUT_PAIRS * 2);
  }
}
