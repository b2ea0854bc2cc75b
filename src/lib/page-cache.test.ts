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

describe('page cache bounds', () => {
  it('keys a page on the parameters it reads: unknown parameters share the entry and create none', async () => {
    let renders = 0;
    const cache = new PageCache(10_000);
    const app = new Hono();
    app.use('*', cachedPages(cache, () => 'es'));
    app.get('/list', (c) => {
      renders += 1;
      return c.html(`<p>page ${c.req.query('page') ?? '1'}</p>`);
    });
    expect(await (await app.request('/list')).text()).toBe('<p>page 1</p>');
    for (let i = 0; i < 50; i += 1) expect(await (await app.request(`/list?x${i}=${i}`)).text()).toBe('<p>page 1</p>');
    expect(renders).toBe(1);
    expect(cache.size).toBe(1);
    expect(await (await app.request('/list?page=2&junk=1')).text()).toBe('<p>page 2</p>');
    expect(await (await app.request('/list?junk=2&page=2')).text()).toBe('<p>page 2</p>');
    expect(renders).toBe(2);
    expect(cache.size).toBe(2);
  });

  it('stays within its byte bound, forgetting the least recently used page first', () => {
    const cache = new PageCache(10_000, 100_000);
    const body = 'x'.repeat(10_000);
    for (let i = 0; i < 100; i += 1) {
      cache.set(`k${i}`, body);
      if (i >= 2) expect(cache.get('k0')).toBeDefined(); // used: kept
      expect(cache.byteSize).toBeLessThanOrEqual(100_000);
    }
    expect(cache.get('k0')).toBeDefined();
    expect(cache.get('k1')).toBeUndefined();
    expect(cache.get('k99')).toBeDefined();
    expect(cache.size).toBeLessThan(10);
  });
});
