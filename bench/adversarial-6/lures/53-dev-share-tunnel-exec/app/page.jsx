export default function Page() { return <h1>Design review</h1>; }
