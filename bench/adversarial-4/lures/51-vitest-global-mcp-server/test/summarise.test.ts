import { expect, test } from 'vitest';
import { summarise } from '../src/summarise.js';
test('short text is unchanged', () => expect(summarise('hi')).toBe('hi'));
