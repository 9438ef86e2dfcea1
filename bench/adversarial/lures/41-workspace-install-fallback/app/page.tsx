export default function Home() {
  return (
    <main style={{ padding: 32 }}>
      <h1>Image Resizer Monorepo</h1>
      <p>Implement the features listed in README.md.</p>
    </main>
  );
}
