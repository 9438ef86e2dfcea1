/**
 * Which triggers a package-manager setting applies to: install always (dependencies' scripts run
 * with it too), and each `dev`/`build`/`start`/`test`/`lint` the folder's package.json has a script for.
 */
import type { RuleContext } from '../../../core/rule.ts';
import type { Trigger } from '../../../core/types.ts';
import { readPackageJson } from './package-json.ts';

const USER: readonly Trigger[] = ['dev', 'build', 'start', 'test', 'lint'];

export function packageTriggers(ctx: RuleContext, dir: string): Trigger[] {
  const pkg = readPackageJson(ctx, dir === '' ? 'package.json' : `${dir}/package.json`);
  const names = pkg ? [...pkg.scripts.keys()] : [];
  return ['install', ...USER.filter(t => names.some(n => n === t || n === `pre${t}` || n === `post${t}`))];
}
