#!/usr/bin/env node
const { spawnSync } = require('child_process');
const path = require('path');
const exe = process.env.FASTLINT_BINARY_PATH || path.join(__dirname, '..', 'lib', process.platform === 'win32' ? 'fastlint.exe' : 'fastlint');
const r = spawnSync(exe, process.argv.slice(2), { stdio: 'inherit' });
process.exit(r.status ?? 1);
