/** The HTML report: escaped, self-contained, and rendered for real in headless Chromium. */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { renderHtml, highlight } from '../../src/reporters/html.ts';
import { runAirlock } from '../helpers/cli.ts';
import { hostileReport } from './hostile-report.ts';

const CHROMIUM = '/usr/bin/chromium';
const noBrowser = existsSync(CHROMIUM) ? false : 'Chromium is not installed (apt-get install chromium)';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCREENSHOT = fileURLToPath(new URL('../../docs/images/html-report.png', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'airlock-html-'));
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('HTML report', () => {
  it('escapes every value from the repository', () => {
    const html = renderHtml(hostileReport());
    assert.equal((html.match(/<script/gi) ?? []).length, 0, 'no script element at all');
    // Every "<" from the repository is escaped, so any raw tag left is one of ours.
    assert.doesNotMatch(html, /<img|<iframe|<svg|<\/style><script/i);
    assert.doesNotMatch(html, /[\u202A-\u202E\u2066-\u2069\u001b]/, 'bidi and escape characters are made visible');
    assert.match(html, /&#60;U\+202E&#62;/);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
  });

  it('highlights code without letting markup through', () => {
    const out = highlight('const a = "<b>" // </span><script>');
    assert.match(out, /<span class="k">const<\/span>/);
    assert.doesNotMatch(out, /<b>|<script>/);
  });

  it('has no external references', () => {
    const html = renderHtml(hostileReport());
    assert.doesNotMatch(html, /<[a-z]+[^>]*\s(?:src|href)=/i);
    assert.doesNotMatch(html, /@import|url\(/i);
  });

  it('renders in headless Chromium without any request leaving the page', { skip: noBrowser, timeout: 60_000 }, async () => {
    const r = await runAirlock(['scan', '--format', 'html', '--fail-on', 'never', 'examples/take-home-lure'], { cwd: ROOT });
    assert.equal(r.code, 0);
    const page1 = join(tmp, 'lure.html');
    const page2 = join(tmp, 'hostile.html');
    writeFileSync(page1, r.stdout);
    writeFileSync(page2, renderHtml(hostileReport()));
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      for (const [file, width] of [
        [page1, 1100],
        [page2, 390],
      ] as const) {
        const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: true });
        const page = await context.newPage();
        const requests: string[] = [];
        const dialogs: string[] = [];
        page.on('request', req => {
          if (!req.url().startsWith('file://')) requests.push(req.url());
        });
        page.on('dialog', d => {
          dialogs.push(d.message());
          void d.dismiss();
        });
        await page.goto(`file://${file}`);
        const heading = await page.textContent('h1');
        assert.equal(await page.locator('script, img, iframe, svg, object, embed').count(), 0, 'no injected elements');
        assert.match(heading ?? '', /^(BLOCK|REVIEW|PASS) ·/);
        assert.deepEqual(requests, [], 'no request leaves the page');
        assert.deepEqual(dialogs, [], 'no injected script ran');
        const png = await page.screenshot({ fullPage: true });
        assert.ok(png.length > 10_000, 'the page rendered something');
        if (file === page1) {
          const out = process.env['AIRLOCK_UPDATE_SCREENSHOT'] === '1' ? SCREENSHOT : join(tmp, 'html-report.png');
          mkdirSync(join(out, '..'), { recursive: true });
          await page.screenshot({ path: out, fullPage: false });
        }
        await context.close();
      }
    } finally {
      await browser.close();
    }
  });
});
