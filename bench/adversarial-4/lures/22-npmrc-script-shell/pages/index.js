export default function Home() {
  return <h1>Expenses</h1>;
}
