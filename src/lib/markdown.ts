import MarkdownIt from 'markdown-it';

/**
 * Markdown for texts the secretariat writes (news and events, decision 077), with markdown-it:
 * raw HTML is never passed through (`html: false` escapes it), links are only http(s), mailto or
 * relative (markdown-it's own `validateLink` already refuses `javascript:`, `vbscript:`, `file:` and
 * most `data:`), images are off (the page's CSP allows none from elsewhere, and a remote image would
 * track readers), headings start one level below the page's own `<h1>`, and every link leaving the
 * site carries `rel="nofollow noopener noreferrer"`.
 */
const md = new MarkdownIt('commonmark', { html: false, linkify: false, typographer: false }).disable(['image']);

const SAFE_LINK = /^(https?:|mailto:|\/(?!\/)|#)/i;
const defaultValidate = md.validateLink.bind(md);
md.validateLink = (url: string) => defaultValidate(url) && SAFE_LINK.test(url.trim());

md.renderer.rules.heading_open = (tokens, idx, options, _env, self) => {
  const token = tokens[idx]!;
  const level = Math.min(6, Number(token.tag.slice(1)) + 1);
  token.tag = `h${level}`;
  return self.renderToken(tokens, idx, options);
};
md.renderer.rules.heading_close = (tokens, idx, options, _env, self) => {
  const open = tokens.slice(0, idx).reverse().find((t) => t.type === 'heading_open');
  tokens[idx]!.tag = open?.tag ?? tokens[idx]!.tag;
  return self.renderToken(tokens, idx, options);
};
md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  const token = tokens[idx]!;
  if (/^(https?:|mailto:)/i.test(token.attrGet('href') ?? '')) token.attrSet('rel', 'nofollow noopener noreferrer');
  return self.renderToken(tokens, idx, options);
};

/** Markdown → safe HTML. `base`, when given, makes site-relative links absolute (for feeds). */
export function renderMarkdown(text: string, base?: string): string {
  const html = md.render(text);
  return base ? html.replace(/ href="\/(?!\/)/g, ` href="${base.replace(/\/+$/, '')}/`) : html;
}

/** A plain-text summary of Markdown (feeds, lists): the first paragraph's text, at most `max` characters. */
export function markdownSummary(text: string, max = 300): string {
  const tokens = md.parse(text, {});
  const inline = tokens.find((t) => t.type === 'inline');
  const plain = (inline?.children ?? [])
    .filter((c) => c.type === 'text' || c.type === 'code_inline' || c.type === 'softbreak')
    .map((c) => (c.type === 'softbreak' ? ' ' : c.content))
    .join('')
    .trim();
  return plain.length > max ? `${plain.slice(0, max - 1).trimEnd()}…` : plain;
}
