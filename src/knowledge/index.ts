/**
 * Detection knowledge shipped as data (data/knowledge/*.json at the package root): lists that
 * several rules, the code facts, the sandbox and the workstation checks share, kept in one copy
 * each with the public sources they come from. Each file is read and checked once, when first
 * asked for; a malformed file is a packaging bug and throws.
 */
import { readFileSync } from 'node:fs';

/** A browser extension that holds a crypto wallet or authenticator secrets. */
export interface WalletExtension {
  /** The 32-letter extension id (`a`-`p`), the name of its folder under `Local Extension Settings`. */
  readonly id: string;
  readonly name: string;
  readonly store: 'chrome' | 'edge';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readKnowledge(name: string): Record<string, unknown> {
  const where = `data/knowledge/${name}`;
  const doc: unknown = JSON.parse(readFileSync(new URL(`../../data/knowledge/${name}`, import.meta.url), 'utf8'));
  if (!isRecord(doc) || !Array.isArray(doc['sources']) || doc['sources'].length === 0) {
    throw new Error(`${where}: expected an object with a non-empty "sources" list`);
  }
  return doc;
}

function parseWalletExtensions(doc: Record<string, unknown>): WalletExtension[] {
  const list = doc['extensions'];
  if (!Array.isArray(list)) throw new Error('data/knowledge/wallet-extensions.json: "extensions" is not a list');
  return list.map((e: unknown, i) => {
    if (!isRecord(e) || typeof e['id'] !== 'string' || !/^[a-p]{32}$/.test(e['id']) || typeof e['name'] !== 'string') {
      throw new Error(`data/knowledge/wallet-extensions.json: entry ${i} needs a 32-letter id and a name`);
    }
    const store = e['store'] === 'edge' ? 'edge' : 'chrome';
    return { id: e['id'], name: e['name'], store };
  });
}

let wallets: readonly WalletExtension[] | undefined;

/** The wallet and authenticator extensions the campaigns' stealers read (data/knowledge/wallet-extensions.json). */
export function walletExtensions(): readonly WalletExtension[] {
  wallets ??= parseWalletExtensions(readKnowledge('wallet-extensions.json'));
  return wallets;
}

/** A regular-expression source matching any wallet extension id as a whole word. */
export function walletIdPattern(): string {
  return String.raw`\b(?:${walletExtensions()
    .map(e => e.id)
    .join('|')})\b`;
}
