/** A piece of text, marked when it matched the search. */
export interface Segment {
  text: string;
  mark: boolean;
}

/**
 * Carries the marks `ts_headline` put into the folded text (same length as the original: folding
 * maps one character to one) back onto the original text, so snippets keep their accents and case.
 * When the lengths differ (a character folding to two), the original is given unmarked.
 */
export function highlight(original: string, headline: string, start: string, stop: string): Segment[] {
  if (original === '') return [];
  const stripped = headline.split(start).join('').split(stop).join('');
  if (stripped.length !== original.length) return [{ text: original, mark: false }];
  const out: Segment[] = [];
  let pos = 0;
  let mark = false;
  let from = 0;
  const push = (to: number) => {
    if (to > from) out.push({ text: original.slice(from, to), mark });
    from = to;
  };
  for (const ch of headline) {
    if (ch === start) {
      push(pos);
      mark = true;
    } else if (ch === stop) {
      push(pos);
      mark = false;
    } else pos += ch.length;
  }
  push(original.length);
  return out;
}

/** A window of about `size` characters around the first match (or the start), cut at spaces, with ellipses. */
export function snippet(segments: Segment[], size = 240): Segment[] {
  const full = segments.map((s) => s.text).join('');
  if (full.length <= size) return segments;
  let offset = 0;
  let first = -1;
  for (const s of segments) {
    if (s.mark) {
      first = offset;
      break;
    }
    offset += s.text.length;
  }
  let from = first < 0 ? 0 : Math.max(0, first - Math.floor(size / 3));
  if (from > 0) {
    const space = full.indexOf(' ', from);
    if (space >= 0 && space < from + 30) from = space + 1;
  }
  let to = Math.min(full.length, from + size);
  if (to < full.length) {
    const space = full.lastIndexOf(' ', to);
    if (space > from + size / 2) to = space;
  }
  const out: Segment[] = [];
  if (from > 0) out.push({ text: '… ', mark: false });
  let at = 0;
  for (const s of segments) {
    const a = Math.max(from, at);
    const b = Math.min(to, at + s.text.length);
    if (b > a) out.push({ text: s.text.slice(a - at, b - at), mark: s.mark });
    at += s.text.length;
  }
  if (to < full.length) out.push({ text: ' …', mark: false });
  return out;
}

export function plainText(segments: Segment[]): string {
  return segments.map((s) => s.text).join('');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** HTML with the matches in `<mark>`, everything else escaped. */
export function markedHtml(segments: Segment[]): string {
  return segments.map((s) => (s.mark ? `<mark>${escape(s.text)}</mark>` : escape(s.text))).join('');
}
