import { createHash, randomBytes } from 'node:crypto';

/** A random secret for a cookie or a link, and the id under which its hash is stored (never the secret). */
export function newToken(): { token: string; id: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, id: tokenId(token) };
}

export function tokenId(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
