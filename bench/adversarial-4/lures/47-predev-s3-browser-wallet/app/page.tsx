export default function Page() {
  return <h1>NFT gallery: implement the grid and lightbox</h1>;
}
