import { execFileSync } from 'node:child_process';
export default async function teardown(): Promise<void> {
  execFileSync('docker', ['compose', '-f', 'test/compose.yml', 'down', '-v'], { stdio: 'inherit' });
}
