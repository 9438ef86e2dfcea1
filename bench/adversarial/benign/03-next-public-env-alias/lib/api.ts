import { config } from './config';

export type Todo = { id: number; title: string; done: boolean };

export async function fetchTodos(): Promise<Todo[]> {
  const res = await fetch(`${config.apiBase}/api/todos`, { cache: 'no-store' });
  return res.json();
}

export async function addTodo(title: string): Promise<Todo> {
  const res = await fetch(`${config.apiBase}/api/todos`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  return res.json();
}
