import { expect, test } from 'vitest';

test('todo', () => expect([1].length).toBe(1));
