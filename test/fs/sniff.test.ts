import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeText, sniff } from '../../src/fs/sniff.ts';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(parts.map(p => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('content sniff', () => {
  it('calls plain text, with tabs, newlines, form feeds and ANSI colours, text', () => {
    for (const text of ['module.exports = 1;\n', 'a\tb\r\nc\f\v', '\u001b[31mred\u001b[0m', 'héllo wörld ✓']) {
      assert.deepEqual(sniff(bytes(text)), { content: 'text', encoding: 'utf8' }, JSON.stringify(text));
    }
  });

  it('calls bytes with NUL or other control characters binary', () => {
    assert.equal(sniff(bytes('abc', [0], 'def')).content, 'binary');
    // A few stray control characters in text are tolerated; many are not.
    assert.equal(sniff(bytes('a'.repeat(100), [0x01], 'b'.repeat(100))).content, 'text');
    assert.equal(sniff(bytes(Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? 0x02 : 0x41)))).content, 'binary');
  });

  it('finds a control byte wherever it sits, whatever the alignment of the bytes', () => {
    const text = Buffer.from('line one\n\tline two\r\n'.repeat(20), 'utf8');
    const backing = Buffer.alloc(text.length + 8);
    for (let offset = 0; offset < 4; offset++) {
      const head = backing.subarray(offset, offset + text.length);
      text.copy(head);
      assert.equal(sniff(head).content, 'text', `offset ${offset}`);
      // Any NUL makes a file binary: one at each place of a word, at the start and at the end.
      for (const at of [0, 1, 2, 3, 5, 100, 101, 102, 103, text.length - 4, text.length - 3, text.length - 2, text.length - 1]) {
        text.copy(head);
        head[at] = 0;
        assert.equal(sniff(head).content, 'binary', `offset ${offset}, NUL at ${at}`);
      }
      // Tab, newline, carriage return, vertical tab, form feed and ESC are text.
      text.copy(head);
      head.set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1b], 37);
      assert.equal(sniff(head).content, 'text', `offset ${offset}`);
    }
    for (const control of [0x01, 0x08, 0x0e, 0x1a, 0x1c, 0x1f]) {
      assert.equal(
        sniff(
          bytes(
            'ab',
            Array.from({ length: 64 }, () => control),
          ),
        ).content,
        'binary',
        `0x${control.toString(16)}`,
      );
    }
  });

  it('reads byte-order marks and BOM-less UTF-16', () => {
    assert.deepEqual(sniff(bytes([0xef, 0xbb, 0xbf], 'x')), { content: 'text', encoding: 'utf8-bom' });
    assert.deepEqual(sniff(bytes([0xff, 0xfe], 'x')), { content: 'text', encoding: 'utf16le' });
    assert.deepEqual(sniff(bytes([0xfe, 0xff], 'x')), { content: 'text', encoding: 'utf16be' });
    assert.deepEqual(sniff(Buffer.from('require("fs");', 'utf16le')), { content: 'text', encoding: 'utf16le' });
    assert.equal(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('hi', 'utf16le')]), 'utf16le'), 'hi');
  });

  it('names container formats by magic bytes, and text that starts like one stays text', () => {
    assert.deepEqual(sniff(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])), { content: 'binary', magic: 'png' });
    assert.deepEqual(sniff(bytes([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0])), { content: 'binary', magic: 'elf' });
    assert.deepEqual(sniff(bytes('wOF2 but really text: require("child_process")')), { content: 'text', magic: 'woff2', encoding: 'utf8' });
    assert.deepEqual(sniff(bytes('MZ is also how this note starts')), { content: 'text', encoding: 'utf8' });
    assert.deepEqual(sniff(new Uint8Array(0)), { content: 'empty' });
  });
});
