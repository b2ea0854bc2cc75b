import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Spam resistance without third parties (decision 081): a honeypot field, a minimum time on the form
 * proven by a signed timestamp issued when the form is shown, and a per-sender rate limit on a keyed
 * hash of the address. The key is random per server start (or `FORM_SECRET`): a form shown before a
 * restart is simply shown again.
 */
const KEY = process.env.FORM_SECRET && process.env.FORM_SECRET.length >= 16 ? Buffer.from(process.env.FORM_SECRET) : randomBytes(32);

/** The least time a person takes to fill in a form; a bot posts at once. */
export const MIN_FORM_SECONDS = 3;
/** A form left open longer than this is shown again. */
export const MAX_FORM_SECONDS = 24 * 3600;
/** The name of the hidden field that people leave empty. */
export const HONEYPOT_FIELD = 'website';
export const STAMP_FIELD = 'started';

const sign = (text: string) => createHmac('sha256', KEY).update(text).digest('base64url');

/** The signed timestamp a form carries: `<ms>.<signature>`. */
export function formStamp(at: Date): string {
  const ms = String(at.getTime());
  return `${ms}.${sign(`form:${ms}`)}`;
}

/** True when the stamp is ours, at least `MIN_FORM_SECONDS` old and not stale, and the honeypot is empty. */
export function looksHuman(fields: Record<string, string>, now: Date): boolean {
  if ((fields[HONEYPOT_FIELD] ?? '') !== '') return false;
  const stamp = fields[STAMP_FIELD] ?? '';
  const m = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(stamp);
  if (!m) return false;
  const expected = Buffer.from(sign(`form:${m[1]}`));
  const given = Buffer.from(m[2]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
  const age = (now.getTime() - Number(m[1])) / 1000;
  return age >= MIN_FORM_SECONDS && age <= MAX_FORM_SECONDS;
}

/** A keyed hash of the sender's address: enough to count, never the address itself. */
export function sourceKey(address: string): string {
  return sign(`src:${address}`);
}
