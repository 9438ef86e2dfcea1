import type { Rule } from '../../core/rule.ts';
import antiAnalysis from './anti-analysis/rule.ts';
import credentialAccess from './credential-access/rule.ts';
import downloadAndExecute from './download-and-execute/rule.ts';
import dynamicCode from './dynamic-code/rule.ts';
import encodedEndpoint from './encoded-endpoint/rule.ts';
import envExfiltration from './env-exfiltration/rule.ts';
import hiddenCode from './hidden-code/rule.ts';
import invisibleUnicode from './invisible-unicode/rule.ts';
import obfuscation from './obfuscation/rule.ts';
import persistence from './persistence/rule.ts';
import remoteCodeExecution from './remote-code-execution/rule.ts';
import selfPropagation from './self-propagation/rule.ts';
import silentProcess from './silent-process/rule.ts';
import suspiciousEndpoint from './suspicious-endpoint/rule.ts';
import yaraMatch from './yara-match/rule.ts';

/** Code rules: dataflow chains first, then hiding and obfuscation, then user YARA rules. */
const rules: readonly Rule[] = [
  remoteCodeExecution,
  downloadAndExecute,
  dynamicCode,
  encodedEndpoint,
  suspiciousEndpoint,
  credentialAccess,
  envExfiltration,
  selfPropagation,
  silentProcess,
  persistence,
  antiAnalysis,
  obfuscation,
  hiddenCode,
  invisibleUnicode,
  yaraMatch,
];
export default rules;
