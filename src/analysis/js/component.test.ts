import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { componentScriptText, isComponentPath } from './component.ts';

describe('componentScriptText', () => {
  it('keeps the top-level scripts of a Vue component at their offsets and blanks the template and styles', () => {
    const text = '<template>\n  <p>{{ a }}</p>\n</template>\n<script setup lang="ts">\nconst a = 1;\n</script>\n<style>p{}</style>\n';
    const code = componentScriptText(text) ?? '';
    assert.equal(code.length, text.length);
    const lines = code.split('\n');
    assert.equal(lines[3], ' '.repeat(23) + ';');
    assert.equal(lines[4], 'const a = 1;');
    assert.equal(lines[6]?.trim(), '');
  });

  it('keeps both scripts of a Svelte component as separate statements', () => {
    const text = '<script context="module">\nexport const x = 1\n</script>\n<script>\nlet y = 2\n</script>\n<h1>{y}</h1>\n';
    const code = componentScriptText(text) ?? '';
    assert.equal(code.length, text.length);
    assert.deepEqual(
      code.split('\n').map(l => l.trim()),
      [';', 'export const x = 1', '', ';', 'let y = 2', '', '', ''],
    );
  });

  it('leaves out scripts nested in the markup and scripts loaded with src', () => {
    const text = '<svelte:head>\n  <script>window.dataLayer = []</script>\n</svelte:head>\n<script src="./x.js"></script>\n<p>hi</p>\n';
    assert.equal(componentScriptText(text), undefined);
  });

  it('knows component files by their extension', () => {
    assert.equal(isComponentPath('pages/index.vue'), true);
    assert.equal(isComponentPath('src/routes/+page.svelte'), true);
    assert.equal(isComponentPath('src/app.ts'), false);
  });
});
