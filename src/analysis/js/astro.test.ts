import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { astroFrontmatterText } from './astro.ts';

describe('astroFrontmatterText', () => {
  it('keeps the frontmatter at its offsets and blanks the fences, the template and its scripts', () => {
    const text = "---\nconst a = 1;\n---\n<h1>{a}</h1>\n<script>eval('x')</script>\n";
    const code = astroFrontmatterText(text) ?? '';
    assert.equal(code.length, text.length);
    assert.deepEqual(code.split('\n'), ['   ', 'const a = 1;', '   ', ' '.repeat(12), ' '.repeat(26), '']);
  });

  it('allows white space before the opening fence and reads an unclosed fence to the end', () => {
    assert.equal(astroFrontmatterText('\n  ---\r\nlet b = 2;\n'), '\n      \nlet b = 2;\n');
  });

  it('is undefined for a component without frontmatter, or a fence that is not first', () => {
    assert.equal(astroFrontmatterText('<h1>Hi</h1>\n---\nconst x = 1;\n---\n'), undefined);
    assert.equal(astroFrontmatterText('---'), undefined);
    assert.equal(astroFrontmatterText('--- x\n---\n'), undefined);
  });
});
