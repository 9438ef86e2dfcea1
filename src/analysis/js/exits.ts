/**
 * Ways out other than an HTTP request: a program the code runs that uploads (curl, scp, nc,
 * `gh gist create`…), `git push` of a repository or `npm publish` of a package folder the code
 * filled with secrets, and copies into a folder a cloud
 * service or a network share carries off the machine (iCloud Drive, Dropbox, OneDrive, Google
 * Drive, a mounted share). DNS, WebSocket, raw sockets and mail are requests (`CodeFacts.requests`).
 */
import type { Location } from '../../core/types.ts';
import { syncedFolder } from '../../knowledge/persistence.ts';
import { hasKind } from './types.ts';
import type { CodeFacts, TaintKind } from './types.ts';

export interface WayOut {
  loc: Location;
  /** How the data leaves, for a message: `curl`, `git push`, `a copy into Dropbox`. */
  how: string;
  evidence: string;
}

/** A program in command position that sends data to another machine. */
const UPLOADER =
  /(?:^|[\s;&|(`'"])((?:curl|wget|nc|ncat|netcat|socat|scp|sftp|rsync|ftp|tftp|telnet|sendmail|Invoke-WebRequest|Invoke-RestMethod|iwr|irm)(?:\.exe)?)(?=\s)/i;
const IDENTITY = /(?:^|\s)(?:-i|--identity-file|-o\s*IdentityFile=)\s*\S+/g;
const GIT_PUSH = /\bgit\b[^\n]*\bpush\b/;
/** Publishes a package folder to a registry anyone can download from. */
const PUBLISH = /\b(?:npm|pnpm|yarn|bun)\s+(?:[\w-]+\s+)?publish\b|\bnpm\s+pack\b[^\n]*&&[^\n]*\bpublish\b/;
/** `gh gist create FILE`, `gh release upload TAG FILE`: a file uploaded to GitHub. */
const GH_UPLOAD = /\bgh\s+(?:gist\s+(?:create|edit)|release\s+(?:create|upload))\b/;

/**
 * Where data of `kinds` (or, for commands, a path `names` recognises as a secret) leaves the
 * machine other than by a request: at most one way out per kind of exit.
 */
export function waysOut(facts: CodeFacts, kinds: readonly TaintKind[], names: (text: string) => boolean): WayOut[] {
  const out: WayOut[] = [];
  const commands = facts.sinks.filter(s => (s.kind === 'shell' || s.kind === 'spawn') && s.value !== undefined);
  for (const s of commands) {
    const program = UPLOADER.exec(s.value ?? '')?.[1] ?? (GH_UPLOAD.test(s.value ?? '') ? 'gh' : undefined);
    if (!program) continue;
    // A key given to ssh to log in (`scp -i ~/.ssh/id_ed25519 dist.tgz host:`) is used, not sent.
    const sent = (s.value ?? '').replace(IDENTITY, ' ');
    if (!hasKind(s.taint, ...kinds) && !names(sent)) continue;
    out.push({ loc: s.loc, how: `\`${program}\``, evidence: s.value ?? '' });
    break;
  }
  // Secrets written or copied somewhere: into a synced folder they leave at once; into a
  // repository the code pushes, they leave with the push.
  const stash = facts.writes.filter(w => hasKind(w.taint, ...kinds) || (w.from !== undefined && names(w.from)));
  const synced = stash.find(w => w.path !== undefined && syncedFolder(w.path) !== undefined);
  if (synced?.path !== undefined) {
    out.push({ loc: synced.loc, how: `a copy into ${syncedFolder(synced.path) ?? 'a synced folder'}`, evidence: synced.path });
  }
  const push = stash.length > 0 ? commands.find(s => GIT_PUSH.test(s.value ?? '')) : undefined;
  if (push) out.push({ loc: push.loc, how: '`git push`', evidence: push.value ?? '' });
  // Secrets written into a folder that is then published as a package are public at once.
  const publish = stash.length > 0 ? commands.find(s => PUBLISH.test(s.value ?? '')) : undefined;
  if (publish) out.push({ loc: publish.loc, how: 'a package it publishes', evidence: publish.value ?? '' });
  return out;
}
