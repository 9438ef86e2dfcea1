export default function Home() {
  return <main className="p-8"><h1>Dashboard</h1></main>;
}
