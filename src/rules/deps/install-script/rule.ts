import { defineRule } from '../../../core/rule.ts';
import { joinRel } from '../../../fs/path.ts';
import { installedPackages } from '../../../deps/installed.ts';
import { nodeLocation } from '../../../deps/locate.ts';
import { shown } from '../../../deps/text.ts';
import { depTree, requiredVia } from '../../../deps/tree.ts';

const LIFECYCLE = ['preinstall', 'install', 'postinstall'] as const;
/** Commands that fetch or decode something at install time deserve a read before installing. */
const RISKY = /\b(?:curl|wget|Invoke-WebRequest|iwr|powershell|bash\s+-c|sh\s+-c|node\s+-e|eval|base64|atob|https?:\/\/)/i;
/** `node file.js`, `node ./scripts/x.cjs --flag` (the file that runs first). */
const NODE_FILE = /^\s*node\s+((?:\.\/)?[\w./@-]+\.(?:c|m)?js)\b/;

export default defineRule({
  meta: {
    id: 'deps/install-script',
    severity: 'medium',
    confidence: 'high',
    description: 'A dependency runs a lifecycle script (preinstall/install/postinstall) when you install.',
    triggers: ['install'],
    phase: 'map',
    since: '0.1.0',
  },
  run(ctx) {
    for (const p of installedPackages(ctx)) {
      for (const script of LIFECYCLE) {
        const command = p.scripts.get(script);
        if (command === undefined || command.trim() === '') continue;
        const location = { file: p.manifest };
        const file = NODE_FILE.exec(command)?.[1];
        const entry = file === undefined ? undefined : joinRel(p.dir, file);
        const entryKnown = entry !== undefined && ctx.inventory.byPath.get(entry)?.type === 'file';
        ctx.addSurface({
          trigger: 'install',
          kind: 'dependency-install-script',
          location,
          name: `${p.name}@${p.version} ${script}`,
          command: command.slice(0, 300),
          ...(entryKnown ? { entry } : {}),
        });
        ctx.report({
          message: `Installing runs ${p.name}@${p.version}'s ${script} script: \`${shown(command, 120)}\`${entryKnown ? ` (the code is in ${entry})` : ''}.`,
          location,
          evidence: shown(command, 300),
          severity: RISKY.test(command) ? 'medium' : 'low',
        });
      }
    }
    const tree = depTree(ctx);
    const installed = new Set(installedPackages(ctx).map(p => `${p.name}@${p.version}`));
    const seen = new Set<string>();
    for (const node of tree.packages) {
      const id = `${node.name}@${node.version}`;
      if (!node.hasInstallScript || installed.has(id) || seen.has(id)) continue;
      seen.add(id);
      const location = nodeLocation(tree, node);
      const via = requiredVia(node);
      ctx.addSurface({ trigger: 'install', kind: 'dependency-install-script', location, name: id });
      ctx.report({
        message: `${node.lockfile} records that ${id}${via.length > 1 ? ` (through ${via.slice(0, -1).join(' > ')})` : ''} runs an install script; its code is not in the repository.`,
        location,
        severity: 'info',
      });
    }
  },
});
