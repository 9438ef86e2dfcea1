/**
 * History facts shared by the provenance rules: the target's `.git` opened once per scan through a
 * quarantine git dir, the newest commits read once, and the report's provenance section, which
 * each rule adds to. The quarantine is removed when the scan ends (the fact store disposes it).
 */
import { errorMessage } from '../../core/errors.ts';
import { defineFact } from '../../core/rule.ts';
import type { RuleContext } from '../../core/rule.ts';
import type { ProvenanceCommit, ProvenanceSummary } from '../../core/types.ts';
import { openRepository } from '../../history/repo.ts';
import type { Commit, Ref, Repository } from '../../history/repo.ts';
import { inspectGitStore } from '../../history/store.ts';
import type { GitStoreCheck, IrregularEntry } from '../../history/store.ts';

/** Commits read for the history checks; older ones are counted, not read. */
export const MAX_COMMITS = 5000;

export interface HistoryFacts {
  repo: Repository;
  head: string;
  /** Newest first (topological), at most MAX_COMMITS. */
  commits: Commit[];
  byId: Map<string, Commit>;
  /** All commits reachable from HEAD in the object store. */
  total: number;
  shallow: boolean;
  refs: Ref[];
  summary: ProvenanceSummary;
}

interface Holder {
  facts: Promise<HistoryFacts | undefined>;
  repo?: Repository;
  dispose(): void;
}

export function isoDate(seconds: number): string {
  const d = new Date(seconds * 1000);
  return Number.isNaN(d.getTime()) ? String(seconds) : d.toISOString().replace('.000Z', 'Z');
}

export function shortSha(sha: string): string {
  return sha.slice(0, 10);
}

export function who(c: Commit): string {
  return `${c.author.name} <${c.author.email}>`;
}

async function load(ctx: RuleContext, holder: Holder): Promise<HistoryFacts | undefined> {
  if (ctx.inventory.gitDir !== '.git') {
    ctx.note('no git history in the target (no .git folder); provenance checks were skipped');
    return undefined;
  }
  const store = gitStoreOf(ctx);
  for (const e of store?.irregular ?? []) {
    ctx.error(`${e.path} is ${IRREGULAR_WORDS[e.kind]}, not a git object file; git was not shown it`, e.path);
  }
  const opened = openRepository(ctx.root, ctx.options.quarantineDir, store);
  if (opened === undefined) return undefined;
  if ('reason' in opened) {
    ctx.note(opened.reason);
    return undefined;
  }
  const repo = opened.repo;
  holder.repo = repo;
  try {
    if (repo.info.skippedRefs.length > 0) {
      ctx.note(
        `${repo.info.skippedRefs.length} ref file(s) in .git were ignored (unusual names, links or contents): ${repo.info.skippedRefs.slice(0, 5).join(', ')}`,
      );
    }
    const head = await repo.head();
    if (head === undefined) {
      ctx.note('the repository has no commit checked out (HEAD is unborn or unreadable); history checks were skipped');
      return undefined;
    }
    const [ids, total, refs] = await Promise.all([repo.revList([head], MAX_COMMITS), repo.countCommits(head), repo.refs()]);
    const commits = await repo.commits(ids);
    const order = new Map(ids.map((id, i) => [id, i]));
    commits.sort((a, b) => (order.get(a.sha) ?? 0) - (order.get(b.sha) ?? 0));
    const byId = new Map(commits.map(c => [c.sha, c]));
    if (total > commits.length) ctx.note(`the history has ${total} commits; the history checks read the newest ${commits.length}`);
    const newest = commits[0];
    const oldest = commits.at(-1);
    const summary: ProvenanceSummary = {
      commits: total,
      branches: refs.filter(r => r.name.startsWith('refs/heads/') || r.name.startsWith('refs/remotes/')).length,
      notable: [],
      head,
      analysedCommits: commits.length,
      authors: new Set(commits.map(c => c.author.email)).size,
      ...(repo.info.shallow ? { shallow: true } : {}),
      ...(oldest ? { firstCommitDate: isoDate(oldest.committer.time) } : {}),
      ...(newest ? { lastCommitDate: isoDate(newest.committer.time) } : {}),
    };
    ctx.setSection('provenance', summary);
    return { repo, head, commits, byId, total, shallow: repo.info.shallow, refs, summary };
  } catch (err) {
    ctx.error(`could not read the git history: ${errorMessage(err)}`);
    return undefined;
  }
}

const IRREGULAR_WORDS: Record<IrregularEntry['kind'], string> = {
  fifo: 'a named pipe (FIFO)',
  socket: 'a socket',
  device: 'a device file',
  link: 'a symbolic link',
  folder: 'a folder',
  other: 'not a regular file',
};

const gitStoreFact = defineFact('history:git-store', (ctx): GitStoreCheck | undefined => inspectGitStore(ctx.root));

/** The scanned `.git`'s pointers and object-store entries, checked once per scan (store.ts). */
export function gitStoreOf(ctx: RuleContext): GitStoreCheck | undefined {
  return ctx.facts.get(gitStoreFact);
}

const historyFact = defineFact('provenance:history', (ctx): Holder => {
  const h: Holder = {
    facts: Promise.resolve(undefined),
    dispose(): void {
      h.repo?.dispose();
    },
  };
  h.facts = load(ctx, h);
  return h;
});

/** The history facts of this scan (undefined when there is no usable history). */
export function historyOf(ctx: RuleContext): Promise<HistoryFacts | undefined> {
  return ctx.facts.get(historyFact).facts;
}

/** Adds or merges a commit into the provenance section's notable list. */
export function addNotable(summary: ProvenanceSummary, c: Commit, why: string, introduced: string[], files: string[]): void {
  const existing = summary.notable.find(n => n.sha === c.sha);
  if (existing) {
    existing.introduced = [...new Set([...existing.introduced, ...introduced])].sort();
    existing.files = [...new Set([...(existing.files ?? []), ...files])].sort().slice(0, 50);
    if (existing.why !== undefined && !existing.why.includes(why)) existing.why = `${existing.why}; ${why}`;
    return;
  }
  const entry: ProvenanceCommit = {
    sha: c.sha,
    author: c.author.name,
    authorEmail: c.author.email,
    date: isoDate(c.author.time),
    subject: c.subject,
    introduced: [...new Set(introduced)].sort(),
    files: [...new Set(files)].sort().slice(0, 50),
    why,
  };
  summary.notable.push(entry);
}
