/**
 * The one HTTP client of the dependency analysers: per-attempt timeouts, a cap on the body size,
 * redirects followed by hand (at most a few, never from https to http), and a small bounded number
 * of retries on network errors and 5xx/429 answers.
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { VERSION } from '../../version.ts';

export interface HttpOptions {
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  retries?: number;
  /** Base delay between retries; doubled each time. */
  retryDelayMs?: number;
  accept?: string;
}

export class HttpError extends Error {
  readonly status: number | undefined;
  constructor(message: string, status?: number) {
    super(message);
    this.status = status;
  }
}

const DEFAULTS = { timeoutMs: 20_000, maxBytes: 64 * 1024 * 1024, maxRedirects: 5, retries: 2, retryDelayMs: 300 };

function describe(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

type Sink = (chunk: Uint8Array) => void | Promise<void>;

async function attempt(url: string, o: Required<Omit<HttpOptions, 'accept'>> & { accept?: string }, sink: Sink): Promise<void> {
  let current = url;
  for (let hop = 0; ; hop++) {
    const signal = AbortSignal.timeout(o.timeoutMs);
    let res: Response;
    try {
      res = await fetch(current, {
        redirect: 'manual',
        signal,
        headers: { 'user-agent': `airlock/${VERSION}`, accept: o.accept ?? '*/*' },
      });
    } catch (err) {
      const e = err as Error;
      const why =
        e.name === 'TimeoutError' || e.name === 'AbortError'
          ? `no answer within ${o.timeoutMs} ms`
          : ((e.cause as Error | undefined)?.message ?? e.message);
      throw new HttpError(`${describe(current)}: ${why}`);
    }
    if (res.status >= 300 && res.status < 400 && res.headers.has('location')) {
      await res.body?.cancel();
      if (hop >= o.maxRedirects) throw new HttpError(`${describe(url)}: more than ${o.maxRedirects} redirects`, res.status);
      const next = new URL(res.headers.get('location') ?? '', current);
      if (new URL(current).protocol === 'https:' && next.protocol !== 'https:')
        throw new HttpError(`${describe(current)}: redirect from https to ${next.protocol}`, res.status);
      current = next.toString();
      continue;
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new HttpError(`${describe(current)}: HTTP ${res.status}`, res.status);
    }
    const declared = Number(res.headers.get('content-length') ?? '0');
    if (declared > o.maxBytes) {
      await res.body?.cancel();
      throw new HttpError(`${describe(current)}: ${declared} bytes is more than the ${o.maxBytes}-byte limit`);
    }
    if (!res.body) return;
    let total = 0;
    try {
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
        total += chunk.byteLength;
        if (total > o.maxBytes) throw new HttpError(`${describe(current)}: more than the ${o.maxBytes}-byte limit`);
        await sink(chunk);
      }
    } catch (err) {
      if (err instanceof HttpError) throw err;
      const e = err as Error;
      throw new HttpError(
        `${describe(current)}: ${e.name === 'TimeoutError' || e.name === 'AbortError' ? `no complete answer within ${o.timeoutMs} ms` : e.message}`,
      );
    }
    return;
  }
}

function retryable(err: unknown): boolean {
  if (!(err instanceof HttpError)) return false;
  if (err.status === undefined) return !/limit|redirect/.test(err.message);
  return err.status >= 500 || err.status === 429;
}

async function withRetries(
  url: string,
  options: HttpOptions,
  run: (o: Required<Omit<HttpOptions, 'accept'>> & { accept?: string }) => Promise<void>,
): Promise<void> {
  const o = { ...DEFAULTS, ...options };
  for (let i = 0; ; i++) {
    try {
      await run(o);
      return;
    } catch (err) {
      if (i >= o.retries || !retryable(err)) throw err;
      await new Promise(r => setTimeout(r, o.retryDelayMs * 2 ** i));
    }
  }
}

export async function fetchBytes(url: string, options: HttpOptions = {}): Promise<Buffer> {
  let chunks: Uint8Array[] = [];
  await withRetries(url, options, async o => {
    chunks = [];
    await attempt(url, o, c => {
      chunks.push(c);
    });
  });
  return Buffer.concat(chunks);
}

export async function fetchJson(url: string, options: HttpOptions = {}): Promise<unknown> {
  const body = await fetchBytes(url, { accept: 'application/json', ...options });
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(`${describe(url)}: the answer is not JSON`);
  }
}

/** Streams the body to `dest` through a temporary file next to it, renamed only when complete. */
export async function downloadToFile(url: string, dest: string, options: HttpOptions = {}): Promise<number> {
  const tmp = `${dest}.part`;
  let total = 0;
  try {
    await withRetries(url, options, async o => {
      total = 0;
      const out = createWriteStream(tmp);
      const done = new Promise<void>((resolve, reject) => {
        out.on('finish', resolve);
        out.on('error', reject);
      });
      try {
        await attempt(url, o, async chunk => {
          total += chunk.byteLength;
          if (!out.write(chunk))
            await new Promise<void>(r =>
              out.once('drain', () => {
                r();
              }),
            );
        });
      } finally {
        out.end();
        await done;
      }
    });
    await rename(tmp, dest);
    return total;
  } finally {
    await rm(tmp, { force: true });
  }
}
