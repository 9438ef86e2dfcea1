import type { Rule } from '../../core/rule.ts';
import honeytokenAccess from './honeytoken-access/rule.ts';
import networkEgress from './network-egress/rule.ts';
import persistenceWrite from './persistence-write/rule.ts';
import processSpawn from './process-spawn/rule.ts';
import remoteCodeLoaded from './remote-code-loaded/rule.ts';

const rules: readonly Rule[] = [honeytokenAccess, remoteCodeLoaded, networkEgress, persistenceWrite, processSpawn];
export default rules;
