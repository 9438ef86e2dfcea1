export default function Home() {
  return <main><h1>Blog</h1><p>Render the posts from /content as a paginated list.</p></main>;
}
