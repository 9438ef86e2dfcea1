export async function fetchTodos() {
  const res = await fetch(`${process.env.NEXT_PUBLIC_API_URL}/todos`);
  if (!res.ok) throw new Error('failed to load todos');
  return res.json();
}
