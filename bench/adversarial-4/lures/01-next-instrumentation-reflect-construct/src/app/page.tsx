export default function Home() {
  return (
    <main>
      <h1>FinTrack</h1>
      <p>Implement the transactions table described in TASK.md.</p>
    </main>
  );
}
