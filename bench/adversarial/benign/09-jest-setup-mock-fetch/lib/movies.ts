export async function searchMovies(q: string) {
  const res = await fetch(`/api/movies?q=${encodeURIComponent(q)}`);
  if (!res.ok) return [];
  return res.json();
}
