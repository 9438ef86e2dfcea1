import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unknownPartRunsAsCode } from './placement.ts';

const HOLE = '${…}';

describe('unknownPartRunsAsCode', () => {
  it('the unknown part is a command or a program of its own', () => {
    for (const line of [
      '/bin/sh -c "${…}"',
      '/usr/bin/env bash -c "${…}"',
      'sudo -u nobody zsh -c ${…}',
      'xargs -0 sh -c ${…}',
      'nohup node -e ${…}',
      'perl -e ${…}',
      'eval ${…}',
      '${…} --version',
      '/opt/tools/${…}',
      'echo ok; ${…}',
    ])
      assert.equal(unknownPartRunsAsCode(line, HOLE), true, line);
  });

  it('the unknown part only fills arguments of a fixed program', () => {
    for (const line of ['git clone ${…}', '/usr/bin/git checkout ${…}', 'npm install --save-exact pkg@${…}', 'docker pull ${…}'])
      assert.equal(unknownPartRunsAsCode(line, HOLE), false, line);
  });
});
