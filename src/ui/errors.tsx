import { Layout, type PageContext } from './layout.js';

export function NotFoundPage(props: { page: PageContext }) {
  const { t } = props.page;
  return (
    <Layout page={props.page} title={t.errors.notFoundTitle}>
      <h1>{t.errors.notFoundTitle}</h1>
      <p>{t.errors.notFound}</p>
      <p>
        <a href="/">{t.errors.backHome}</a>
      </p>
    </Layout>
  );
}

export function ServerErrorPage(props: { page: PageContext }) {
  const { t } = props.page;
  return (
    <Layout page={props.page} title={t.errors.serverTitle}>
      <h1>{t.errors.serverTitle}</h1>
      <p>{t.errors.server}</p>
      <p>
        <a href="/">{t.errors.backHome}</a>
      </p>
    </Layout>
  );
}

/** 4xx pages: not signed in, not allowed, a form that could not be verified (CSRF), too large. */
export function ErrorPage(props: { page: PageContext; status: number; csrf?: boolean; reason?: 'malformed' | 'control' }) {
  const { t } = props.page;
  const e = t.errors;
  const [title, text] =
    props.status === 401
      ? [e.unauthenticatedTitle, e.unauthenticated]
      : props.status === 403 && props.csrf
        ? [e.csrfTitle, e.csrf]
        : props.status === 403
          ? [e.forbiddenTitle, e.forbidden]
          : props.status === 413
            ? [e.tooLargeTitle, e.tooLarge]
            : props.status === 503
              ? [e.busyTitle, e.busy]
              : props.reason === 'malformed'
                ? [e.badRequestTitle, e.malformed]
                : props.reason === 'control'
                  ? [e.badRequestTitle, e.controlChars]
                  : [e.badRequestTitle, e.badRequest];
  return (
    <Layout page={props.page} title={title}>
      <h1>{title}</h1>
      <p>{text}</p>
      <p>
        <a href="/">{t.errors.backHome}</a>
      </p>
    </Layout>
  );
}
