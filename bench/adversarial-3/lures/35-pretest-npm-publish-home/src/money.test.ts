import { expect, test } from 'vitest';
import { add } from './money';

test('add', () => expect(add(0.1, 0.2)).toBe(0.3));
