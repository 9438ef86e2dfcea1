import { defineRule } from '../../../core/rule.ts';
import type { Severity } from '../../../core/types.ts';
import { containerEnd } from '../../../analysis/containers.ts';
import { sniffScript } from '../../../analysis/script-sniff.ts';
import { MAX_TEXT_BYTES } from '../../../fs/read.ts';
import { installedPass } from '../../../analysis/installed/index.ts';
import { readOrReport } from '../../../analysis/text-source.ts';

const FORMATS = new Set(['png', 'jpeg', 'gif', 'woff', 'woff2', 'ttf', 'otf', 'zip']);
/** Encoders pad a few bytes; anything shorter is not a payload. */
const MIN_TRAILING = 32;

export default defineRule({
  meta: {
    id: 'assets/appended-payload',
    severity: 'high',
    confidence: 'high',
    description:
      'Data appended after the end of an image, font or archive (after PNG IEND, JPEG EOI, the GIF trailer, a font\u2019s declared length, a ZIP\u2019s end record).',
    triggers: ['open', 'dev'],
    escalate: true,
    since: '0.1.0',
  },
  async run(ctx) {
    // Installed files are sniffed by the installed-files pass: wait for it rather than sniff here.
    await ctx.facts.get(installedPass);
    for (const entry of ctx.inventory.files) {
      if (entry.type !== 'file' || entry.content !== 'binary' || entry.magic === undefined || !FORMATS.has(entry.magic)) continue;
      if (entry.size > MAX_TEXT_BYTES) {
        ctx.error(`larger than ${MAX_TEXT_BYTES} bytes: not checked for appended data`, entry.path);
        continue;
      }
      const bytes = readOrReport(ctx, entry, MAX_TEXT_BYTES);
      if (!bytes) continue;
      const found = containerEnd(entry.magic, bytes);
      if (!found) continue;
      const trailing = bytes.length - found.end;
      if (trailing < MIN_TRAILING) continue;
      const tail = bytes.subarray(found.end);
      // Zero padding and repeated filler bytes are not content.
      if (tail.every(b => b === tail[0])) continue;
      const s = sniffScript(tail);
      const runs = ctx.reachingSurfaces(entry.path).length > 0;
      let severity: Severity = s.code !== undefined ? 'high' : s.printable > 0.9 ? 'medium' : 'low';
      if (runs && s.code !== undefined) severity = 'critical';
      if (entry.inNodeModules) severity = severity === 'low' ? 'info' : 'low';
      const kind = s.code !== undefined ? `script text (\`${s.code}\`)` : s.printable > 0.9 ? 'text' : 'binary data';
      ctx.report({
        message: `${entry.path} has ${trailing} bytes of ${kind} after the end of its ${found.format.toUpperCase()} data, where no viewer looks.`,
        location: { file: entry.path },
        evidence: s.printable > 0.9 ? s.preview : `${trailing} bytes at offset ${found.end}`,
        severity,
        confidence: s.code !== undefined ? 'high' : 'medium',
      });
    }
  },
});
