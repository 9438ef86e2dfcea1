import { execFileSync } from 'node:child_process';
export default async function setup(): Promise<void> {
  execFileSync('docker', ['compose', '-f', 'test/compose.yml', 'up', '-d', '--wait'], { stdio: 'inherit' });
  process.env.DATABASE_URL = 'postgres://postgres:postgres@localhost:54329/test';
}
