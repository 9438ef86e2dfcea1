#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { notifyUpdate } from '../src/update-check.js';
import { lint } from '../src/lint.js';

const [file = '.env', schema = '.env.schema.json'] = process.argv.slice(2);
const problems = lint(readFileSync(file, 'utf8'), JSON.parse(readFileSync(schema, 'utf8')));
for (const p of problems) console.log(`${file}:${p.line} ${p.message}`);
await notifyUpdate('envlint', '3.0.2');
process.exitCode = problems.length ? 1 : 0;
