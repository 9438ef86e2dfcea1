import { defineRule } from '../../../core/rule.ts';

export default defineRule({
  meta: {
    id: 'scan/nothing-scannable',
    severity: 'high',
    confidence: 'high',
    description:
      'The target holds nothing to scan (an empty folder, a bare git repository, only unreadable files), so the scan cannot say it is safe.',
    phase: 'final',
    since: '0.1.0',
  },
  run(ctx) {
    const why = ctx.unscannable;
    if (why === undefined) return;
    ctx.report({
      message: why.message,
      location: { file: '' },
      evidence: `nothing scannable: ${why.reason}`,
      remediation:
        why.reason === 'bare-repository'
          ? 'Clone the repository into a working folder (`git clone BARE checkout`) and scan the checkout.'
          : 'Check that you named the right folder and that you can read its files, then scan again.',
    });
  },
});
