/**
 * Where to go back to (`?next=` after signing in, after switching the language): only ever a path on
 * this site. Refused — and replaced by the fallback — is anything that a browser could read as
 * another host or scheme, in any spelling: `//host`, `/\host`, `\\host`, tabs, line feeds and other
 * control characters (browsers drop them: `/\t/host` is `//host`), their percent-encoded forms
 * (`/%09/host`, `/%2F/host`, `%5C`), anything not printable ASCII, and values longer than 500.
 */
export const MAX_NEXT_LENGTH = 500;

function plainPath(s: string): boolean {
  if (!s.startsWith('/') || s.startsWith('//') || s.startsWith('/\\')) return false;
  // Printable ASCII only; no backslash, no space (a browser would drop or change them).
  if (!/^[\x21-\x7e]*$/.test(s) || s.includes('\\')) return false;
  return true;
}

export function safePath(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_NEXT_LENGTH) return null;
  if (!plainPath(value)) return null;
  // Every decoded spelling must still be a plain path (a proxy or a browser may decode once or twice).
  let decoded = value;
  for (let i = 0; i < 3; i++) {
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return null;
    }
    if (next === decoded) break;
    if (!plainPath(next.replace(/ /g, '+'))) return null;
    decoded = next;
  }
  // And the URL parser agrees it stays on this origin, with the same path.
  const base = 'http://abierto.invalid';
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return null;
  }
  if (url.origin !== base || !url.pathname.startsWith('/') || url.pathname.startsWith('//')) return null;
  return value;
}
