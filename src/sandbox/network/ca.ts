/**
 * The per-run certificate authority for the HTTPS sink: a CA certificate that only this detonation
 * trusts (sandboxed Node through NODE_EXTRA_CA_CERTS, curl and OpenSSL clients through a bundle in
 * SSL_CERT_FILE), and one leaf key with a CSR; the sink signs a leaf certificate for each name a
 * client asks for. Generated with the `openssl` binary (node:crypto cannot issue certificates).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { joinAbs } from '../../fs/path.ts';

export interface RunCa {
  caCert: string;
  caKey: string;
  leafKey: string;
  leafCsr: string;
  /** System roots plus the run CA, for clients that read SSL_CERT_FILE. */
  bundle: string;
}

const SYSTEM_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt'];

/** Creates the CA in `dir`; undefined (HTTPS then only recorded by SNI) when openssl is missing. */
export function createRunCa(openssl: string | undefined, dir: string, runId: string): RunCa | undefined {
  if (!openssl) return undefined;
  const p = (name: string): string => joinAbs(dir, name);
  const run = (args: string[]): boolean => spawnSync(openssl, args, { stdio: 'ignore', timeout: 20000 }).status === 0;
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const okCa = run([
    'req',
    '-x509',
    ...ec,
    '-keyout',
    p('ca.key'),
    '-out',
    p('ca.crt'),
    '-days',
    '2',
    '-subj',
    `/CN=Airlock detonation CA ${runId}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  const okLeaf = okCa && run(['req', ...ec, '-keyout', p('leaf.key'), '-out', p('leaf.csr'), '-subj', '/CN=airlock-sink']);
  if (!okLeaf) return undefined;
  const system = SYSTEM_BUNDLES.find(f => existsSync(f));
  writeFileSync(p('bundle.crt'), (system ? readFileSync(system, 'utf8') : '') + '\n' + readFileSync(p('ca.crt'), 'utf8'));
  return { caCert: p('ca.crt'), caKey: p('ca.key'), leafKey: p('leaf.key'), leafCsr: p('leaf.csr'), bundle: p('bundle.crt') };
}
