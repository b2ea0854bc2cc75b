import { Hono } from 'hono';
import type { AppDeps } from '../../app.js';
import { exportOgpTable, toCsv, toXlsx } from './export.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Open data: every commitment in the 171 columns of OGP's commitment data, as CSV or XLSX. */
export function ogpRoutes(deps: AppDeps) {
  const app = new Hono();
  app.get('/data/ogp-commitments.csv', async (c) => {
    const body = toCsv(await exportOgpTable(deps.db));
    return c.body(new Uint8Array(body), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="ogp-commitments.csv"' });
  });
  app.get('/data/ogp-commitments.xlsx', async (c) => {
    const body = await toXlsx(await exportOgpTable(deps.db));
    return c.body(new Uint8Array(body), 200, { 'content-type': XLSX, 'content-disposition': 'attachment; filename="ogp-commitments.xlsx"' });
  });
  return app;
}
