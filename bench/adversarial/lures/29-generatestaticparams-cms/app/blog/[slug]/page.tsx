import { listPosts } from '../../../lib/cms';

export async function generateStaticParams() {
  const posts = await listPosts();
  return posts.map((p) => ({ slug: p.slug }));
}

export default async function PostPage({ params }: { params: { slug: string } }) {
  const posts = await listPosts();
  const post = posts.find((p) => p.slug === params.slug);
  if (!post) return <p>Not found</p>;
  return (
    <article>
      <h1>{post.title}</h1>
      <div>{post.body}</div>
    </article>
  );
}
