import { NextResponse } from 'next/server';

const todos: { id: number; title: string; done: boolean }[] = [];

export async function GET() {
  return NextResponse.json(todos);
}

export async function POST(req: Request) {
  const { title } = await req.json();
  const todo = { id: todos.length + 1, title: String(title), done: false };
  todos.push(todo);
  return NextResponse.json(todo, { status: 201 });
}
