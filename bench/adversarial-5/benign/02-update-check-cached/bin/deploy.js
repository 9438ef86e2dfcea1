#!/usr/bin/env node
require('../lib/update-check').check(require('../package.json').version);
console.log('deploying...');
