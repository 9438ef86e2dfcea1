import { baseName } from '../../../fs/path.ts';
import { defineWorkstationRule } from '../../../workstation/rule.ts';

const EDITOR = /^(?:code|code-insiders|cursor|windsurf|codium|vscodium|Code Helper.*|Cursor Helper.*|Electron)(?:\.exe)?$/i;
const EDITOR_PATH = /[\\/](?:Visual Studio Code|Code|Cursor|Windsurf|VSCodium)[^\\/]*(?:\.app)?[\\/]/i;

export default defineWorkstationRule({
  meta: {
    id: 'harden/elevated-user',
    command: 'harden',
    severity: 'high',
    confidence: 'medium',
    description: 'The shell or the editor running as root or Administrator',
    since: '0.1.0',
  },
  check(ctx) {
    const me = ctx.readers.identity();
    if (!me) {
      ctx.skip(
        ctx.live ? 'could not tell which user Airlock runs as' : 'the user running a --home copy is not the one who uses it: not checked',
      );
      return;
    }
    if (me.elevated) {
      ctx.report({
        path: ctx.home,
        severity: 'medium',
        message: `This shell runs as ${ctx.os === 'win32' ? 'an elevated Administrator' : 'root'}${me.user ? ` (${me.user})` : ''}: anything a repository runs from here (install scripts, dev servers, tasks) gets full control of the machine.`,
        evidence: me.uid === undefined ? 'elevated token' : `uid ${me.uid}`,
        remediation:
          ctx.os === 'win32'
            ? 'Work in a non-elevated terminal; use an elevated one only for the single command that needs it.'
            : 'Work as an ordinary user and use sudo for the single command that needs it; never run npm install or open repositories as root.',
      });
    }
    const snap = ctx.processes();
    if (!snap) return;
    for (const p of snap.processes) {
      const exe = p.argv[0] ?? '';
      const isEditor = EDITOR.test(baseName(exe.replace(/\\/g, '/'))) && (EDITOR_PATH.test(exe) || !exe.includes('/'));
      if (!isEditor || p.uid !== 0) continue;
      ctx.report({
        path: `pid ${p.pid}`,
        message: `The editor (${baseName(exe.replace(/\\/g, '/'))}, pid ${p.pid}) runs as root: every task, extension and terminal it starts has full control of the machine.`,
        evidence: p.argv.join(' ').slice(0, 200),
        remediation: 'Quit the editor and start it as your ordinary user (never with sudo, never with --user-data-dir as root).',
      });
      break;
    }
  },
});
