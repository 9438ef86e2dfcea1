export default function Page() {
  return <h1>SaaS landing: build pricing tiers</h1>;
}
