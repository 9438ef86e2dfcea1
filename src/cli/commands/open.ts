import { acquire } from '../../acquire/index.ts';
import { defaultScanOptions } from '../../core/defaults.ts';
import { UsageError } from '../../core/errors.ts';
import { resolveAbs } from '../../fs/path.ts';
import { editorCommand, launchEditor } from '../../guard/launch.ts';
import { scan } from '../../index.ts';
import { renderTextHeader } from '../../reporters/text.ts';
import { safeText } from '../../reporters/terminal-safe.ts';
import { parse } from '../args.ts';
import { clearProgress, progressReporter, reportWidth, useColor } from '../io.ts';
import type { CliCommand } from '../io.ts';

const USAGE = `Usage: airlock open [TARGET] [--editor code|cursor|windsurf|codium|PATH] [--force] [--yes]

Scan TARGET (a folder, a git URL — cloned into quarantine first — or an archive), show the
verdict, and only then open it in your editor:
  pass    opens it
  review  asks first (--yes answers yes; without a terminal it refuses)
  block   refuses, unless --force
A scan that could not analyse a file the editor, npm or the toolchain would read, or found
nothing to scan (scan/* findings), is refused like block.

Options:
  --editor NAME|PATH   the editor to start (default: $AIRLOCK_EDITOR, else code)
  --force              open even when the verdict is block
  --yes                do not ask on review
  -h, --help           this help

Exit codes: 0 opened, 1 refused, 2 usage error, unreadable target or editor not found.`;

export const openCommand: CliCommand = {
  name: 'open',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parse(
      argv,
      { editor: { type: 'string' }, force: { type: 'boolean' }, yes: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      'open',
    );
    if (values['help'] === true) {
      io.stdout(USAGE + '\n');
      return 0;
    }
    if (positionals.length > 1) throw new UsageError('BAD_ARGS', 'open takes one TARGET');
    const spec = positionals[0] ?? '.';
    const editor = editorCommand(typeof values['editor'] === 'string' ? values['editor'] : (io.env['AIRLOCK_EDITOR'] ?? 'code'));
    const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(spec) || /^[\w.-]+@[\w.-]+:/.test(spec);
    const onProgress = progressReporter(io, true);
    const acquired = await acquire(isUrl ? spec : resolveAbs(io.cwd, spec), defaultScanOptions(io.env), onProgress);
    const report = await scan(acquired.root, { gaps: acquired.gaps, ...(onProgress ? { onProgress } : {}) });
    clearProgress(io, true);
    report.target.path = acquired.kind === 'directory' ? spec : acquired.spec;
    // The verdict and why, not the whole report: `airlock scan` prints that.
    const header = renderTextHeader(report, { color: useColor(io), width: reportWidth(io) });
    const full = `airlock scan ${/^[\w./:@-]+$/.test(spec) ? spec : JSON.stringify(spec)}`;
    io.stdout(`${header.join('\n')}\n  The full report: \`${safeText(full)}\`.\n`);
    if (acquired.kind !== 'directory') io.stdout(`\nThe copy that would be opened is ${safeText(acquired.root)}\n`);

    // A scan that could not cover what the editor, npm or the dev server would read vouches for
    // nothing: refused like block, whatever the verdict (DESIGN.md §3 "No silent pass").
    const gaps = report.findings.filter(f => f.ruleId.startsWith('scan/'));
    if (gaps.length > 0 && values['force'] !== true) {
      const first = gaps[0];
      io.stderr(
        `airlock open: refused: the scan is incomplete (${gaps.length} finding${gaps.length === 1 ? '' : 's'} of scan/*, first: ${safeText(first?.location.file || '.')}). Do not open this repository until you know why (use --force to open it anyway).\n`,
      );
      return 1;
    }
    if (report.verdict === 'block' && values['force'] !== true) {
      io.stderr(`airlock open: refused: the verdict is BLOCK. Do not open this repository (use --force to open it anyway).\n`);
      return 1;
    }
    if (report.verdict === 'review' && values['yes'] !== true) {
      if (!io.prompt) {
        io.stderr('airlock open: refused: the verdict is REVIEW and there is no terminal to ask (use --yes to open it anyway).\n');
        return 1;
      }
      const answer = (await io.prompt('The verdict is REVIEW. Open it anyway? [y/N] ')).trim().toLowerCase();
      if (answer !== 'y' && answer !== 'yes') {
        io.stderr('airlock open: not opened.\n');
        return 1;
      }
    }
    await launchEditor(editor, acquired.root);
    io.stdout(`Opened ${safeText(acquired.root)} with ${safeText(editor)}.\n`);
    return 0;
  },
};
