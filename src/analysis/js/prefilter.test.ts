import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AtomScanner } from '../aho.ts';
import { credentialStores, networkApis, walletExtensions } from '../../knowledge/index.ts';
import { persistencePlaces } from '../../knowledge/persistence.ts';
import { DEPENDENCY_WINDOW, codePrefilter, passesPrefilter } from './prefilter.ts';

const scanner = new AtomScanner(codePrefilter().gateAtoms);
const gate = (text: string): boolean =>
  codePrefilter().passesCodeGate({ ...scanner.scanNear(Buffer.from(text, 'utf8'), codePrefilter().gateKinds, DEPENDENCY_WINDOW), base: 0 });

/** One text per pre-filter pattern, each passing the dependency pre-filter. */
const PASSING = [
  'eval (x); fetch(u)',
  'Function ("a"); atob(s)',
  'new  Function; require("https")',
  'Function . constructor; got("x"); "got"',
  'a.constructor .constructor; request (u)',
  'f() .constructor(x); http.get(u)',
  "o[ 'constructor' ]; https.request(u)",
  "require('node:vm'); x = `node:http`",
  'child_process; new WebSocket(u)',
  '_compile; socket-io',
  'WebAssembly; net.connect()',
  'setTimeout( "x"); Buffer.from (s, "base64")',
  'setInterval(`x`); fromCharCode',
  'require (\tname); readFileSync',
  'import( name); JsonRpcProvider',
  'globalThis [k]; getMemo',
  'eval; s.split("").reverse()',
  '{...process.env}; fetch(u)',
  'JSON.stringify( process.env ); fetch(u)',
  'log(process.env ); fetch(u)',
  'os.networkInterfaces(); fetch(u)',
  'os.hostname (); fetch(u)',
  'process.env.CI; fetch(u)',
  'VirtualBox',
  'VMware',
  'debugger ;',
  'Login Data',
  'Local State',
  'Local Extension',
  'leveldb',
  'Keychains',
  '~/.ssh/id',
  '~/.aws',
  '.npmrc',
  'solana',
  'keyrings',
  'LaunchAgents',
  'crontab',
  String.raw`CurrentVersion\\Run`,
  '.bashrc',
  '.zshrc',
  'Start Menu',
  'schtasks',
  'launchctl',
  'at 198.51.100.7:8080/x',
  'api.npoint.io',
  'jsonkeeper',
  'mocki.io',
  'tiiny.site',
  'pastebin.com',
  'x.vercel.app',
  'x.netlify.app',
  'ipapi',
  'ipinfo',
  'ip-api',
  'api_telegram',
  'discordapp.com/api/webhooks',
  'trongrid',
  'aptoslabs',
  'eth_getTransaction',
  'aHR0cHM6',
  '68747470',
  'x\uFE00\uFE01\uFE02\uFE03',
  // White space an evasive loader might put between the tokens.
  'Function\u00A0(code); fetch\t\t(u)',
  'new\u2003Function; fetch(u)',
  'require( \n name); fetch(u)',
  'require\u3000(name); fetch(u)',
  'import(\u00A0name); fetch(u)',
  'Function \t . constructor; fetch(u)',
  'setTimeout\n\n("x"); fetch(u)',
  'globalThis\uFEFF[k]; fetch(u)',
  'log(process.env \u2028); fetch(u)',
  'x\u{E0100}\u{E0101}\u{E0102}\u{E0103}',
  // A wallet extension id alone (Phantom's), with no profile folder name next to it.
  "ids = ['bfnaelmomeimhlpmgjnjophhpkkoljpa']",
];

describe('code pre-filter gate', () => {
  it('admits every text the dependency pre-filter passes', () => {
    for (const text of PASSING) {
      assert.equal(passesPrefilter(text, true), true, `sample should pass the pre-filter: ${text}`);
      assert.equal(gate(text), true, `the byte gate must admit: ${text}`);
    }
  });

  it('wants a sink near a source in a dependency, anywhere in the project', () => {
    const far = `eval(x);\n${'// padding\n'.repeat(DEPENDENCY_WINDOW / 8)}fetch(u);\n`;
    assert.equal(passesPrefilter(far, true), false);
    assert.equal(passesPrefilter(far), true);
    assert.equal(passesPrefilter('eval(x);\n// a few lines\nfetch(u);\n', true), true);
  });

  it('measures the distance between the patterns, not between their literals', () => {
    const padding = '// padding\n'.repeat(DEPENDENCY_WINDOW / 8);
    // `evaluate` holds the literal `eval` next to the fetch; the real `eval` is far away.
    const farSink = `eval(x);\n${padding}evaluate(y); fetch(u);\n`;
    assert.equal(gate(farSink), true, 'the literals are near each other');
    assert.equal(passesPrefilter(farSink, true), false);
    // Either order, and a pattern in the middle of a long run of matches, still counts.
    assert.equal(passesPrefilter(`fetch(u);\n${padding}evaluate(y); fetch(v); eval(x);\n`, true), true);
    assert.equal(passesPrefilter(`fetch(a);\n${padding}eval(b); fetch(c);\n${padding}fetch(d);\n`, true), true);
    assert.equal(passesPrefilter(`${'eval(a);\n'.repeat(50)}${padding}fetch(u);\n`, true), false);
  });

  it('turns away look-alikes in dependencies', () => {
    for (const text of [
      'evaluate(x); fetcher',
      'function f() {}; request',
      'require("os"); os.hostname()',
      'import x from "y"; fetch(u)',
      'process.env.NODE_ENV; fetch',
      'debugger',
      'at 10:30 pm',
      'isFunction(x); fetch(u)',
    ])
      assert.equal(passesPrefilter(text, true), false, text);
  });

  it('counts a credential store’s common word in a dependency only next to a way out or in its whole path', () => {
    const padding = '// padding\n'.repeat(DEPENDENCY_WINDOW / 8);
    for (const text of [
      "const c = req.getCookies('Cookies');",
      "if (/Firefox\\/(\\d+)/.test(ua)) name = 'Firefox';",
      "browsers.push('chromium')",
    ]) {
      assert.equal(passesPrefilter(text, true), false, `${text} (dependency)`);
      assert.equal(passesPrefilter(text), true, text);
      assert.equal(passesPrefilter(`${text}\nfetch(u);`, true), true, `${text} next to a request`);
      assert.equal(passesPrefilter(`${text}\n${padding}fetch(u);`, true), false, `${text} far from a request`);
    }
    assert.equal(passesPrefilter("p = path.join(home, 'Mozilla/Firefox/Profiles')", true), true);
    assert.equal(passesPrefilter("p = 'Default/Cookies'", true), true);
  });

  it('counts a persistence place in a dependency only in a file that can write', () => {
    for (const text of ["model('User', schema)", "const unit = 'systemd';", "opts['node-options']"]) {
      assert.equal(passesPrefilter(text, true), false, `${text} (dependency)`);
      assert.equal(passesPrefilter(text), true, text);
      for (const m of ['fs', 'node:fs/promises', 'fs-extra', 'graceful-fs', 'child_process', 'execa'])
        assert.equal(passesPrefilter(`const w = require('${m}');\n${text}`, true), true, `${text} with ${m}`);
    }
    assert.equal(passesPrefilter("const w = require('fs');\nw.readFileSync(p)", true), false, 'a writer alone');
  });

  it('turns away ordinary dependency code', () => {
    assert.equal(gate('"use strict";\nmodule.exports = function add(a, b) { return a + b; };\n'), false);
    assert.equal(gate('export const version = "1.2.3";\n'), false);
  });

  it('ignores ids of other atoms', () => {
    assert.equal(codePrefilter().passesCodeGate({ ids: [0, 1, 2], base: 1000, near: false }), false);
  });
});

describe('the pre-filter is built from the knowledge files', () => {
  it('passes a file that only uses one of the network APIs, however the data names it', () => {
    const net = networkApis();
    for (const q of [...net.calls, ...net.sockets, ...net.rpc]) {
      const text = net.globals.includes(q)
        ? net.calls.has(q)
          ? `${q}(u);`
          : `const c = new ${q}(u);`
        : (() => {
            const m = net.modules.find(mod => q === mod || q.startsWith(`${mod}.`)) ?? '';
            return `const m = require(${JSON.stringify(m)});\nm${q.slice(m.length)}(u);`;
          })();
      assert.equal(passesPrefilter(text), true, text);
    }
    assert.equal(passesPrefilter('import { request } from "node:undici";\nawait request(u);'), true);
  });

  it('passes a file that only names a credential store or a wallet extension', () => {
    for (const s of credentialStores()) {
      for (const ex of s.examples) {
        const text = `const p = ${JSON.stringify(ex)};`;
        assert.equal(passesPrefilter(text), true, text);
        assert.equal(passesPrefilter(text, true), true, `${text} (dependency)`);
      }
    }
    for (const e of walletExtensions()) assert.equal(passesPrefilter(`ids.push("${e.id}")`, true), true, e.name);
  });

  it('passes a file that writes to any persistence place of the data', () => {
    for (const p of persistencePlaces()) {
      for (const ex of p.examples) {
        const text = `const p = ${JSON.stringify(ex)};`;
        assert.equal(passesPrefilter(text), true, text);
        assert.equal(
          passesPrefilter(`const fs = require('fs');\nfs.writeFileSync(${JSON.stringify(ex)}, x);`, true),
          true,
          `${ex} (dependency)`,
        );
      }
    }
  });

  it('still skips a file that names none of them', () => {
    assert.equal(passesPrefilter('const news = rows.map(r => r.title); ratio(1, 2);'), false);
  });
});
