import type { Rule } from '../../core/rule.ts';
import evidenceTampering from './evidence-tampering/rule.ts';
import honeytokenAccess from './honeytoken-access/rule.ts';
import networkEgress from './network-egress/rule.ts';
import persistenceWrite from './persistence-write/rule.ts';
import phaseNotRun from './phase-not-run/rule.ts';
import processSpawn from './process-spawn/rule.ts';
import remoteCodeLoaded from './remote-code-loaded/rule.ts';

const rules: readonly Rule[] = [
  honeytokenAccess,
  remoteCodeLoaded,
  networkEgress,
  persistenceWrite,
  processSpawn,
  evidenceTampering,
  phaseNotRun,
];
export default rules;
