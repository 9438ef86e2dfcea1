import { defineRule } from '../../../core/rule.ts';
import { installedPackages } from '../../../deps/installed.ts';
import { depTree } from '../../../deps/tree.ts';
import { dirName } from '../../../fs/path.ts';

export default defineRule({
  meta: {
    id: 'deps/committed-node-modules',
    severity: 'medium',
    confidence: 'high',
    description:
      'The repository commits a node_modules folder, so its dependency code never came from the registry (low for a folder no manifest installs into, such as a test fixture).',
    triggers: ['install'],
    since: '0.1.0',
  },
  run(ctx) {
    const packages = installedPackages(ctx);
    // Where a package manager puts dependencies: the root, and beside each manifest that declares some.
    const installRoots = new Set(
      depTree(ctx)
        .manifests.filter(m => m.deps.length > 0)
        .map(m => m.root),
    );
    for (const nm of ctx.inventory.nodeModules) {
      if (!nm.tracked) continue;
      const inside = packages.filter(p => p.tracked && p.dir.startsWith(nm.path + '/'));
      const withScripts = inside.filter(p => ['preinstall', 'install', 'postinstall'].some(s => p.scripts.has(s)));
      const parent = dirName(nm.path);
      const installed = parent === '' || installRoots.has(parent);
      const count = `${inside.length} package${inside.length === 1 ? '' : 's'}`;
      const scripts = withScripts.length > 0 ? `; ${withScripts.length} of them run install scripts` : '';
      ctx.report({
        message: installed
          ? `git tracks ${nm.path}/ (${count}): this code runs as your dependencies without coming from the registry, so nothing proves it matches what was published${scripts} (use --online to compare it with the published packages).`
          : `git tracks ${nm.path}/ (${count}${scripts}), a folder no manifest of this repository installs into (a test fixture or a vendored tree); its code is scanned like the rest of the repository.`,
        location: { file: nm.path },
        evidence: inside
          .slice(0, 10)
          .map(p => `${p.name}@${p.version}`)
          .join(', '),
        ...(installed ? {} : { severity: 'low' as const }),
      });
    }
  },
});
