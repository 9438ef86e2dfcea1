// Network sinks that run INSIDE the sandbox's network namespace (plain JavaScript: the sandbox runs
// it with the system's node, without a TypeScript loader). Nothing here ever forwards a byte out:
// - DNS on 127.0.0.1:53 answers every A query with a loopback address unique to the name (so a later
//   connect to that address is attributable to the name) and records the query;
// - one TCP listener per sink port (80, 443 and the ports this campaign's beacons use) sniffs the
//   first byte: TLS goes to a TLS server whose certificate for the requested name is signed on the
//   fly by the per-run CA (the SNI is recorded even when the client does not trust it), HTTP goes to
//   an HTTP server, anything else is recorded as raw TCP; HTTP(S) requests are answered with a decoy.
import { spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createNetServer, isIP } from 'node:net';
import { createSecureContext, createServer as createTlsServer } from 'node:tls';
import { join } from 'node:path';
import { gunzipSync, inflateSync } from 'node:zlib';

const MAX_BODY_SCAN = 1024 * 1024;

/**
 * The decoy answer: a shell/JavaScript polyglot. Run by `sh` it changes directory to a path that
 * names the request; evaluated as JavaScript it does the same through process.chdir. Either way the
 * tracer sees a chdir to /.airlock-decoy-<token>: proof that the body of that request was executed.
 */
export function decoyBody(token) {
  return `true /*\ncd /.airlock-decoy-${token} 2>/dev/null; exit 0\n*/\n;try{process.chdir('/.airlock-decoy-${token}')}catch(e){}\n`;
}

/** Fields loaders read a payload from in a JSON answer (`response.data.cookie`, `.data`, `.content`…). */
export const DECOY_FIELDS = [
  'cookie',
  'data',
  'code',
  'content',
  'payload',
  'script',
  'result',
  'message',
  'body',
  'model',
  'token',
  'value',
  'src',
  'text',
  'js',
];

function hexOf(text) {
  return Buffer.from(text, 'utf8').toString('hex');
}

/** A string ABI-encoded as an eth_call result returns it (offset, length, padded bytes). */
function abiString(text) {
  const hex = hexOf(text);
  const word = n => n.toString(16).padStart(64, '0');
  return `0x${word(32)}${word(hex.length / 2)}${hex.padEnd(Math.ceil(hex.length / 64) * 64 || 64, '0')}`;
}

function parseJsonRpc(body) {
  if (body.length === 0 || body.length > MAX_BODY_SCAN) return undefined;
  try {
    const v = JSON.parse(body.toString('utf8'));
    const calls = Array.isArray(v) ? v : [v];
    if (calls.length === 0 || !calls.every(c => c && typeof c === 'object' && typeof c.method === 'string')) return undefined;
    return { batch: Array.isArray(v), calls };
  } catch {
    return undefined;
  }
}

/**
 * The decoy answer in the shape the client asked for, every executable part of it the polyglot:
 * JSON-RPC replies (blockchain loaders: eth_call returns an ABI string, eth_getTransactionByHash a
 * transaction whose input carries the code, anything else the code as result); a JSON object with
 * the usual payload fields when the client asked for JSON; else the shell/JavaScript polyglot.
 */
export function decoyFor(token, req, body) {
  const code = decoyBody(token);
  const rpc = parseJsonRpc(body);
  if (rpc) {
    const answer = c => {
      let result = code;
      if (c.method === 'eth_call') result = abiString(code);
      else if (c.method === 'eth_getTransactionByHash' || c.method === 'eth_getTransactionReceipt')
        result = {
          hash: `0x${'0'.repeat(64)}`,
          from: `0x${'0'.repeat(40)}`,
          to: `0x${'0'.repeat(40)}`,
          blockNumber: '0x1',
          input: `0x${hexOf(code)}`,
          data: `0x${hexOf(code)}`,
        };
      else if (c.method === 'eth_blockNumber' || c.method === 'eth_chainId') result = '0x1';
      return { jsonrpc: '2.0', id: c.id ?? null, result };
    };
    const reply = rpc.batch ? rpc.calls.map(answer) : answer(rpc.calls[0]);
    return { type: 'application/json', text: JSON.stringify(reply) };
  }
  const accept = String(req.headers.accept ?? '');
  const path = String(req.url ?? '').split('?')[0];
  const sentJson = /json/i.test(String(req.headers['content-type'] ?? ''));
  if (/application\/json/i.test(accept) || /\.json$/i.test(path) || sentJson) {
    const obj = {};
    for (const f of DECOY_FIELDS) obj[f] = code;
    return { type: 'application/json', text: JSON.stringify(obj) };
  }
  return { type: 'text/plain', text: code };
}

const B64_RUN = /[A-Za-z0-9+/_-]{16,}={0,2}/g;
const HEX_RUN = /(?:[0-9a-fA-F]{2}){16,}/g;

/**
 * The texts a request may hide a secret in: as sent, URL-decoded, gunzipped or inflated, and every
 * base64 or hex run decoded (two levels deep, so base64 of gzip is read), within a byte budget.
 */
export function decodedViews(buf, budget = 8 * 1024 * 1024) {
  const views = [];
  let spent = 0;
  const add = (b, depth) => {
    if (!b || b.length === 0 || spent + b.length > budget || views.length > 2000) return;
    spent += b.length;
    const text = b.toString('latin1');
    views.push(text);
    if (depth >= 2) return;
    if (b[0] === 0x1f && b[1] === 0x8b) {
      try {
        add(gunzipSync(b, { maxOutputLength: 4 * 1024 * 1024 }), depth + 1);
      } catch {
        // not gzip after all
      }
    } else if (b[0] === 0x78) {
      try {
        add(inflateSync(b, { maxOutputLength: 4 * 1024 * 1024 }), depth + 1);
      } catch {
        // not zlib
      }
    }
    if (text.includes('%')) {
      try {
        add(Buffer.from(decodeURIComponent(text.replace(/\+/g, ' ')), 'latin1'), depth + 1);
      } catch {
        add(
          Buffer.from(
            text.replace(/%([0-9a-fA-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ),
          depth + 1,
        );
      }
    }
    for (const m of text.matchAll(B64_RUN)) add(Buffer.from(m[0], 'base64'), depth + 1);
    for (const m of text.matchAll(HEX_RUN)) add(Buffer.from(m[0], 'hex'), depth + 1);
  };
  add(buf, 0);
  return views;
}

export function startSinks(config, record, currentPhase) {
  const servers = [];
  const names = new Map();
  let nextHost = 1;
  let nextToken = 1;
  const addressFor = name => {
    const key = name.toLowerCase();
    let a = names.get(key);
    if (!a) {
      const n = nextHost++;
      a = `127.77.${(n >> 8) & 255}.${n & 255}`;
      names.set(key, a);
    }
    return a;
  };
  const nameOf = address => {
    for (const [n, a] of names) if (a === address) return n;
    return undefined;
  };
  const needles = config.tokens ?? [];
  const honeyIn = buf => {
    if (!buf || buf.length === 0) return [];
    const views = decodedViews(buf.subarray(0, MAX_BODY_SCAN));
    return needles.filter(t => views.some(v => v.includes(t.needle))).map(t => t.id);
  };

  // DNS
  const dns = createSocket('udp4');
  dns.on('message', (msg, rinfo) => {
    const q = parseQuery(msg);
    if (!q) return;
    const answer = q.qtype === 1 ? addressFor(q.name) : undefined;
    record({ kind: 'dns', phase: currentPhase(), name: q.name, qtype: QTYPES[q.qtype] ?? String(q.qtype), answer });
    dns.send(buildAnswer(msg, q, answer), rinfo.port, rinfo.address);
  });
  dns.on('error', err => record({ kind: 'sink-error', sink: 'dns', message: String(err.message) }));
  dns.bind(53, '127.0.0.1');
  servers.push(dns);

  // HTTP (shared by every port)
  const http = createHttpServer((req, res) => {
    const chunks = [];
    let size = 0;
    req.on('data', c => {
      size += c.length;
      if (size <= MAX_BODY_SCAN) chunks.push(c);
    });
    req.on('end', () => {
      const token = `${config.runId}-${nextToken++}`;
      const local = req.socket.localAddress?.replace(/^::ffff:/, '');
      const body = Buffer.concat(chunks);
      record({
        kind: 'http',
        phase: currentPhase(),
        tls: req.socket.encrypted === true,
        method: req.method,
        host: req.headers.host ?? nameOf(local) ?? local,
        path: req.url,
        port: req.socket.localPort,
        address: local,
        name: nameOf(local),
        headers: req.headers,
        bodyBytes: size,
        honeytokens: honeyIn(Buffer.concat([Buffer.from(req.url ?? ''), Buffer.from(JSON.stringify(req.headers)), body])),
        decoy: token,
      });
      const decoy = decoyFor(token, req, body);
      res.writeHead(200, { 'content-type': decoy.type, connection: 'close' });
      res.end(decoy.text);
    });
  });
  http.on('clientError', (_err, socket) => socket.destroy());

  // TLS: certificates per name, signed by the per-run CA.
  const contexts = new Map();
  let serial = 0;
  const tmp = mkdtempSync('/tmp/.airlock-tls-');
  const leafPem = key => {
    const ext = join(tmp, `ext-${serial}.cnf`);
    const san = isIP(key) ? `IP:${key}` : `DNS:${key}`;
    writeFileSync(ext, `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
    const r = spawnSync(
      config.tls.openssl,
      [
        'x509',
        '-req',
        '-in',
        config.tls.leafCsr,
        '-CA',
        config.tls.caCert,
        '-CAkey',
        config.tls.caKey,
        '-set_serial',
        String(1000 + serial++),
        '-days',
        '2',
        '-extfile',
        ext,
      ],
      { encoding: 'utf8', timeout: 10000 },
    );
    return r.status === 0 ? r.stdout + readFileSync(config.tls.caCert, 'utf8') : undefined;
  };
  const contextFor = name => {
    const key = name || 'localhost';
    let ctx = contexts.get(key);
    if (ctx) return ctx;
    const cert = leafPem(key);
    if (!cert) return undefined;
    ctx = createSecureContext({ key: readFileSync(config.tls.leafKey), cert });
    contexts.set(key, ctx);
    return ctx;
  };
  const defaultCert = config.tls ? leafPem('localhost') : undefined;
  const tls = config.tls
    ? createTlsServer({
        SNICallback: (servername, cb) => {
          record({ kind: 'tls', phase: currentPhase(), sni: servername });
          cb(null, contextFor(servername));
        },
        key: readFileSync(config.tls.leafKey),
        cert: defaultCert,
      })
    : undefined;
  tls?.on('secureConnection', s => http.emit('connection', s));
  tls?.on('tlsClientError', () => undefined);

  if (tls) {
    tls.on('error', err => record({ kind: 'sink-error', sink: 'tls:443', message: String(err.message) }));
    tls.listen(443, '0.0.0.0');
    servers.push(tls);
  }
  for (const port of config.sinkPorts) {
    if (port === 443 && tls) continue;
    const server = createNetServer({ pauseOnConnect: false }, socket => {
      socket.once('data', chunk => {
        socket.pause();
        socket.unshift(chunk);
        const local = socket.localAddress?.replace(/^::ffff:/, '');
        if (chunk[0] === 0x16) {
          record({ kind: 'tls', phase: currentPhase(), sni: sniOf(chunk) ?? nameOf(local) ?? local, port });
          socket.destroy();
          return;
        } else if (/^[A-Z]{3,8} /.test(chunk.subarray(0, 9).toString('latin1'))) {
          http.emit('connection', socket);
        } else {
          record({
            kind: 'tcp',
            phase: currentPhase(),
            port,
            address: local,
            name: nameOf(local),
            firstBytes: chunk.length,
            honeytokens: honeyIn(chunk),
          });
          socket.destroy();
          return;
        }
        socket.resume();
      });
      socket.on('error', () => undefined);
      socket.setTimeout(15000, () => socket.destroy());
    });
    server.on('error', err => record({ kind: 'sink-error', sink: `tcp:${port}`, message: String(err.message) }));
    server.listen(port, '0.0.0.0');
    servers.push(server);
  }
  return {
    close() {
      for (const s of servers) s.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** The server name of a TLS ClientHello (first record only); undefined when absent or malformed. */
export function sniOf(buf) {
  try {
    if (buf[0] !== 0x16 || buf[5] !== 0x01) return undefined;
    let off = 5 + 4 + 2 + 32;
    off += 1 + buf[off];
    off += 2 + buf.readUInt16BE(off);
    off += 1 + buf[off];
    const end = Math.min(buf.length, off + 2 + buf.readUInt16BE(off));
    off += 2;
    while (off + 4 <= end) {
      const type = buf.readUInt16BE(off);
      const len = buf.readUInt16BE(off + 2);
      off += 4;
      if (type === 0 && off + 5 <= end) {
        const nameLen = buf.readUInt16BE(off + 3);
        return buf.subarray(off + 5, off + 5 + nameLen).toString('latin1');
      }
      off += len;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

const QTYPES = { 1: 'A', 28: 'AAAA', 5: 'CNAME', 15: 'MX', 16: 'TXT', 33: 'SRV', 65: 'HTTPS', 12: 'PTR' };

/** Parses the first question of a DNS query; undefined for anything malformed. */
export function parseQuery(msg) {
  if (msg.length < 12) return undefined;
  const qdcount = msg.readUInt16BE(4);
  if (qdcount < 1) return undefined;
  let off = 12;
  const labels = [];
  for (let guard = 0; guard < 128; guard++) {
    if (off >= msg.length) return undefined;
    const len = msg[off];
    if (len === 0) {
      off++;
      break;
    }
    if (len > 63 || off + 1 + len > msg.length) return undefined;
    labels.push(msg.subarray(off + 1, off + 1 + len).toString('latin1'));
    off += 1 + len;
  }
  if (off + 4 > msg.length) return undefined;
  return { name: labels.join('.'), qtype: msg.readUInt16BE(off), qclass: msg.readUInt16BE(off + 2), end: off + 4 };
}

/** A response echoing the question, with one A record when `address` is given. */
export function buildAnswer(msg, q, address) {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(msg.readUInt16BE(0), 0);
  header.writeUInt16BE(0x8180 | (msg.readUInt16BE(2) & 0x0100), 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(address ? 1 : 0, 6);
  const question = msg.subarray(12, q.end);
  if (!address) return Buffer.concat([header, question]);
  const rr = Buffer.alloc(16);
  rr.writeUInt16BE(0xc00c, 0);
  rr.writeUInt16BE(1, 2);
  rr.writeUInt16BE(1, 4);
  rr.writeUInt32BE(5, 6);
  rr.writeUInt16BE(4, 10);
  address.split('.').forEach((p, i) => rr.writeUInt8(Number(p), 12 + i));
  return Buffer.concat([header, question, rr]);
}
