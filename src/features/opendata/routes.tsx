import { CocreationDownloads } from '../cocreation/views.js';
import { publishedProcesses } from '../cocreation/queries.js';
import { Hono } from 'hono';
import type { AppDeps } from '../../app.js';
import { pageContext } from '../../ui/page.js';
import { DATASETS, datasetTable } from './datasets.js';
import { toCsv, toJson, toXlsx, type ExportMeta } from './export.js';
import { dataLicense } from './license.js';
import { OpenDataPage } from './views.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function attachment(name: string) {
  return `attachment; filename="${name}"`;
}

/** Open data: the data page (downloads, licence, dictionary) and every public table as CSV, XLSX and JSON. */
export function openDataRoutes(deps: AppDeps) {
  const app = new Hono();
  const meta = (c: { req: { url: string } }): ExportMeta => ({ license: dataLicense(), generatedAt: deps.now(), source: new URL('/data', c.req.url).toString() });

  app.get('/', async (c) => {
    const counts: Record<string, number> = {};
    for (const d of DATASETS) counts[d.name] = (await d.rows(deps.db, deps.now())).length;
    const cocreation = await publishedProcesses(deps.db);
    return c.html(<OpenDataPage page={pageContext(c)} datasets={DATASETS} counts={counts} license={dataLicense()} extra={<CocreationDownloads page={pageContext(c)} processes={cocreation} />} />);
  });

  app.get('/all.xlsx', async (c) => {
    const body = await toXlsx(deps.db, DATASETS, meta(c), deps.now());
    return c.body(body as Uint8Array<ArrayBuffer>, 200, { 'content-type': XLSX, 'content-disposition': attachment('abierto-open-data.xlsx') });
  });

  for (const dataset of DATASETS) {
    app.get(`/${dataset.name}.csv`, async (c) => {
      const table = await datasetTable(deps.db, dataset, deps.now());
      return c.body(toCsv(table.header, table.rows) as Uint8Array<ArrayBuffer>, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': attachment(`${dataset.name}.csv`),
        link: `<${dataLicense().url}>; rel="license"`,
      });
    });
    app.get(`/${dataset.name}.xlsx`, async (c) => {
      const body = await toXlsx(deps.db, [dataset], meta(c), deps.now());
      return c.body(body as Uint8Array<ArrayBuffer>, 200, { 'content-type': XLSX, 'content-disposition': attachment(`${dataset.name}.xlsx`) });
    });
    app.get(`/${dataset.name}.json`, async (c) => {
      c.header('content-disposition', attachment(`${dataset.name}.json`));
      return c.json(await toJson(deps.db, dataset, meta(c), deps.now()));
    });
  }
  return app;
}
