/** The HTML report: escaped, self-contained, and rendered for real in headless Chromium. */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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
const INDEX_SCREENSHOT = fileURLToPath(new URL('../../docs/images/batch-index.png', import.meta.url));
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
          // Critical and high are told apart; an execution-map row with a finding is marked and
          // links to it; the header gives the scan time, when it ran and the counts.
          const colour = async (sel: string): Promise<string> =>
            String(await page.evaluate(`getComputedStyle(document.querySelector(${JSON.stringify(sel)})).color`));
          assert.notEqual(await colour('.sev-critical .sev'), await colour('.sev-high .sev'));
          const flag = page.locator('tr.has-finding a.flag').first();
          const target = (await flag.getAttribute('href')) ?? '';
          assert.match(target, /^#f\d+$/);
          assert.equal(await page.locator(target).count(), 1, 'the flag links to a finding on the page');
          assert.match((await page.textContent('.counts')) ?? '', /\d+ critical.*\d+ ms.*scanned \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
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

  it(
    'batch index: verdict counts, total time and one linked row per target, rendered in Chromium',
    { skip: noBrowser, timeout: 60_000 },
    async () => {
      const dir = join(tmp, 'batch');
      const r = await runAirlock(
        ['scan', '--format', 'html', '--output-dir', dir, '--fail-on', 'never', 'examples/take-home-lure', 'examples/clean-app'],
        { cwd: ROOT },
      );
      assert.equal(r.code, 0, r.stderr);
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
      try {
        const context = await browser.newContext({ viewport: { width: 1100, height: 500 } });
        const page = await context.newPage();
        const requests: string[] = [];
        page.on('request', req => {
          if (!req.url().startsWith('file://')) requests.push(req.url());
        });
        await page.goto(`file://${join(dir, 'index.html')}`);
        assert.equal(await page.textContent('h1'), 'Airlock batch summary (2 targets)');
        assert.match((await page.textContent('.counts')) ?? '', /^1 block0 review1 pass[\d.]+ (ms|s) in all$/);
        const rows = page.locator('tbody tr');
        assert.equal(await rows.count(), 2);
        assert.equal(await rows.nth(0).locator('td').nth(1).textContent(), 'BLOCK');
        assert.match((await rows.nth(0).locator('td').nth(2).textContent()) ?? '', /^[1-9]\d* critical · \d+ high · \d+ medium$/);
        assert.equal(await rows.nth(1).locator('td').nth(1).textContent(), 'PASS');
        const pages = readdirSync(dir);
        const links = page.locator('tbody a');
        for (let k = 0; k < (await links.count()); k++) {
          const href = (await links.nth(k).getAttribute('href')) ?? '';
          assert.ok(pages.includes(decodeURIComponent(href)), `${href} is a page of the batch`);
        }
        assert.deepEqual(requests, [], 'no request leaves the page');
        const out = process.env['AIRLOCK_UPDATE_SCREENSHOT'] === '1' ? INDEX_SCREENSHOT : join(tmp, 'batch-index.png');
        await page.screenshot({ path: out, fullPage: true });
        await context.close();
      } finally {
        await browser.close();
      }
    },
  );
});
