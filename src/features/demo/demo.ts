import { readFile } from 'node:fs/promises';
import type { Database } from '../../db/client.js';
import { actionPlans } from '../../db/schema/index.js';
import { month } from '../../lib/month.js';
import { projectPath } from '../../lib/paths.js';
import { importParsedCommitments } from '../ingest/commands.js';
import { parseTemplate } from '../ingest/template-parser.js';
import { ensureMember, ensurePlan } from '../plans/commands.js';
import { ensureDemoForum } from './forum.js';

/** The real self-assessment the project started from: Chile, 3rd action plan, commitment 19. */
export const DEMO_DOCUMENT = projectPath('fixtures/000_3f13f33dc8e8d7d3.txt');

export const DEMO_ACTOR = 'system:demo';

/**
 * Fills an empty database with the demo: Chile's 3rd action plan (2016–2018) and commitment 19,
 * imported from the seed document through the same parser and command as any upload.
 * Does nothing when the database already holds a plan. Returns whether it filled it.
 */
export async function ensureDemo(db: Database, now: Date): Promise<boolean> {
  const existing = await db.select({ id: actionPlans.id }).from(actionPlans).limit(1);
  if (existing.length > 0) return false;
  const text = await readFile(DEMO_DOCUMENT, 'utf8');
  const parsed = parseTemplate(text);
  const plan = await db.transaction(async (tx) => {
    const member = await ensureMember(tx, { code: 'CHL', name: { es: 'Chile', en: 'Chile' }, kind: 'national', countryCode: 'CL' }, DEMO_ACTOR);
    return ensurePlan(
      tx,
      member.id,
      {
        number: 3,
        title: {
          es: 'Tercer Plan de Acción de Gobierno Abierto 2016–2018',
          en: 'Third Open Government Action Plan 2016–2018',
        },
        startMonth: month(2016, 9),
        endMonth: month(2018, 6),
        phase: 'closed',
        description: {
          es: 'Plan de demostración: contiene el compromiso 19 importado de la autoevaluación real de Chile («Plantilla de cumplimiento de Compromisos»).',
          en: "Demo plan: it holds commitment 19, imported from Chile's real self-assessment (the commitment completion template).",
        },
      },
      DEMO_ACTOR,
    );
  });
  await importParsedCommitments(db, {
    planId: plan.id,
    parsed,
    source: { name: '000_3f13f33dc8e8d7d3.txt', format: 'text', content: text },
    actor: DEMO_ACTOR,
    dryRun: false,
    now,
  });
  await ensureDemoForum(db, DEMO_ACTOR);
  return true;
}
