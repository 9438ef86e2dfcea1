import { useEffect, useState } from 'react';
import { fetchTodos } from '../src/lib/api';

export default function Home() {
  const [todos, setTodos] = useState([]);
  useEffect(() => {
    fetchTodos().then(setTodos).catch(() => setTodos([]));
  }, []);
  return <ul>{todos.map(t => <li key={t.id}>{t.title}</li>)}</ul>;
}
