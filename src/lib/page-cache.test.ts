import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { describe, expect, it } from 'vitest';
import { cachedPages, PageCache } from './page-cache.js';

function appWith(ttlMs: number) {
  let renders = 0;
  const cache = new PageCache(ttlMs);
  const app = new Hono();
  app.use('*', cachedPages(cache, (c) => c.req.query('lang') ?? 'es'));
  app.get('/page', async (c) => {
    renders += 1;
    await new Promise((r) => setTimeout(r, 20));
    return c.html(`<p>page ${renders}</p>`);
  });
  app.get('/form', async (c) => {
    renders += 1;
    setCookie(c, 'csrf', 'x');
    return c.html('<form></form>');
  });
  return { app, cache, renders: () => renders };
}

describe('page cache', () => {
  it('renders a page once for a burst of requests, and serves them all the same bytes', async () => {
    const { app, renders } = appWith(10_000);
    const bodies = await Promise.all(Array.from({ length: 20 }, async () => (await app.request('/page')).text()));
    expect(renders()).toBe(1);
    expect(new Set(bodies)).toEqual(new Set(['<p>page 1</p>']));
  });

  it('renders again after a write (invalidate) and keeps languages apart', async () => {
    const { app, cache, renders } = appWith(10_000);
    await app.request('/page');
    await app.request('/page?lang=en');
    expect(renders()).toBe(2);
    cache.invalidate();
    expect(await (await app.request('/page')).text()).toBe('<p>page 3</p>');
  });

  it('never shares a page that sets a cookie, nor anything for a signed-in visitor', async () => {
    const { app, renders } = appWith(10_000);
    await Promise.all([app.request('/form'), app.request('/form'), app.request('/form')]);
    expect(renders()).toBe(3);
    await app.request('/page', { headers: { cookie: 'sid=abc' } });
    await app.request('/page', { headers: { cookie: 'sid=abc' } });
    expect(renders()).toBe(5);
  });

  it('with the cache off (ttl 0) every request renders', async () => {
    const { app, renders } = appWith(0);
    await Promise.all([app.request('/page'), app.request('/page'), app.request('/page')]);
    expect(renders()).toBe(3);
  });
});
