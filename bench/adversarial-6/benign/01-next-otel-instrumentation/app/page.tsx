export default function Page() { return <h1>All systems operational</h1>; }
