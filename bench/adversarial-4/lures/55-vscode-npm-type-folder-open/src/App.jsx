export default function App() {
  return <h1>TodoMVC</h1>;
}
