import { total } from './cart';
test('total', () => { expect(total([{ price: 2, qty: 3 }])).toBe(6); });
