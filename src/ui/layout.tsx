import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import type { Messages } from '../i18n/index.js';
import type { Locale } from '../lib/levels.js';
import { STYLES } from './assets.js';

export interface PageContext {
  t: Messages;
  locale: Locale;
  /** The current path with its query, for the language switch to come back to. */
  path: string;
  /** Who is signed in (null for the public). Pages that are cached never show it. */
  user: { id: number; name: string; unread?: number } | null;
  /** For the hidden `_csrf` field of every form. */
  csrfToken: string;
}

export interface Crumb {
  label: string;
  href?: string;
}

export function Layout(props: { page: PageContext; title: string; crumbs?: Crumb[]; children?: Child; description?: string }) {
  const { t, locale, path } = props.page;
  const other: Locale = locale === 'es' ? 'en' : 'es';
  return (
    <>
    {raw('<!doctype html>')}
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${t.site.name}`}</title>
        <meta name="description" content={props.description ?? t.site.tagline} />
        <style>{raw(STYLES)}</style>
      </head>
      <body>
        <a class="skip" href="#main">
          {t.site.skipToContent}
        </a>
        <header class="site">
          <div class="wrap">
            <a class="brand" href="/">
              {t.site.name}
              <small>{t.site.tagline}</small>
            </a>
            <nav aria-label={t.site.mainNav}>
              <ul>
                <li>
                  <a href="/">{t.home.title}</a>
                </li>
                <li>
                  <a href="/forums">{t.forum.nav}</a>
                </li>
                <li>
                  <a href="/repository">{t.repository.nav}</a>
                </li>
                <li>
                  <a href="/data">{t.opendata.nav}</a>
                </li>
                <li>
                  <a href="/co-creation">{t.cocreation.nav}</a>
                </li>
                {props.page.user ? (
                  <>
                    <li>
                      <a href="/work">
                        {t.accounts.nav.myWork}
                        {props.page.user.unread ? <span class="badge"> ({t.accounts.nav.unread(props.page.user.unread)})</span> : null}
                      </a>
                    </li>
                    <li>
                      <form method="post" action="/logout" class="inline">
                        <input type="hidden" name="_csrf" value={props.page.csrfToken} />
                        <button type="submit" class="secondary" aria-label={`${t.accounts.nav.signOut} (${props.page.user.name})`}>
                          {t.accounts.nav.signOut}
                        </button>
                      </form>
                    </li>
                  </>
                ) : (
                  <li>
                    <a href="/login">{t.accounts.nav.signIn}</a>
                  </li>
                )}
                <li>
                  <a href={`/lang/${other}?next=${encodeURIComponent(path)}`} hreflang={other}>
                    <span class="sr">{t.lang.switchLabel} </span>
                    <span lang={other}>{t.lang.switchTo}</span>
                  </a>
                </li>
              </ul>
            </nav>
          </div>
        </header>
        <div class="wrap">
          {props.crumbs && props.crumbs.length > 0 ? (
            <nav class="crumbs" aria-label={t.site.breadcrumb}>
              <ol>
                {props.crumbs.map((c, i) =>
                  c.href && i < (props.crumbs?.length ?? 0) - 1 ? (
                    <li>
                      <a href={c.href}>{c.label}</a>
                    </li>
                  ) : (
                    <li aria-current="page">{c.label}</li>
                  ),
                )}
              </ol>
            </nav>
          ) : null}
          <main id="main" tabindex={-1}>
            {props.children}
          </main>
        </div>
        <footer class="site">
          <div class="wrap">
            <p>{t.site.footer}</p>
            <ul>
              <li>
                <a href="/api/v1/plans">{t.site.api}</a>
              </li>
              <li>
                <a href="/api/v1/openapi.json">{t.site.apiDocs}</a>
              </li>
            </ul>
          </div>
        </footer>
      </body>
    </html>
    </>
  );
}
