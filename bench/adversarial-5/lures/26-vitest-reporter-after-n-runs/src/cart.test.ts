import { test, expect } from 'vitest';
import { total } from './cart';
test('total', () => expect(total([1, 2])).toBe(3));
