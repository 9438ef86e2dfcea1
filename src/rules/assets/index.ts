import type { Rule } from '../../core/rule.ts';
import appendedPayload from './appended-payload/rule.ts';
import disguisedScript from './disguised-script/rule.ts';
import executableBinary from './executable-binary/rule.ts';

const rules: readonly Rule[] = [disguisedScript, appendedPayload, executableBinary];
export default rules;
