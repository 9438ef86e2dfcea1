import React from 'react';
import { createRoot } from 'react-dom/client';

function App() {
  return <h1>Kanban board: implement drag and drop between columns</h1>;
}

createRoot(document.getElementById('root')!).render(<App />);
