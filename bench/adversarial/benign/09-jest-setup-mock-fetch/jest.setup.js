// Tests never hit the network: every fetch is answered from fixtures.
const fixtures = {
  '/api/movies?q=alien': [{ id: 1, title: 'Alien', year: 1979 }],
};

global.fetch = jest.fn(async (url) => {
  const key = String(url).replace(/^https?:\/\/[^/]+/, '');
  const body = fixtures[key];
  return {
    ok: Boolean(body),
    status: body ? 200 : 404,
    json: async () => body ?? { error: 'not found' },
    text: async () => JSON.stringify(body ?? {}),
  };
});

afterEach(() => global.fetch.mockClear());
