export default function App() {
  return <div>Build a weather widget for the city the user types.</div>;
}
