export default function Page() {
  return <h1>HR portal: build the leave-request form</h1>;
}
