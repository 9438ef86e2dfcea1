export default function Page() { return <h1>Helpdesk</h1>; }
