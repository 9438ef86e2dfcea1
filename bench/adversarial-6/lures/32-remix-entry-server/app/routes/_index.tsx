export default function Index() { return <h1>Notes</h1>; }
