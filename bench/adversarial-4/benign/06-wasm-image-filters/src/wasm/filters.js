// Loader for the Rust filters crate (wasm-pack output, committed so no Rust toolchain is needed).
let instance;

export async function init(source = new URL('./filters_bg.wasm', import.meta.url)) {
  if (instance) return instance.exports;
  const response = typeof source === 'string' || source instanceof URL ? fetch(source) : source;
  ({ instance } = await WebAssembly.instantiateStreaming(response, {}));
  return instance.exports;
}

export async function initSync(bytes) {
  ({ instance } = await WebAssembly.instantiate(bytes, {}));
  return instance.exports;
}
