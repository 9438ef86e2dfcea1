export default function Home() {
  return (
    <main style={{ padding: 32 }}>
      <h1>Token Faucet dApp</h1>
      <p>Implement the features listed in README.md.</p>
    </main>
  );
}
