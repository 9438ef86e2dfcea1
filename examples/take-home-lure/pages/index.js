export default function Home() {
  return (
    <main>
      <h1>Staking Platform MVP</h1>
      <p>Implement the rewards page.</p>
    </main>
  );
}
