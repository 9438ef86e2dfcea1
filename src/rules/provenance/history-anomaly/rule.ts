import { HISTORY_CONTEXT } from '../../../core/policy.ts';
import { defineRule } from '../../../core/rule.ts';
import type { Commit } from '../../../history/repo.ts';
import { historyOf, isoDate, shortSha } from '../history.ts';

/** Committer clocks drift; a parent up to an hour "in the future" is ordinary. */
const BACKWARDS_TOLERANCE_S = 3600;
const FUTURE_TOLERANCE_S = 86_400;
const SAME_TIME_MIN = 5;
const NAMES_PER_EMAIL_MIN = 3;
const EMAILS_PER_NAME_MIN = 4;
/** Backwards dates count as made by hand when at least this many, and a tenth of the commits. */
const BACKWARDS_MANY = 5;
/** Committers that commit on behalf of authors as a matter of course. */
const SERVICE_COMMITTER =
  /^(?:noreply@github\.com|web-flow@github\.com|.*@users\.noreply\.github\.com|noreply@gitlab\.com|.*@noreply\.gitlab\.com)$/;

function days(seconds: number): string {
  const d = Math.round(seconds / 86_400);
  return d >= 2 ? `${d} days` : `${Math.round(seconds / 3600)} hours`;
}

/** Lower-case letter runs of a name (any script), e.g. "C.T. Lin" → ["c", "t", "lin"]. */
function tokens(name: string): string[] {
  return name.toLowerCase().match(/\p{L}+/gu) ?? [];
}

/** Two spellings of one person: the same letters, or a shared word of three letters or more. */
function samePerson(a: string, b: string): boolean {
  const ta = tokens(a);
  const tb = tokens(b);
  const ja = ta.join('');
  const jb = tb.join('');
  if (ja === '' || jb === '') return true;
  if (ja === jb) return true;
  const long = (t: string[]): string[] => t.filter(x => x.length >= 3);
  return long(ta).some(x => jb.includes(x)) || long(tb).some(x => ja.includes(x));
}

/** How many people a set of names stands for (spelling variants joined). Names without letters are ignored. */
function peopleIn(names: ReadonlySet<string>): number {
  const list = [...names].filter(n => tokens(n).length > 0);
  const parent = list.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] ?? i;
    return i;
  };
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      if (samePerson(list[i] ?? '', list[j] ?? '')) parent[find(j)] = find(i);
    }
  }
  return new Set(list.map((_, i) => find(i))).size;
}

function groupSets(commits: Commit[], key: (c: Commit) => string, value: (c: Commit) => string): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const c of commits) {
    const k = key(c);
    if (k === '') continue;
    const set = map.get(k) ?? new Set<string>();
    set.add(value(c));
    map.set(k, set);
  }
  return map;
}

export default defineRule({
  meta: {
    id: 'provenance/history-anomaly',
    severity: 'low',
    confidence: 'medium',
    description:
      'The git history looks made rather than grown: one squashed commit, dates that go backwards or lie in the future, scripted timestamps, one e-mail under several names.',
    since: '0.1.0',
    phase: 'post',
  },
  async run(ctx) {
    if (!ctx.options.provenance) return;
    const history = await historyOf(ctx);
    if (!history) return;
    const { commits, byId, total } = history;
    const where = { file: '.git' };
    const now = Date.now() / 1000;

    const truncated = commits.some(c => c.parents.some(p => !byId.has(p)));
    if (total <= 2 && !(history.shallow && truncated)) {
      const first = commits.at(-1);
      ctx.report({
        message:
          total === 1
            ? `The whole history is one commit (${first ? `"${first.subject}", ${isoDate(first.author.time)}` : ''}): there is no record of who wrote the code or when. Lure repositories are usually published this way.`
            : `The history is only ${total} commits: there is little record of who wrote the code or when.`,
        location: where,
        ...(first ? { evidence: `${shortSha(first.sha)} ${first.author.name} <${first.author.email}>` } : {}),
      });
    }

    let worstBack: { c: Commit; p: Commit; by: number } | undefined;
    let backCount = 0;
    for (const c of commits) {
      for (const pid of c.parents) {
        const p = byId.get(pid);
        if (!p) continue;
        const by = p.committer.time - c.committer.time;
        if (by > BACKWARDS_TOLERANCE_S) {
          backCount += 1;
          if (!worstBack || by > worstBack.by) worstBack = { c, p, by };
        }
      }
    }
    if (worstBack) {
      // A few backwards dates are clock skew or a rebase that kept the authors' dates; a history
      // where many commits go back in time was dated by hand.
      const widespread = backCount >= BACKWARDS_MANY && backCount * 10 >= commits.length;
      ctx.report({
        message: `${backCount} commit${backCount === 1 ? ' is' : 's are'} dated before ${backCount === 1 ? 'its' : 'their'} parent; the worst, ${shortSha(worstBack.c.sha)}, is ${days(worstBack.by)} older than the commit it follows. ${widespread ? 'So many commits going back in time means the dates were set by hand.' : 'A wrong clock or a rebase that kept the original dates does this.'}`,
        location: where,
        evidence: `${shortSha(worstBack.c.sha)} ${isoDate(worstBack.c.committer.time)} after ${shortSha(worstBack.p.sha)} ${isoDate(worstBack.p.committer.time)}`,
        severity: widespread ? HISTORY_CONTEXT : 'info',
      });
    }

    const future = commits.filter(c => Math.max(c.author.time, c.committer.time) > now + FUTURE_TOLERANCE_S);
    const firstFuture = future[0];
    if (firstFuture) {
      ctx.report({
        message: `${future.length} commit${future.length === 1 ? ' is' : 's are'} dated in the future (${isoDate(Math.max(firstFuture.author.time, firstFuture.committer.time))}): the dates were forged or the machine's clock is wrong.`,
        location: where,
        evidence: `${shortSha(firstFuture.sha)} ${firstFuture.subject}`,
      });
    }

    const byTime = groupSets(
      commits,
      c => `${c.author.time}/${c.committer.time}`,
      c => c.sha,
    );
    let sameTime: [string, Set<string>] | undefined;
    for (const entry of byTime) if (!sameTime || entry[1].size > sameTime[1].size) sameTime = entry;
    if (sameTime && sameTime[1].size >= SAME_TIME_MIN) {
      const t = Number(sameTime[0].split('/')[0]);
      ctx.report({
        message: `${sameTime[1].size} commits carry the identical author and commit time ${isoDate(t)}: the history was generated by a script rather than written over time.`,
        location: where,
        evidence: [...sameTime[1]].slice(0, 5).map(shortSha).join(' '),
      });
    }

    const namesByEmail = groupSets(
      commits,
      c => c.author.email,
      c => c.author.name,
    );
    for (const [email, names] of namesByEmail) {
      if (names.size < NAMES_PER_EMAIL_MIN) continue;
      // "Josh Junon", "Josh" and "josh-junon" are one person writing their name three ways.
      const people = peopleIn(names);
      ctx.report({
        message:
          people >= NAMES_PER_EMAIL_MIN
            ? `One e-mail address, ${email}, signs commits under ${people} names that are not variants of one another.`
            : `One e-mail address, ${email}, signs commits under ${names.size} spellings of ${people === 1 ? 'one name' : `${people} names`}.`,
        location: where,
        evidence: [...names].slice(0, 6).join(', '),
        severity: people >= NAMES_PER_EMAIL_MIN ? HISTORY_CONTEXT : 'info',
      });
    }
    const emailsByName = groupSets(
      commits,
      c => c.author.name,
      c => c.author.email,
    );
    for (const [name, emails] of emailsByName) {
      if (emails.size < EMAILS_PER_NAME_MIN) continue;
      ctx.report({
        message: `The name "${name}" signs commits with ${emails.size} different e-mail addresses.`,
        location: where,
        evidence: [...emails].slice(0, 6).join(', '),
        severity: 'info',
      });
    }

    const mismatched = commits.filter(c => c.author.email !== c.committer.email && !SERVICE_COMMITTER.test(c.committer.email));
    const firstMismatch = mismatched[0];
    if (firstMismatch) {
      ctx.report({
        message: `${mismatched.length} of ${commits.length} commits were committed by someone other than their author (for example ${shortSha(firstMismatch.sha)}: written by ${firstMismatch.author.name}, committed by ${firstMismatch.committer.name}).`,
        location: where,
        evidence: `${firstMismatch.author.email} → ${firstMismatch.committer.email}`,
        severity: 'info',
      });
    }
  },
});
