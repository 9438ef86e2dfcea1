// Uploads the build's source maps to Sentry so stack traces are readable, then deletes them from
// the output. Needs SENTRY_AUTH_TOKEN (CI secret); skipped locally when it is not set.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const { SENTRY_AUTH_TOKEN, SENTRY_ORG = 'acme', SENTRY_PROJECT = 'storefront', SENTRY_URL = 'https://sentry.example.com/' } = process.env;

if (!SENTRY_AUTH_TOKEN) {
  console.log('sentry: SENTRY_AUTH_TOKEN not set, skipping source map upload');
  process.exit(0);
}

const release = process.env.VERCEL_GIT_COMMIT_SHA ?? execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
const cli = ['npx', 'sentry-cli', '--url', SENTRY_URL];
execFileSync(cli[0], [...cli.slice(1), 'releases', 'new', release, '--org', SENTRY_ORG, '--project', SENTRY_PROJECT], { stdio: 'inherit' });
execFileSync(cli[0], [...cli.slice(1), 'sourcemaps', 'upload', '--org', SENTRY_ORG, '--project', SENTRY_PROJECT, '--release', release, '.next/static'], {
  stdio: 'inherit',
});
rmSync('.next/static', { recursive: true, force: true, filter: (p) => p.endsWith('.map') });
