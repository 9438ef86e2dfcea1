import { expect, test } from 'vitest';

test('sum', () => expect(1 + 1).toBe(2));
