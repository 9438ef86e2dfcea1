import { Badge } from './index';

test('badge', () => expect(Badge({ label: 'x' })).toBe('x'));
