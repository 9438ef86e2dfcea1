import { defineRule } from '../../../core/rule.ts';
import type { Severity } from '../../../core/types.ts';
import { sniffScript } from '../../../analysis/script-sniff.ts';
import { extName } from '../../../fs/path.ts';
import { decodeText } from '../../../fs/sniff.ts';
import { installedPass } from '../../../analysis/installed/index.ts';
import { readOrReport } from '../../../analysis/text-source.ts';
import { jsonTokenizer } from '../../../lang/jsonc.ts';

/** Extensions of binary formats and the magic each should carry. */
const BINARY_EXT: Record<string, readonly string[]> = {
  '.woff2': ['woff2'],
  '.woff': ['woff'],
  '.ttf': ['ttf'],
  '.otf': ['otf', 'ttf'],
  '.eot': ['eot'],
  '.png': ['png'],
  '.jpg': ['jpeg'],
  '.jpeg': ['jpeg'],
  '.gif': ['gif'],
  '.ico': ['ico', 'png'],
  '.webp': ['webp'],
  '.bmp': ['bmp'],
  '.pdf': ['pdf'],
  '.mp3': ['mp3'],
  '.mp4': ['mp4'],
  '.zip': ['zip'],
  '.gz': ['gzip'],
  '.wasm': ['wasm'],
};

/** Text formats whose real content has a recognisable start. */
const TEXT_SHAPES: Record<string, RegExp> = {
  '.svg': /^\s*(?:<\?xml|<!--|<svg|<!DOCTYPE)/i,
  '.json': /^\s*[[{"\d\-tfn]/,
};

const SAMPLE = 16 * 1024;

/** jsonc-parser's token kinds for comments (its const enum cannot be read under isolatedModules). */
const COMMENT_TOKENS = new Set([12, 13]);
const EOF_TOKEN = 17;

/**
 * JSON with comments (`api-extractor.json`, `tsconfig.json`) with each comment blanked: a config
 * whose comments say "resolved using NodeJS require()" is data, and what decides is the text outside them.
 */
function withoutComments(text: string): string {
  const scanner = jsonTokenizer(text, false);
  let out = '';
  let at = 0;
  for (;;) {
    const kind = scanner.scan() as number;
    if (kind === EOF_TOKEN) break;
    if (!COMMENT_TOKENS.has(kind)) continue;
    const start = scanner.getTokenOffset();
    const end = start + scanner.getTokenLength();
    out += text.slice(at, start) + text.slice(start, end).replace(/[^\n]/g, ' ');
    at = end;
  }
  return out + text.slice(at);
}
const SHAPE_BYTES = 256;

export default defineRule({
  meta: {
    id: 'assets/disguised-script',
    severity: 'high',
    confidence: 'high',
    description: 'A file named like a font, image or data file is really a script (its bytes disagree with its extension).',
    triggers: ['open', 'install', 'dev'],
    escalate: true,
    since: '0.1.0',
  },
  async run(ctx) {
    // Installed files are sniffed by the installed-files pass: wait for it rather than sniff here.
    await ctx.facts.get(installedPass);
    for (const entry of ctx.inventory.files) {
      if (entry.type !== 'file' || entry.size === 0) continue;
      const ext = extName(entry.path);
      const expected = BINARY_EXT[ext];
      const shape = TEXT_SHAPES[ext];
      if (!expected && !shape) continue;
      if (expected && entry.content !== 'text') continue;
      if (shape && entry.content !== 'text') continue;
      // A text format with its usual start is what it says: its head alone settles that.
      if (shape) {
        const head = readOrReport(ctx, entry, SHAPE_BYTES);
        // Decoded as the sniff found it: a byte-order mark (UTF-8 or UTF-16) is not the content.
        if (!head || shape.test(decodeText(head, entry.encoding))) continue;
      }
      let bytes = readOrReport(ctx, entry, SAMPLE);
      if (!bytes) continue;
      if (ext === '.json') {
        // Comments before the value (a licence header, api-extractor's documented settings) are not
        // what the file holds; what is left decides, as it does for the sniff below.
        const data = withoutComments(decodeText(bytes, entry.encoding));
        if (shape?.test(data) === true) continue;
        bytes = Buffer.from(data);
      }
      const s = sniffScript(bytes);
      if (s.lfsPointer) continue;
      const surfaces = ctx.reachingSurfaces(entry.path);
      const runs = surfaces.length > 0;
      let severity: Severity;
      if (s.code !== undefined) severity = runs ? 'critical' : 'high';
      else severity = runs ? 'high' : 'low';
      if (entry.inNodeModules && !runs) severity = s.code !== undefined ? 'medium' : 'info';
      const what = expected ? `a ${ext.slice(1)} file` : `a ${ext.slice(1).toUpperCase()} file`;
      const code = s.code !== undefined ? `, and it contains \`${s.code}\`` : '';
      const run = runs ? ` It is run by ${surfaces.map(x => x.name ?? x.kind).join(', ')}.` : '';
      ctx.report({
        message: `${entry.path} is named as ${what} but holds text${code}: a script disguised as an asset.${run}`,
        location: { file: entry.path, line: 1 },
        evidence: s.preview,
        severity,
        confidence: s.code !== undefined ? 'high' : 'medium',
      });
    }
  },
});
