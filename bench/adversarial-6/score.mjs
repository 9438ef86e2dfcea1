#!/usr/bin/env node
// Scores this held-out set with the shared scorer (bench/adversarial/score.mjs --dir <this folder>).
// Same options: --no-indicators, --both, --filter TEXT, --json FILE,
// --cli PATH (score another build, e.g. /work/base-b2b9846/dist/cli/main.js). Run `npm run build` first.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const scorer = join(here, '..', 'adversarial', 'score.mjs');
const r = spawnSync(process.execPath, [scorer, '--dir', here, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 2);
