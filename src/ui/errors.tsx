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
