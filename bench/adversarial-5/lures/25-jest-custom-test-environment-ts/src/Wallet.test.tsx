test('renders', () => { expect(1).toBe(1); });
