import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeCommand } from './index.ts';

const kinds = (cmd: string): string[] =>
  analyzeCommand(cmd)
    .signals.filter(s => s.kind === 'remote-access' || s.kind === 'tunnel')
    .map(s => s.kind);

describe('remote access and tunnels', () => {
  it('a way into this machine is remote access', () => {
    assert.deepEqual(kinds('ssh -f -N -R 2222:localhost:22 relay@203.0.113.7'), ['remote-access']);
    assert.deepEqual(kinds('ssh -fNR2222:127.0.0.1:22 relay@203.0.113.7'), ['remote-access']);
    assert.deepEqual(kinds('ssh -N -R 1080 u@198.51.100.4'), ['remote-access']);
    assert.deepEqual(kinds('ssh -o "RemoteForward 9022 localhost:22" -N u@198.51.100.4'), ['remote-access']);
    assert.deepEqual(kinds('nohup autossh -M 0 -N -R 8080:localhost:3000 u@198.51.100.4 &'), ['remote-access']);
    assert.deepEqual(kinds('ngrok tcp 22'), ['remote-access']);
    assert.deepEqual(kinds('npx ngrok tcp 3389 --log=false'), ['remote-access']);
    assert.deepEqual(kinds('cloudflared tunnel --url ssh://localhost:22'), ['remote-access']);
    assert.deepEqual(kinds('bore local 22 --to bore.example.invalid'), ['remote-access']);
    assert.deepEqual(kinds('npx localtunnel --port 22'), ['remote-access']);
    assert.deepEqual(kinds('frpc -c ./tools/frpc.toml'), ['remote-access']);
    assert.deepEqual(kinds('chisel client https://c.example.invalid R:socks'), ['remote-access']);
    assert.deepEqual(kinds('tmate -S /tmp/t.sock new-session -d'), ['remote-access']);
  });

  it('a tunnel to a web app or a local forward is a tunnel', () => {
    assert.deepEqual(kinds('ngrok http 3000'), ['tunnel']);
    assert.deepEqual(kinds('cloudflared tunnel --url http://localhost:5173'), ['tunnel']);
    assert.deepEqual(kinds('lt --port 8080 --subdomain my-app'), ['tunnel']);
    assert.deepEqual(kinds('ssh -R 80:localhost:3000 serveo.example.invalid'), ['tunnel']);
    assert.deepEqual(kinds('ssh -N -L 5432:db.internal:5432 bastion'), ['tunnel']);
    assert.deepEqual(kinds('ssh -D 1080 -N bastion'), ['tunnel']);
  });

  it('plain ssh, scp and git over ssh are neither', () => {
    assert.deepEqual(kinds('ssh deploy@198.51.100.4 "systemctl restart app"'), []);
    assert.deepEqual(kinds('ssh -i ~/.ssh/deploy -p 2222 deploy@198.51.100.4 uptime'), []);
    assert.deepEqual(kinds('scp dist.tgz deploy@198.51.100.4:/srv'), []);
    assert.deepEqual(kinds('ngrok config add-authtoken $NGROK_TOKEN'), []);
  });
});
