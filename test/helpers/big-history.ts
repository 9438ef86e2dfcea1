/** A repository with many commits, written in one go with `git fast-import`. */
import { git, initRepo } from './git-repo.ts';

export function buildBigHistory(dir: string, commits: number, files = 50): void {
  initRepo(dir);
  const parts: string[] = [];
  const start = Date.parse('2023-01-01T00:00:00Z') / 1000;
  for (let i = 1; i <= commits; i++) {
    const t = start + i * 3600;
    const who = i % 7 === 0 ? 'Dev Two <dev.two@example.com>' : 'Dev One <dev.one@example.com>';
    const msg = `change ${i}\n`;
    const body = `module.exports = ${i};\n`;
    parts.push(
      `commit refs/heads/main\nmark :${i}\nauthor ${who} ${t} +0000\ncommitter ${who} ${t} +0000\ndata ${Buffer.byteLength(msg)}\n${msg}` +
        `M 100644 inline src/file${i % files}.js\ndata ${Buffer.byteLength(body)}\n${body}\n`,
    );
  }
  git(dir, ['fast-import', '--quiet'], {}, parts.join(''));
  git(dir, ['reset', '-q', '--hard', 'main']);
}
