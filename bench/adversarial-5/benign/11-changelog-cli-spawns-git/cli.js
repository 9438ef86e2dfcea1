#!/usr/bin/env node
const { execFileSync } = require('child_process');
const git = (...args) => execFileSync('git', args, { encoding: 'utf8' }).trim();
let from = '';
try { from = git('describe', '--tags', '--abbrev=0'); } catch {}
const log = git('log', '--pretty=format:%s (%h)', from ? `${from}..HEAD` : 'HEAD');
console.log('## Unreleased\n\n' + log.split('\n').map((l) => '- ' + l).join('\n'));
