import { defineRule } from '../../../core/rule.ts';
import { resemblanceSeverity } from '../../../core/policy.ts';
import type { Location } from '../../../core/types.ts';
import { installedPackages } from '../../../deps/installed.ts';
import { MAX_FINDINGS_PER_FILE, manifestLocation, nodeLocation } from '../../../deps/locate.ts';
import { classifySpec } from '../../../deps/source.ts';
import { shown } from '../../../deps/text.ts';
import { depTree, requiredVia } from '../../../deps/tree.ts';
import { findTyposquat, pypiPopularIndex } from '../../../deps/typosquat.ts';
import { pyDeps } from '../../../deps/python/tree.ts';
import type { Squat } from '../../../deps/typosquat.ts';

const HOW: Record<Squat['kind'], string> = {
  swapped: 'two letters swapped',
  doubled: 'a letter doubled',
  dropped: 'a letter dropped',
  substituted: 'one letter changed',
  added: 'a letter added',
  separator: 'different separators',
  scope: 'the scope moved into the name or out of it',
  suffix: 'an extra prefix or suffix',
};

const STRONG = new Set<Squat['kind']>(['swapped', 'doubled', 'dropped', 'substituted', 'added']);
const INSTALL = ['preinstall', 'install', 'postinstall'];

export default defineRule({
  meta: {
    id: 'deps/typosquat',
    severity: 'high',
    confidence: 'medium',
    description: 'A dependency whose name is a near miss of a popular package (typo, separator or scope confusion, added suffix).',
    triggers: ['install'],
    since: '0.1.0',
  },
  run(ctx) {
    const tree = depTree(ctx);
    const checked = new Map<string, Squat | undefined>();
    const squat = (name: string): Squat | undefined => {
      if (!checked.has(name)) checked.set(name, findTyposquat(name));
      return checked.get(name);
    };
    const installs = new Set<string>();
    for (const node of tree.packages) if (node.hasInstallScript) installs.add(node.name);
    for (const p of installedPackages(ctx)) if (INSTALL.some(k => p.scripts.has(k))) installs.add(p.name);
    const reported = new Set<string>();
    const report = (name: string, s: Squat, direct: boolean, location: Location, via?: string[]): void => {
      if (reported.has(name)) return;
      reported.add(name);
      const installScript = installs.has(name);
      ctx.report({
        message: `${name} looks like a typo of the popular package ${s.target} (${HOW[s.kind]})${via && via.length > 1 ? `; it is required through ${via.slice(0, -1).join(' > ')}` : ''}${installScript ? '; it runs an install script' : ''}.`,
        location,
        evidence: `${name} ≈ ${s.target}`,
        severity: resemblanceSeverity({ strong: STRONG.has(s.kind), rank: s.rank, direct, installScript }),
      });
    };
    for (const m of tree.manifests) {
      for (const d of m.deps) {
        const src = classifySpec(d.spec);
        const names = [d.name];
        if (src.kind === 'alias' && src.target !== undefined) names.push(src.target.replace(/@[^@]*$/, '') || src.target);
        for (const n of names) {
          const s = squat(n);
          if (s) report(n, s, true, manifestLocation(d));
        }
      }
    }
    const perFile = new Map<string, number>();
    for (const node of tree.packages) {
      const s = squat(node.name);
      if (!s || reported.has(node.name)) continue;
      const n = (perFile.get(node.lockfile) ?? 0) + 1;
      perFile.set(node.lockfile, n);
      if (n > MAX_FINDINGS_PER_FILE) continue;
      report(node.name, s, node.direct, nodeLocation(tree, node), requiredVia(node));
    }
    for (const [file, n] of perFile) {
      if (n > MAX_FINDINGS_PER_FILE)
        ctx.report({
          message: `${file} has ${n - MAX_FINDINGS_PER_FILE} more typo-like package names than are listed.`,
          location: { file },
          severity: 'medium',
        });
    }
    for (const p of installedPackages(ctx)) {
      const s = squat(p.name);
      if (s && !reported.has(p.name)) report(p.name, s, false, { file: p.manifest }, [shown(p.dir), p.name]);
    }
    // PyPI names, in their PEP 503 form, against the PyPI list; declarations before lockfiles.
    const py = pyDeps(ctx);
    const pyReported = new Set<string>();
    const pyPerFile = new Map<string, number>();
    for (const d of [...py.deps.filter(x => !x.locked), ...py.deps.filter(x => x.locked)]) {
      if (d.canonical === '' || pyReported.has(d.canonical) || d.source.kind === 'local') continue;
      const s = findTyposquat(d.canonical, pypiPopularIndex());
      if (!s) continue;
      pyReported.add(d.canonical);
      const n = (pyPerFile.get(d.file) ?? 0) + 1;
      pyPerFile.set(d.file, n);
      if (n > MAX_FINDINGS_PER_FILE) continue;
      ctx.report({
        message: `${d.name} looks like a typo of the popular PyPI project ${s.target} (${HOW[s.kind]})${d.locked ? `; ${d.file} installs it` : ''}.`,
        location: d.line === undefined ? { file: d.file } : { file: d.file, line: d.line },
        evidence: `${d.name} ≈ ${s.target}`,
        severity: resemblanceSeverity({ strong: STRONG.has(s.kind), rank: s.rank, direct: !d.locked, installScript: false }),
      });
    }
    for (const [file, n] of pyPerFile) {
      if (n > MAX_FINDINGS_PER_FILE)
        ctx.report({
          message: `${file} has ${n - MAX_FINDINGS_PER_FILE} more typo-like PyPI names than are listed.`,
          location: { file },
          severity: 'medium',
        });
    }
  },
});
