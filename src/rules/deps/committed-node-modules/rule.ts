import { defineRule } from '../../../core/rule.ts';
import { installedPackages } from '../../../deps/installed.ts';

export default defineRule({
  meta: {
    id: 'deps/committed-node-modules',
    severity: 'medium',
    confidence: 'high',
    description: 'The repository commits a node_modules folder, so its dependency code never came from the registry.',
    triggers: ['install'],
    since: '0.1.0',
  },
  run(ctx) {
    const packages = installedPackages(ctx);
    for (const nm of ctx.inventory.nodeModules) {
      if (!nm.tracked) continue;
      const inside = packages.filter(p => p.tracked && p.dir.startsWith(nm.path + '/'));
      const withScripts = inside.filter(p => ['preinstall', 'install', 'postinstall'].some(s => p.scripts.has(s)));
      ctx.report({
        message:
          `git tracks ${nm.path}/ (${inside.length} package${inside.length === 1 ? '' : 's'}): this code runs as your dependencies without coming from the registry, so nothing proves it matches what was published` +
          (withScripts.length > 0 ? `; ${withScripts.length} of them run install scripts` : '') +
          ' (use --online to compare it with the published packages).',
        location: { file: nm.path },
        evidence: inside
          .slice(0, 10)
          .map(p => `${p.name}@${p.version}`)
          .join(', '),
      });
    }
  },
});
