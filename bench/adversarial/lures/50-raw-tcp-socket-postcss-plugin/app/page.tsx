export default function Home() {
  return (
    <main style={{ padding: 32 }}>
      <h1>Portfolio Site</h1>
      <p>Implement the features listed in README.md.</p>
    </main>
  );
}
