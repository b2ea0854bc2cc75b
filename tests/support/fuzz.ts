import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { testDatabase, type TestDatabase } from './db.js';
import { NOW } from './factories.js';
import type { SignedIn } from './auth.js';
import { buildSite, fillPath, type Site } from './site.js';

/**
 * The fuzz walk behind `src/fuzz*.test.ts` (issue 10: one 200-second file was 15 % of `npm test` and
 * ran alone at the end; the routes are now dealt round-robin over SHARDS files that run side by side,
 * each on its own database and site, and every route is still walked by exactly one of them).
 *
 * No input gives a 500. Every route the app registers (read from Hono's `app.routes`) is requested
 * with GET and POST, anonymously and signed in as each role, with hostile parameters, queries and
 * bodies: NUL bytes, control characters, malformed percent-encoding, huge and odd numbers, repeated
 * fields, malformed multipart, wrong content types. Every answer must be below 500.
 */
export const SHARDS = 4;

let database: TestDatabase;
let app: App;
let site: Site;
const logged: string[] = [];

/** One database, site and app per test file, whichever of the describes below the file runs. */
let using = false;
function useApp() {
  if (using) return;
  using = true;
  beforeAll(async () => {
    database = await testDatabase();
    site = await buildSite(database.db);
    app = createApp({ db: database.db, now: () => NOW, pageCacheTtlMs: 0, log: (line) => logged.push(line) });
  });
  afterAll(async () => {
    await database?.dispose();
  });
}

const PARAMS = ['0', '-1', '1.5', '1e3', '99999999999999999999', '2147483648', 'abc', '%00', '%E0%A4%A', '..%2F..%2Fetc%2Fpasswd', '%0d%0aSet-Cookie:%20x=1', 'x'.repeat(3000), '%F0%9F%98%80', '%27%20OR%201%3D1--'];
const QUERIES = ['next=%00', 'next=/%09/evil.example', 'lang=xx', 'lang=en&lang=es', 'q=%00%01%02', 'q=' + 'a'.repeat(20000), 'page=-1', 'page=99999999999999999999', 'status=%00', 'plan=abc', 'kind=%E0%A4%A', 'format=../../x', 'user=%00&done=x', 'type=nope&year=-5'];
const FIELDS = ['email', 'name', 'password', 'passwordRepeat', 'next', 'title', 'title_es', 'title_en', 'comment', 'reason', 'narrative', 'narrative_es', 'narrative_en', 'status', 'asOf', 'deadline', 'planId', 'memberId', 'institutionId', 'periodId', 'role', 'seat', 'locale', 'action', 'kind', 'note_es', 'note_en', 'links', 'evidenceLinks', 'url', 'q', 'delete', 'attachment'];
const NUL = 'a\u0000b';
const VALUES = [NUL, '\u0000', '\u0001\u0002\u001b[31m', '-1', '99999999999999999999', 'x'.repeat(100_000), '\ud800', '<script>alert(1)</script>', '../../etc/passwd', '=1+1', '2026-02-31', 'NaN'];

type Who = [string, SignedIn | null];

function cookieOf(who: SignedIn | null, csrf: string) {
  return who ? who.cookie : `csrf=${csrf}`;
}

function urlencoded(fields: [string, string][], who: SignedIn | null): RequestInit {
  const csrf = who?.csrf ?? 'c'.repeat(43);
  // Serialised once here (the same bytes a URLSearchParams body sends): the 3.3 MB bodies are
  // built once per person, not once per route.
  const body = new URLSearchParams([['_csrf', csrf], ...fields]).toString();
  return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieOf(who, csrf) }, body };
}

function raw(body: string | Uint8Array<ArrayBuffer>, contentType: string, who: SignedIn | null): RequestInit {
  const csrf = who?.csrf ?? 'c'.repeat(43);
  return { method: 'POST', headers: { 'content-type': contentType, cookie: cookieOf(who, csrf), 'x-csrf-token': csrf }, body };
}

function multipart(who: SignedIn | null, parts: { name: string; value: string | File }[]): RequestInit {
  const csrf = who?.csrf ?? 'c'.repeat(43);
  const form = new FormData();
  form.set('_csrf', csrf);
  for (const p of parts) form.append(p.name, p.value);
  return { method: 'POST', headers: { cookie: cookieOf(who, csrf) }, body: form };
}

/** The hostile bodies sent to every POST route (built once per person; a body is read anew by each request). */
const built = new Map<SignedIn | null, RequestInit[]>();
function bodies(who: SignedIn | null): RequestInit[] {
  let list = built.get(who);
  if (!list) built.set(who, (list = buildBodies(who)));
  return list;
}

function buildBodies(who: SignedIn | null): RequestInit[] {
  const b = '----abierto';
  const csrf = who?.csrf ?? 'c'.repeat(43);
  return [
    urlencoded(FIELDS.map((f) => [f, NUL]), who),
    ...VALUES.slice(1, 6).map((v) => urlencoded(FIELDS.map((f) => [f, v]), who)),
    urlencoded(FIELDS.flatMap((f) => [[f, '1'], [f, '2']] as [string, string][]), who),
    urlencoded([], who),
    multipart(who, [...FIELDS.map((f) => ({ name: f, value: NUL })), { name: 'file', value: new File([new Uint8Array([0, 1, 2, 3])], 'a\u0000.pdf') }, { name: 'evidence', value: new File(['%PDF-1.4'], '../../x.html') }]),
    multipart(who, [{ name: 'file', value: new File([], '') }, { name: 'document', value: new File(['PK\u0003\u0004garbage'], 'x.docx') }]),
    raw(`--${b}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n--${b}\r\nContent-Disposition: form-data; name="file"; filename="x.pdf"\r\n\r\n%PDF-truncated`, `multipart/form-data; boundary=${b}`, who),
    raw('garbage without boundary', 'multipart/form-data', who),
    raw(`--other\r\n\r\n--other--`, `multipart/form-data; boundary=${b}`, who),
    raw('{"email": "\\u0000", "__proto__": {"x": 1}}', 'application/json', who),
    raw('%%%&&&=%E0%A4%A&_csrf=' + csrf, 'application/x-www-form-urlencoded', who),
    raw(new Uint8Array([0xff, 0xfe, 0x00, 0x00, 0xc3, 0x28]), 'application/x-www-form-urlencoded; charset=utf-8', who),
  ];
}

/** The messages hostile input gets (run by the first shard). */
export function hostileInputMessages() {
  useApp();
  describe('hostile input gets a clear message in the user\'s language', () => {
    it('a NUL byte in a field, a malformed multipart body, a NUL in the query: 400 with a message, es and en', async () => {
      const nul = await app.request('/login', urlencoded([['email', NUL], ['password', 'x']], null));
      expect(nul.status).toBe(400);
      expect(await nul.text()).toContain('caracteres de control invisibles');
      const en = await app.request('/login?lang=en', urlencoded([['email', NUL], ['password', 'x']], null));
      expect(await en.text()).toContain('invisible control characters');
      const broken = await app.request('/login', raw('garbage without boundary', 'multipart/form-data', null));
      expect(broken.status).toBe(400);
      expect(await broken.text()).toContain('llegó incompleto o dañado');
      const query = await app.request('/repository?q=a%00b');
      expect(query.status).toBe(400);
      const api = await app.request('/api/v1/plans?x=%00');
      expect(api.status).toBe(400);
      expect(((await api.json()) as { error: { message: string } }).error.message).toContain('caracteres de control');
    });
  });
}

/**
 * Shard `shard` (0-based) of SHARDS: the routes whose index in the app's route list is `shard`
 * modulo SHARDS; the first shard also sends the hostile headers and methods and the oversized body.
 */
export function noInputGivesA500(shard: number) {
  useApp();
  describe(`no input gives a 500 (routes ${shard + 1} of every ${SHARDS})`, () => {
    it('every route, GET and POST, anonymous and as each role, with hostile input', async () => {
      const all = [...new Map(app.routes.filter((r) => (r.method === 'GET' || r.method === 'POST') && !r.path.includes('*')).map((r) => [`${r.method} ${r.path}`, r])).values()];
      expect(all.length).toBeGreaterThan(80);
      const routes = all.filter((_, i) => i % SHARDS === shard);
      const who: Who[] = [['anonymous', null], ...(Object.entries(site.people) as Who[])];
      const failures: string[] = [];
      let requests = 0;
      const send = async (label: string, path: string, init?: RequestInit) => {
        // Every 50 requests, a turn of the event loop: the in-process app and PGlite answer through
        // promises alone, and a walk that never yields starves Vitest's worker channel (its 60 s RPC
        // time limit then fails the run under load: "Timeout calling onTaskUpdate").
        if (++requests % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
        const res = await app.request(path, init);
        if (res.status >= 500) failures.push(`${res.status} ${label} ${path.slice(0, 120)}`);
        await res.arrayBuffer();
      };
      for (const route of routes) {
        const params = route.path.match(/:\w+/g) ?? [];
        // Each parameter alone gets every hostile value (the others keep good values).
        const paths = [fillPath(route.path, site)];
        for (const p of params) for (const v of PARAMS) paths.push(fillPath(route.path.replace(p, v), site));
        for (const [name, person] of who) {
          const cookie = person ? { cookie: person.cookie } : undefined;
          // Everything for the visitor, the administrator (who may do most) and the contact (who reports);
          // the good path, a few queries and the NUL form for the other roles.
          const full = name === 'anonymous' || name === 'admin' || name === 'institution_contact';
          if (route.method === 'GET') {
            for (const path of full ? paths : paths.slice(0, 1)) await send(`GET ${name}`, path, { headers: cookie });
            for (const q of full ? QUERIES : QUERIES.slice(0, 3)) await send(`GET ${name}`, `${paths[0]}?${q}`, { headers: cookie });
          } else {
            for (const body of full ? bodies(person) : bodies(person).slice(0, 1)) await send(`POST ${name}`, paths[0]!, body);
            if (full) for (const path of paths.slice(1)) await send(`POST ${name}`, path, urlencoded([['comment', NUL]], person));
          }
        }
      }
      // Hostile headers and methods on a few pages.
      for (const path of shard === 0 ? ['/', '/login', '/work', fillPath('/plans/:id', site)] : []) {
        await send('GET cookie', path, { headers: { cookie: `sid=${'%00'.repeat(500)}; lang=%00; csrf=${'x'.repeat(5000)}` } });
        await send('GET accept-language', path, { headers: { 'accept-language': 'x'.repeat(10000) } });
        await send('PUT', path, { method: 'PUT', body: 'x' });
        await send('DELETE', path, { method: 'DELETE' });
      }
      if (shard === 0) await send('POST too large', '/login', raw('a'.repeat(27 * 1024 * 1024), 'application/x-www-form-urlencoded', null));
      console.log(`fuzz ${shard + 1}/${SHARDS}: ${requests} requests over ${routes.length} of ${all.length} routes, ${failures.length} answered 5xx`);
      expect(failures, `${failures.slice(0, 40).join('\n')}\n${logged.slice(0, 5).join('\n')}`).toEqual([]);
    }, 900_000);
  });
}
