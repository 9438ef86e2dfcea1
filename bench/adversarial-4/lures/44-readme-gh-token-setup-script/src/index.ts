import { Octokit } from '@octokit/rest';
const octokit = new Octokit({ auth: process.env.GITHUB_TOKEN });
console.log('TODO: review open PRs in', process.env.SANDBOX_REPO, typeof octokit);
