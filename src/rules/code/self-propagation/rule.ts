import { defineRule } from '../../../core/rule.ts';
import type { Severity } from '../../../core/types.ts';
import { loadCodeFacts } from '../../../analysis/js/facts.ts';
import { truncate, withReach } from '../../../analysis/js/report.ts';

const PUBLISH = /\b(?:npm|pnpm|yarn)\s+(?:npm\s+)?publish\b/;
/** Where an npm publish token is kept: the user's `.npmrc`, or the variables CI and `setup-node` use. */
const NPM_TOKEN_FILE = /(?:^|[\\/~])\.npmrc$/;
const NPM_TOKEN_ENV = /^(?:NPM_TOKEN|NODE_AUTH_TOKEN|NPM_AUTH_TOKEN|NPM_CONFIG__AUTH(?:TOKEN)?)$/i;
const PUSH = /\bgit\b[^\n]*\bpush\b/;

export default defineRule({
  meta: {
    id: 'code/self-propagation',
    severity: 'critical',
    confidence: 'high',
    description:
      'Code spreads itself: it rewrites a package’s install scripts and publishes it, or writes into other repositories and pushes them.',
    triggers: ['dev', 'build', 'start', 'install', 'open', 'test'],
    since: '0.1.0',
    atoms: ['publishing', 'processes'],
  },
  async run(ctx) {
    const index = await loadCodeFacts(ctx);
    for (const facts of index.files.values()) {
      const severity: Severity = facts.inNodeModules ? 'high' : 'critical';
      const commands = facts.sinks.filter(s => (s.kind === 'shell' || s.kind === 'spawn') && s.value !== undefined);
      // A worm's publish step: install scripts set in code, then `npm publish`.
      const publish = commands.find(s => PUBLISH.test(s.value ?? ''));
      const edit = facts.lifecycleEdits[0];
      if (publish && edit) {
        // The token it publishes with, when the file reads one: the stolen credential and the
        // publish are one chain (the read is related evidence, and its own finding joins this one).
        const token =
          facts.reads.find(r => NPM_TOKEN_FILE.test(r.path))?.loc ??
          facts.strings.find(x => NPM_TOKEN_FILE.test(x.value))?.loc ??
          facts.envReads.find(e => NPM_TOKEN_ENV.test(e.name))?.loc;
        const using = token ? ` using the npm token it reads (line ${token.line ?? '?'})` : '';
        ctx.report({
          message: withReach(
            `This file sets an install script in a package and publishes it with \`${truncate(publish.value ?? '', 80)}\`${using}: code that spreads itself to everyone who installs that package`,
            ctx.reachingSurfaces(facts.path),
            facts.path,
            publish.loc.line,
          ),
          location: publish.loc,
          severity,
          evidence: truncate(publish.value ?? ''),
          related: token ? [edit, token] : [edit],
        });
      }
      // Writing into repositories found on the machine, then pushing each of them.
      const push = commands.find(s => s.inLoop === true && PUSH.test(s.value ?? ''));
      const write = facts.writes.find(w => w.path === undefined || w.path.includes('${…}') || w.path.startsWith('~'));
      if (push && write) {
        ctx.report({
          message: withReach(
            `This file writes into other folders and pushes each one with \`${truncate(push.value ?? '', 80)}\`: code that spreads itself into your other repositories`,
            ctx.reachingSurfaces(facts.path),
            facts.path,
            push.loc.line,
          ),
          location: push.loc,
          severity,
          evidence: truncate(push.value ?? ''),
          related: [write.loc],
        });
      }
    }
  },
});
