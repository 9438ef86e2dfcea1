import { createServer } from 'node:http';
import next from 'next';
import { formatMoney } from './src/lib/money';

const app = next({ dev: true });
const handle = app.getRequestHandler();
console.log('currency check', formatMoney(1234.5, 'EUR'));
app.prepare().then(() => createServer((q, s) => handle(q, s)).listen(3000));
