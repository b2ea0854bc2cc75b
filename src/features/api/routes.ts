import { writeApi } from './write.js';
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../../app.js';
import { getCommitmentDetail } from '../commitments/queries.js';
import { commitmentOut } from '../commitments/schemas.js';
import { getPlanDetail } from '../plans/queries.js';
import { planDetailOut } from '../plans/schemas.js';
import { listsApi } from '../lists/api.js';
import { reportsApi } from '../reports/api.js';
import { repositoryApi } from '../repository/api.js';
import { forumApi } from '../forum/api.js';
import { meetingsApi } from '../meetings/api.js';
import { cocreationApi } from '../cocreation/api.js';
import { openCallApi } from '../opencalls/api.js';
import { searchApi } from '../search/api.js';
import { apiRouter, idParams, invalid, json, langQuery, missing, notFound } from './common.js';

export { errorOut } from './common.js';

const getPlanRoute = createRoute({
  method: 'get',
  path: '/plans/{id}',
  summary: 'One action plan with its commitments',
  request: { params: idParams, query: langQuery },
  responses: { 200: json(planDetailOut, 'The action plan'), 400: invalid, 404: notFound },
});

const getCommitmentRoute = createRoute({
  method: 'get',
  path: '/commitments/{id}',
  summary: 'One commitment: every field of the template, milestones with status and computed delay',
  request: { params: idParams, query: langQuery },
  responses: { 200: json(commitmentOut, 'The commitment'), 400: invalid, 404: notFound },
});

/** The read-only JSON API, `/api/v1`, documented by the OpenAPI document generated from the same zod schemas. */
export function apiRoutes(deps: AppDeps) {
  const api = apiRouter();

  // Lists (paged): /plans, /commitments, /institutions, /members (issue 13).
  api.route('/', listsApi(deps));

  api.openapi(getPlanRoute, async (c) => {
    const { id } = c.req.valid('param');
    const plan = await getPlanDetail(deps.db, id, deps.now());
    return plan ? c.json(plan, 200) : c.json(missing(c), 404);
  });

  api.openapi(getCommitmentRoute, async (c) => {
    const { id } = c.req.valid('param');
    const commitment = await getCommitmentDetail(deps.db, id, deps.now());
    return commitment ? c.json(commitment, 200) : c.json(missing(c), 404);
  });

  // Reports and the document repository: sub-routers of their features, in the same OpenAPI document.
  api.route('/', reportsApi(deps));
  api.route('/', repositoryApi(deps));
  api.route('/', forumApi(deps));
  api.route('/', meetingsApi(deps));
  api.route('/', cocreationApi(deps));
  api.route('/', openCallApi(deps));
  api.route('/', searchApi(deps));
  // Writes with a personal bearer token (decision 054).
  api.route('/', writeApi(deps));

  api.doc('/openapi.json', {
    openapi: '3.0.3',
    info: {
      title: 'Abierto API',
      version: '1.0.0',
      description:
        'Open data of Open Government Partnership action plans (reads need nothing; writes — POST, PATCH, DELETE — need a personal bearer token): plans, commitments and milestones, self-assessments, follow-up reports and the public document repository. Texts are objects with "es" and "en" versions. Licensed for reuse.',
    },
    servers: [{ url: '/api/v1' }],
  });

  return api;
}
