/**
 * Finds IOC values in a file: an Aho-Corasick pass over the raw bytes finds which indicators'
 * atoms occur, then only those indicators' own regular expressions (with boundaries, so
 * `ipcheck-six.vercel.app` does not match `myipcheck-six.vercel.app`) run on the decoded text.
 */
import { AtomScanner } from '../analysis/aho.ts';
import { spacedPair } from '../analysis/literals.ts';
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
/** The literals that gate an indicator: one of them is in every text it matches. */
export function atomsOf(e: LoadedIoc): (string | Uint8Array)[] {
  if (e.pattern === undefined) return [e.value];
  if (e.atoms) return e.atoms.flatMap(a => (typeof a === 'string' ? [a] : spacedPair(a[0], a[1])));
  const head = e.value.split(/['"\s=:]/)[0] ?? '';
  return [head.length >= 4 ? head : e.value];
}

export class IocMatcher {
  private scanner: AtomScanner | undefined;
  /** The atoms of all indicators: ids of these are what `candidates` gives and `confirm` takes. */
  readonly atoms: (string | Uint8Array)[] = [];
  /** The indicator (index into `entries`) of each atom. */
  private readonly atomEntry: number[] = [];
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
    this.entries.forEach((e, i) => {
      for (const atom of atomsOf(e)) {
        this.atoms.push(atom);
        this.atomEntry.push(i);
      }
    });
  }

  /** Ids of the atoms that occur in the bytes (cheap; no decoding). */
  candidates(bytes: Uint8Array): number[] {
    this.scanner ??= new AtomScanner(this.atoms);
    return [...this.scanner.scan(bytes)];
  }

  /** Confirmed hits, at most `max`, in the decoded text of the indicators whose atoms (ids) occur. */
  confirm(text: string, atomIds: readonly number[], max = 50): IocHit[] {
    const hits: IocHit[] = [];
    for (const id of new Set(atomIds.map(a => this.atomEntry[a] ?? -1))) {
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
