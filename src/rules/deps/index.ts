import type { Rule } from '../../core/rule.ts';
import committedNodeModules from './committed-node-modules/rule.ts';
import installScript from './install-script/rule.ts';
import knownMalicious from './known-malicious/rule.ts';
import lockfileAnomaly from './lockfile-anomaly/rule.ts';
import newPackage from './new-package/rule.ts';
import typosquat from './typosquat/rule.ts';
import urlSource from './url-source/rule.ts';
import vendoredFileModified from './vendored-file-modified/rule.ts';

const rules: readonly Rule[] = [
  knownMalicious,
  urlSource,
  lockfileAnomaly,
  typosquat,
  installScript,
  committedNodeModules,
  vendoredFileModified,
  newPackage,
];
export default rules;
