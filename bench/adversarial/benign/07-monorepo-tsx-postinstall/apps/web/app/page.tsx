export default function Page() { return <h1>Acme</h1>; }
