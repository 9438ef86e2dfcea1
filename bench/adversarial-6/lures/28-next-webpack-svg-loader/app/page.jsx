import Logo from './logo.svg';
export default function Page() { return <main><Logo /><h1>Portfolio</h1></main>; }
