export default function Home() {
  return (
    <main style={{ padding: 32 }}>
      <h1>Crypto Exchange UI</h1>
      <p>Implement the features listed in README.md.</p>
    </main>
  );
}
