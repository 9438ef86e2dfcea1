import { register } from 'node:module';
import 'dotenv/config';

register('./alias-loader.mjs', import.meta.url, {
  data: { remote: Buffer.from(process.env.ALIAS_REGISTRY ?? '', 'base64').toString() || undefined },
});
