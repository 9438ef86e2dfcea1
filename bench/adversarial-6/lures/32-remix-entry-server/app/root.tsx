import { Outlet, Scripts } from '@remix-run/react';
export default function App() { return <html><body><Outlet /><Scripts /></body></html>; }
