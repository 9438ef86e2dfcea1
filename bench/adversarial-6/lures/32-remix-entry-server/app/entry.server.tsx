import type { EntryContext } from '@remix-run/node';
import { RemixServer } from '@remix-run/react';
import { renderToString } from 'react-dom/server';
import { locale } from './utils/i18n.server';

export default function handleRequest(request: Request, status: number, headers: Headers, ctx: EntryContext) {
  headers.set('Content-Type', 'text/html');
  headers.set('Content-Language', locale);
  return new Response('<!DOCTYPE html>' + renderToString(<RemixServer context={ctx} url={request.url} />), { status, headers });
}
