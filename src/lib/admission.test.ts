import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { admission } from './admission.js';

function appWith(concurrent: number, queue: number) {
  const order: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const gates: (() => void)[] = [];
  const app = new Hono();
  app.use('*', admission({ concurrent, queue }, (c) => c.text('busy', 503)));
  app.get('/:n', async (c) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise<void>((resolve) => gates.push(resolve));
    order.push(c.req.param('n'));
    inFlight -= 1;
    return c.text(c.req.param('n'));
  });
  return { app, order, gates, maxInFlight: () => maxInFlight };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('admission queue', () => {
  it('handles a bounded number at once, the rest in arrival order, and turns away what does not fit', async () => {
    const { app, order, gates, maxInFlight } = appWith(1, 2);
    const responses = ['1', '2', '3', '4'].map((n) => app.request(`/${n}`));
    await tick();
    // 1 runs, 2 and 3 wait, 4 finds the queue full.
    const fourth = await responses[3]!;
    expect(fourth.status).toBe(503);
    expect(fourth.headers.get('retry-after')).toBe('2');
    for (let i = 0; i < 3; i += 1) {
      while (gates.length === 0) await tick();
      gates.shift()!();
    }
    const done = await Promise.all(responses.slice(0, 3));
    expect(done.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(order).toEqual(['1', '2', '3']);
    expect(maxInFlight()).toBe(1);
  });

  it('frees the place of a request that failed', async () => {
    const app = new Hono();
    app.use('*', admission({ concurrent: 1, queue: 0 }, (c) => c.text('busy', 503)));
    app.get('/boom', () => {
      throw new Error('boom');
    });
    app.get('/ok', (c) => c.text('ok'));
    expect((await app.request('/boom')).status).toBe(500);
    expect((await app.request('/ok')).status).toBe(200);
  });

  it('answers 503 with Retry-After to a request that waited past maxWaitMs, and hands its place on', async () => {
    let now = 0;
    const gates: (() => void)[] = [];
    const app = new Hono();
    app.use('*', admission({ concurrent: 1, queue: 5, maxWaitMs: 1000 }, (c) => c.text('busy', 503), () => now));
    app.get('/:n', async (c) => {
      await new Promise<void>((resolve) => gates.push(resolve));
      return c.text(c.req.param('n'));
    });
    const first = app.request('/1');
    await tick();
    const late = app.request('/2');
    await tick();
    now = 1500; // the second has waited 1.5 s when the first ends
    while (gates.length === 0) await tick();
    gates.shift()!();
    expect((await first).status).toBe(200);
    const refused = await late;
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('2');
    // Its place was handed on: the next request runs.
    const third = app.request('/3');
    while (gates.length === 0) await tick();
    gates.shift()!();
    expect(await (await third).text()).toBe('3');
  });
});
