import type { Messages } from '../i18n/index.js';
import type { CompletionLevel, Locale } from '../lib/levels.js';
import { resolveText, type LocalizedText } from '../lib/localized.js';
import { progressPercent, ROLLUP_KEYS, type Rollup } from '../features/commitments/rollup.js';
import { escapeToBuffer, raw } from 'hono/utils/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/** A content field in the page's language; on fallback, marked with the language it is in. */
export function Text(props: { value: LocalizedText | null | undefined; locale: Locale; fallback?: string }) {
  const r = resolveText(props.value, props.locale);
  if (!r) return props.fallback ? <span class="muted">{props.fallback}</span> : null;
  return r.fallback ? <span lang={r.lang}>{r.text}</span> : <>{r.text}</>;
}

/** Paragraphs of a long text (separated by blank lines in storage). */
export function Paragraphs(props: { value: LocalizedText | null | undefined; locale: Locale; fallback?: string }) {
  const r = resolveText(props.value, props.locale);
  if (!r) return props.fallback ? <p class="muted">{props.fallback}</p> : null;
  const paras = r.text.split(/\n{2,}/).map((p) => p.trim()).filter(Boolean);
  return (
    <div lang={r.fallback ? r.lang : undefined}>
      {paras.map((p) => (
        <p>{p}</p>
      ))}
    </div>
  );
}

export function StatusBadge(props: { status: CompletionLevel | null; t: Messages }) {
  const key = props.status ?? 'not_reported';
  return <span class={`badge s-${key}`}>{props.t.status[key]}</span>;
}

const SEGMENT_FILL: Record<(typeof ROLLUP_KEYS)[number], string> = {
  complete: '#1e6b2e',
  substantial: '#2f7fb8',
  limited: '#c27c0e',
  not_started: '#b03a2e',
  not_reported: '#d9d9d9',
};

/** Text escaped as hono/jsx escapes it (the same function), for rows written as strings. */
export function escapeHtml(text: string): string {
  const buffer: [string] = [''];
  escapeToBuffer(text, buffer);
  return buffer[0];
}

/** `<Text value locale />` as a string of HTML (no fallback text). */
export function textHtml(value: LocalizedText | null | undefined, locale: Locale): string {
  const r = resolveText(value, locale);
  if (!r) return '';
  return r.fallback ? `<span lang="${escapeHtml(r.lang)}">${escapeHtml(r.text)}</span>` : escapeHtml(r.text);
}

/**
 * Rendered roll-up bars, per catalog (language) and roll-up: a plan page has one per commitment and
 * few different ones (issue 10: no per-item render cost). Bounded.
 */
const rollupBars = new WeakMap<Messages, Map<string, HtmlEscapedString>>();

/** The roll-up as a stacked bar (an SVG, no script, no inline styles) with its figure and a legend in words. */
export function RollupBar(props: { rollup: Rollup; t: Messages; legend?: boolean }): HtmlEscapedString {
  const { rollup: r, t } = props;
  const c = r.counts;
  const key = `${props.legend !== false}|${r.total}|${r.reported}|${r.progress}|${r.delayed}|${c.not_started}|${c.limited}|${c.substantial}|${c.complete}|${c.not_reported}`;
  let bars = rollupBars.get(t);
  if (!bars) rollupBars.set(t, (bars = new Map()));
  const hit = bars.get(key);
  if (hit) return hit;
  if (bars.size >= 2000) bars.clear();
  const html = raw(String(rollupBar(props)));
  bars.set(key, html);
  return html;
}

function rollupBar(props: { rollup: Rollup; t: Messages; legend?: boolean }) {
  const { rollup: r, t } = props;
  const percent = progressPercent(r);
  const summary = percent === null ? t.rollup.none(r.total) : t.rollup.figure(percent, r.reported, r.total);
  let x = 0;
  const keys = ROLLUP_KEYS.filter((k) => r.counts[k] > 0);
  const label = `${t.rollup.barLabel}: ${keys.map((k) => t.rollup.count(r.counts[k], t.status[k])).join(', ')}`;
  return (
    <div class="rollup">
      <p>{summary}</p>
      {r.total > 0 ? (
        <svg role="img" aria-label={label} viewBox="0 0 100 4" preserveAspectRatio="none">
          {keys.map((k) => {
            const w = (r.counts[k] / r.total) * 100;
            const rect = <rect x={x.toFixed(3)} y="0" width={w.toFixed(3)} height="4" fill={SEGMENT_FILL[k]} />;
            x += w;
            return rect;
          })}
        </svg>
      ) : null}
      {props.legend !== false && r.total > 0 ? (
        <ul class="legend">
          {keys.map((k) => (
            <li>
              <i class={`k-${k}`} aria-hidden="true"></i>
              {t.rollup.count(r.counts[k], t.status[k])}
            </li>
          ))}
        </ul>
      ) : null}
      {r.delayed > 0 ? <p class="delayed">{t.rollup.delayedCount(r.delayed)}</p> : null}
    </div>
  );
}
