export default function Page() { return <h1>Issues</h1>; }
