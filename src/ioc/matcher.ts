/**
 * Finds IOC values in a file: an Aho-Corasick pass over the raw bytes finds which indicators'
 * atoms occur, then only those indicators' own regular expressions (with boundaries, so
 * `ipcheck-six.vercel.app` does not match `myipcheck-six.vercel.app`) run on the decoded text.
 */
import { AtomScanner } from '../analysis/aho.ts';
import type { IocSet, LoadedIoc } from './index.ts';

export interface IocHit {
  entry: LoadedIoc;
  /** UTF-16 offset of the match. */
  offset: number;
  matched: string;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function expression(e: LoadedIoc): string {
  switch (e.type) {
    case 'domain':
      return `(?<![\\w.-])${escape(e.value)}(?![\\w-])`;
    case 'ip':
      return `(?<![\\w.])${escape(e.value)}(?!\\d)`;
    case 'url':
      return `${escape(e.value)}(?![\\w-])`;
    case 'address':
      return `(?<!\\w)${escape(e.value)}(?!\\w)`;
    case 'url-path':
    case 'marker':
    case 'sha256':
      return e.pattern ?? escape(e.value);
  }
}

/** The literal every match of the entry contains. */
export function atomOf(e: LoadedIoc): string {
  if (e.pattern === undefined) return e.value;
  const head = e.value.split(/['"\s=:]/)[0] ?? '';
  return head.length >= 4 ? head : e.value;
}

export class IocMatcher {
  private scanner: AtomScanner | undefined;
  /** The atom of each indicator, by the ids `candidates` and `confirm` use. */
  readonly atoms: string[];
  private readonly entries: LoadedIoc[] = [];
  private readonly regexes: RegExp[] = [];
  readonly hashes = new Map<string, LoadedIoc>();

  constructor(readonly set: IocSet) {
    for (const e of set.entries) {
      if (e.type === 'sha256') {
        this.hashes.set(e.value.toLowerCase(), e);
        continue;
      }
      this.entries.push(e);
      this.regexes.push(new RegExp(expression(e), 'gi'));
    }
    this.atoms = this.entries.map(atomOf);
  }

  /** Indicators whose atoms occur in the bytes (cheap; no decoding). */
  candidates(bytes: Uint8Array): number[] {
    this.scanner ??= new AtomScanner(this.atoms);
    return [...this.scanner.scan(bytes)];
  }

  /** Confirmed hits of the candidate indicators in the decoded text, at most `max`. */
  confirm(text: string, candidates: readonly number[], max = 50): IocHit[] {
    const hits: IocHit[] = [];
    for (const id of candidates) {
      const entry = this.entries[id];
      const re = this.regexes[id];
      if (!entry || !re) continue;
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while (hits.length < max && (m = re.exec(text)) !== null) {
        if (m[0] === '') {
          re.lastIndex++;
          continue;
        }
        hits.push({ entry, offset: m.index, matched: m[0] });
      }
    }
    return hits.sort((a, b) => a.offset - b.offset);
  }

  find(text: string, max = 50): IocHit[] {
    return this.confirm(text, this.candidates(Buffer.from(text, 'utf8')), max);
  }
}
