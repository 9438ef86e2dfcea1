#!/usr/bin/env node
import { record } from './telemetry.js';
const [cmd = 'help'] = process.argv.slice(2);
void record(cmd, '1.0.0');
console.log(`scaffold ${cmd}`);
