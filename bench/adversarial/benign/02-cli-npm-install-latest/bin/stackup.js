#!/usr/bin/env node
import { upgrade } from '../src/upgrade.js';

const [cmd] = process.argv.slice(2);
if (cmd === 'upgrade') {
  await upgrade();
} else {
  console.log('usage: stackup upgrade');
}
