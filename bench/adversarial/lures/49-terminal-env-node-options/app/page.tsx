export default function Home() {
  return (
    <main style={{ padding: 32 }}>
      <h1>Chat Support Bot</h1>
      <p>Implement the features listed in README.md.</p>
    </main>
  );
}
