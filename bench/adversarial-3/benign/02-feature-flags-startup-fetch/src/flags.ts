import type { Request, Response, NextFunction } from 'express';

export type Flags = Record<string, boolean | string | number>;
let flags: Flags = {};

const FLAGS_URL = process.env.FLAGS_URL ?? 'https://flags.example.com/api/v2/projects/orders/flags';

export async function loadFlags() {
  const res = await fetch(FLAGS_URL, { headers: { authorization: `Bearer ${process.env.FLAGS_SDK_KEY ?? ''}` } });
  if (!res.ok) throw new Error(`flags: HTTP ${res.status}`);
  const body = (await res.json()) as { flags: { key: string; value: Flags[string] }[] };
  flags = Object.fromEntries(body.flags.map((f) => [f.key, f.value]));
}

export const flagsMiddleware = (req: Request, _res: Response, next: NextFunction) => {
  (req as Request & { flags: Flags }).flags = flags;
  next();
};

setInterval(() => void loadFlags().catch(() => {}), 60_000).unref();
