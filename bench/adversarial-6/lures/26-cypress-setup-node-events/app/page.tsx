export default function Page() { return <h1>Gallery</h1>; }
