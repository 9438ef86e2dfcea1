/** Builds npm-style package tarballs (ustar + gzip) in memory for online tests. */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

function header(name: string, size: number, type = '0'): Buffer {
  const h = Buffer.alloc(512);
  h.write(name.slice(0, 100), 0, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(size.toString(8).padStart(11, '0') + '\0', 124);
  h.write('00000000000\0', 136);
  h.write('        ', 148);
  h.write(type, 156);
  h.write('ustar\0' + '00', 257);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}

/** Entries are tar paths (give `package/…` for a normal package) and their contents. */
export function makeTar(entries: Record<string, string | Buffer>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, content] of Object.entries(entries)) {
    const body = Buffer.isBuffer(content) ? content : Buffer.from(content);
    parts.push(header(name, body.length), body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

export function makeTarball(files: Record<string, string | Buffer>): Buffer {
  return gzipSync(
    makeTar(Object.fromEntries(Object.entries(files).map(([k, v]) => [k.includes('..') || k.startsWith('/') ? k : `package/${k}`, v]))),
  );
}

export function sri(bytes: Buffer): string {
  return `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
}

export interface PublishedVersion {
  version: string;
  files: Record<string, string | Buffer>;
  time?: string;
  scripts?: Record<string, string>;
  maintainers?: string[];
  publisher?: string;
}

/** A packument plus the routes that serve it and its tarballs from `base`. */
export function publish(base: string, name: string, versions: PublishedVersion[]): Record<string, Buffer | object> {
  const routes: Record<string, Buffer | object> = {};
  const doc: { name: string; versions: Record<string, unknown>; time: Record<string, string> } = { name, versions: {}, time: {} };
  for (const v of versions) {
    const tgz = makeTarball(v.files);
    const file = `/${name}/-/${name.split('/').pop() ?? name}-${v.version}.tgz`;
    routes[file] = tgz;
    doc.versions[v.version] = {
      name,
      version: v.version,
      scripts: v.scripts ?? {},
      maintainers: (v.maintainers ?? ['original-author']).map(m => ({ name: m })),
      _npmUser: { name: v.publisher ?? v.maintainers?.[0] ?? 'original-author' },
      dist: { tarball: `${base}${file}`, integrity: sri(tgz) },
    };
    doc.time[v.version] = v.time ?? '2020-01-01T00:00:00.000Z';
  }
  routes[`/${name}`] = doc;
  return routes;
}
