// Perceptual hash computed in WebAssembly (built from crates/phash with wasm-pack).
let instance: WebAssembly.Instance | undefined;

export async function loadPhash(): Promise<WebAssembly.Instance> {
  if (instance) return instance;
  const url = new URL('/wasm/phash_bg.wasm', window.location.origin);
  const { instance: inst } = await WebAssembly.instantiateStreaming(fetch(url), {});
  instance = inst;
  return inst;
}

export async function combine(a: number, b: number): Promise<number> {
  const inst = await loadPhash();
  const add = inst.exports.add as (x: number, y: number) => number;
  return add(a, b);
}
