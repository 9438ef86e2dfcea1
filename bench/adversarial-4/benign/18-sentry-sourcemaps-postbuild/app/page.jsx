export default function Page() {
  return <h1>Store</h1>;
}
