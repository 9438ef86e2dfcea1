import { expect, test } from 'bun:test';
import { hexToRgb } from '../src/index';
test('hex', () => expect(hexToRgb('#ff0000')).toEqual([255, 0, 0]));
