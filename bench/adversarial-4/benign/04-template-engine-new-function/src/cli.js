#!/usr/bin/env node
const { readFileSync } = require('fs');
const { render } = require('./index');
const [file, dataFile] = process.argv.slice(2);
const data = dataFile ? JSON.parse(readFileSync(dataFile, 'utf8')) : { name: 'World', items: [] };
process.stdout.write(render(readFileSync(file, 'utf8'), data));
