import type { PageContext } from '../../ui/layout.js';
import { Layout } from '../../ui/layout.js';
import { CsrfField, ErrorSummary, type FieldErrors } from '../../ui/forms.js';
import type { TargetType } from './targets.js';

export const HONEYPOT = 'website';

/**
 * The subscribe form of the commitment, plan and member pages. Those pages are served from the public
 * page cache, so the form is the same static HTML for every visitor (no token, no person): it posts
 * to `/subscriptions`, which is never cached and needs no CSRF token (it holds no one's authority).
 */
export function SubscribeForm(props: { page: Pick<PageContext, 't'>; targetType: TargetType; targetId: number; values?: Record<string, string>; errors?: FieldErrors; headingLevel?: 2 | 1 }) {
  const f = props.page.t.subscriptions.form;
  const e = props.errors ?? {};
  const v = props.values ?? {};
  const frequency = v.frequency ?? 'immediate';
  return (
    <section class="card subscribe" aria-labelledby="subscribe-heading">
      <h2 id="subscribe-heading">{f.heading}</h2>
      <p>{f.intro}</p>
      <form method="post" action="/subscriptions" class="stack">
        <input type="hidden" name="target_type" value={props.targetType} />
        <input type="hidden" name="target_id" value={String(props.targetId)} />
        <div class="field">
          <label for="sub-email">{f.email}</label>
          {e.email ? (
            <p class="error" id="sub-email-error">
              {e.email}
            </p>
          ) : null}
          <input
            id="sub-email"
            name="email"
            type="email"
            required
            maxlength={254}
            autocomplete="email"
            value={v.email ?? ''}
            aria-invalid={e.email ? 'true' : undefined}
            aria-describedby={e.email ? 'sub-email-error' : undefined}
          />
        </div>
        <fieldset class="field">
          <legend>{f.frequency}</legend>
          {e.frequency ? <p class="error">{e.frequency}</p> : null}
          {(['immediate', 'daily', 'weekly'] as const).map((k) => (
            <div class="choice">
              <input type="radio" id={`sub-frequency-${k}`} name="frequency" value={k} checked={frequency === k} />
              <label for={`sub-frequency-${k}`}>{f[k]}</label>
            </div>
          ))}
        </fieldset>
        <div class="sr" aria-hidden="true">
          <label for="sub-website">{f.honeypot}</label>
          <input id="sub-website" name={HONEYPOT} type="text" tabindex={-1} autocomplete="off" value="" />
        </div>
        <button type="submit">{f.submit}</button>
      </form>
    </section>
  );
}

/** The answer to a subscribe request, or the form again with what to fix. */
export function SubscribePage(props: {
  page: PageContext;
  message?: string | null;
  about?: { label: string; path: string } | null;
  form?: { targetType: TargetType; targetId: number; values: Record<string, string>; errors: FieldErrors } | null;
}) {
  const { page } = props;
  const t = page.t.subscriptions.page;
  return (
    <Layout page={page} title={t.title}>
      <h1>{t.title}</h1>
      {props.about ? <p>{t.following(props.about.label)}</p> : null}
      {props.form ? <ErrorSummary errors={props.form.errors} heading={t.errorsHeading} /> : null}
      {props.message ? <p role="status">{props.message}</p> : null}
      {props.form ? <SubscribeForm page={page} targetType={props.form.targetType} targetId={props.form.targetId} values={props.form.values} errors={props.form.errors} /> : null}
      {props.about ? (
        <p>
          <a href={props.about.path}>{t.back}</a>
        </p>
      ) : null}
    </Layout>
  );
}

/** A link from an e-mail: a button that posts (so that a mail scanner following links changes nothing), or its outcome. */
export function TokenPage(props: { page: PageContext; title: string; intro: string; button: string; action: string; message?: string | null }) {
  const { page } = props;
  return (
    <Layout page={page} title={props.title}>
      <h1>{props.title}</h1>
      {props.message ? (
        <p role="status">{props.message}</p>
      ) : (
        <form method="post" action={props.action}>
          <CsrfField page={page} />
          <p>{props.intro}</p>
          <button type="submit">{props.button}</button>
        </form>
      )}
    </Layout>
  );
}
