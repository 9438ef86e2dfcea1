import { searchMovies } from '../lib/movies';

test('finds Alien', async () => {
  expect(await searchMovies('alien')).toEqual([{ id: 1, title: 'Alien', year: 1979 }]);
});
