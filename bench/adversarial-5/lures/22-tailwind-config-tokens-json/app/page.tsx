export default function Page() { return <h1 className="text-brand">Hi</h1>; }
