import type { CompletionLevel, Locale, TemplateGeneration } from '../../lib/levels.js';
import { foldText } from './dates.js';

/**
 * The labels of the OGP commitment template, in Spanish and English, in both generations
 * (2014–2018 and 2019+). Patterns are matched against the folded text (lowercase, no accents) at
 * the start of a table cell or of a bold paragraph.
 */

export type FieldKey =
  | 'numberTitle'
  | 'theme'
  | 'dates'
  | 'lead'
  | 'contactName'
  | 'contactTitle'
  | 'emailPhone'
  | 'email'
  | 'phone'
  | 'otherActors'
  | 'problem'
  | 'objective'
  | 'brief'
  | 'description'
  | 'howItSolves'
  | 'relevance'
  | 'ambition'
  | 'completion'
  | 'results'
  | 'milestones'
  | 'endDate'
  | 'nextSteps'
  | 'additional'
  | 'remaining'
  /** A section heading of the template ("Descripción del compromiso"): no value of its own. */
  | 'section';

export interface LabelDef {
  field: FieldKey;
  re: RegExp;
  lang: Locale | null;
  gen: TemplateGeneration | null;
  /** The label is a question: it runs to its "?". */
  question?: boolean;
}

function L(field: FieldKey, re: RegExp, lang: Locale | null, gen: TemplateGeneration | null, question = false): LabelDef {
  return { field, re, lang, gen, question };
}

/** In order: the first that matches wins. */
export const LABELS: readonly LabelDef[] = [
  // Spanish
  L('numberTitle', /^(numero y (nombre|titulo)|nombre y numero|titulo|nombre) del compromiso\b/, 'es', null),
  L('theme', /^tema\b/, 'es', '2014'),
  L('dates', /^fechas? de inicio y (de )?(conclusion|termino|finalizacion|fin)\b/, 'es', null),
  L(
    'lead',
    /^(secretaria ?\/ ?ministerio|ministerio ?\/ ?secretaria|ministerio|institucion|organismo|dependencia|entidad|agencia|actor)( u organismo| o actor| o entidad| o institucion)? (responsable|lider|implementador[a]?)\b/,
    'es',
    null,
  ),
  L(
    'contactName',
    /^nombre (de la persona|del? (funcionari[oa]|responsable|servidor publico)|de la (funcionaria|responsable|servidora publica)|de contacto|del contacto)\b/,
    'es',
    null,
  ),
  L('contactTitle', /^(puesto|cargo)\b/, 'es', null),
  L('emailPhone', /^correo electronico y telefono\b/, 'es', '2019'),
  L('email', /^(correo electronico|correo)\b/, 'es', null),
  L('phone', /^telefono\b/, 'es', null),
  L('otherActors', /^otros actores( involucrados)?\b/, 'es', null),
  L('otherActors', /^(otras )?partes interesadas\b/, 'es', '2019'),
  L('problem', /^status quo\b/, null, '2014'),
  L('problem', /^(cual es|que) (el problema|la problematica)\b/, 'es', '2019', true),
  L('problem', /^problema( publico)?\b/, 'es', '2019'),
  L('objective', /^objetivo (principal|general)\b/, 'es', '2014'),
  L('brief', /^breve descripcion\b/, 'es', '2014'),
  L('description', /^(cual|en que) (es|consiste) el compromiso\b/, 'es', '2019', true),
  L('howItSolves', /^como (contribuira|ayudara|resolvera)\b/, 'es', '2019', true),
  L('relevance', /^relevancia\b/, 'es', '2014'),
  L('relevance', /^por que (es relevante|es este compromiso relevante|este compromiso es relevante)\b/, 'es', '2019', true),
  L('ambition', /^ambicion\b/, 'es', '2014'),
  L('completion', /^(nivel de )?cumplimiento\b/, 'es', '2014'),
  L('results', /^descripcion de (los )?resultados\b/, 'es', '2014'),
  L('milestones', /^actividad(es)? (con|y) (un |el )?(producto )?entregable\b/, 'es', '2019'),
  L('milestones', /^(metas|hitos)( comprometidas| verificables| del compromiso)?\b/, 'es', null),
  L('endDate', /^fecha (de )?(conclusion|termino|finalizacion|cierre)\b/, 'es', '2014'),
  L('nextSteps', /^(proximos|siguientes) pasos\b/, 'es', '2014'),
  L('additional', /^informacion adicional\b/, 'es', null),
  L('remaining', /^descripcion de lo que (queda|falta)\b/, 'es', '2014'),
  L('remaining', /^(lo que (queda|falta) por (lograr|hacer)|retos pendientes|desafios pendientes)\b/, 'es', '2014'),
  L('section', /^(descripcion del compromiso|informacion de contacto)\b/, 'es', '2019'),
  // English
  L('numberTitle', /^commitment (number|no\.?|#) and (title|name)\b/, 'en', null),
  L('numberTitle', /^commitment (title|name)\b/, 'en', null),
  L('theme', /^theme\b/, 'en', '2014'),
  L('dates', /^(commitment )?start and end dates?\b/, 'en', null),
  L('lead', /^lead (government |implementing )*(agenc(y|ies)|institutions?|actors?|organi[sz]ations?|ministr(y|ies)|entit(y|ies)|departments?)\b/, 'en', null),
  L('lead', /^(responsible|implementing) (government )?(agenc(y|ies)|institutions?|ministr(y|ies)|actors?)\b/, 'en', null),
  L('contactName', /^(name of (the )?responsible|responsible person|contact (person|name))\b/, 'en', null),
  L('contactTitle', /^(title,? department|position|job title|title)\b/, 'en', null),
  L('emailPhone', /^e-?mail and (tele)?phone\b/, 'en', '2019'),
  L('email', /^(e-?mail|electronic mail)( address)?\b/, null, null),
  L('phone', /^(tele)?phone( number)?\b/, 'en', null),
  L('otherActors', /^other (actors|stakeholders)( involved)?\b/, 'en', null),
  L('problem', /^what is the (public )?problem\b/, 'en', '2019', true),
  L('problem', /^(the )?(public )?problem\b/, 'en', '2019'),
  L('objective', /^main objective\b/, 'en', '2014'),
  L('brief', /^brief description\b/, 'en', '2014'),
  L('description', /^what is the commitment\b/, 'en', '2019', true),
  L('howItSolves', /^how will the commitment\b/, 'en', '2019', true),
  L('relevance', /^relevance\b/, 'en', '2014'),
  L('relevance', /^why is (this|the) commitment relevant\b/, 'en', '2019', true),
  L('ambition', /^ambition\b/, 'en', '2014'),
  L('endDate', /^(end|completion) date\b/, 'en', '2014'),
  L('completion', /^(level of )?completion( level)?\b/, 'en', '2014'),
  L('results', /^description of (the )?results\b/, 'en', '2014'),
  L('milestones', /^milestone activit(y|ies)\b/, 'en', '2019'),
  L('milestones', /^(verifiable and measurable )?milestones\b/, 'en', null),
  L('nextSteps', /^next steps?\b/, 'en', '2014'),
  L('additional', /^additional information\b/, 'en', null),
  L('remaining', /^(description of )?what (is left|remains)\b/, 'en', '2014'),
  L('remaining', /^remaining challenges\b/, 'en', '2014'),
  L('section', /^(commitment description|contact information)\b/, 'en', '2019'),
];

/** All label patterns in one: most lines are not labels, and one test tells. */
export const ANY_LABEL_RE = new RegExp(LABELS.map((l) => `(?:${l.re.source.replace(/^\^/, '')})`).join('|').replace(/^/, '^'));

/** The length of the longest template label at the start of a text, in folded characters (0 when none). */
export function labelLength(text: string): number {
  const f = foldText(text.replace(/^[\s¿¡#>*]+/, '').slice(0, 300));
  let best = 0;
  for (const def of LABELS) {
    const m = def.re.exec(f);
    if (m && m[0].length > best) best = m[0].length;
  }
  return best;
}

/** The label a text starts with, or null. */
export function labelAt(text: string): LabelDef | null {
  const f = foldText(text.replace(/^[\s¿¡#>*]+/, '').slice(0, 300));
  for (const def of LABELS) if (def.re.test(f)) return def;
  return null;
}

/** "Plantilla de cumplimiento de Compromisos": the start of a template table. */
export const TEMPLATE_STARTS: readonly { re: RegExp; lang: Locale }[] = [
  { re: /^plantilla (de |del |para )?(cumplimiento|compromisos?|seguimiento|autoevaluacion|reporte)\b/, lang: 'es' },
  { re: /^(commitment|completion|progress|self-assessment|fulfil+ment) template\b/, lang: 'en' },
  { re: /^template (for|of) (the )?commitments?\b/, lang: 'en' },
];

/** "Compromiso n° 19: título", "Commitment No. 19 – title", "Compromiso 3. título". */
export const HEADING_RE =
  /^(compromiso|commitment)\s*(?:(?:n|no|nro|num|numero|number|nr)\s*[°º.]?\s*|#\s*)?(\d{1,3})(?!\d)\s*([:.\-–—)]?)/;

/** Milestone headers inside the results: "1. Diseño …", "Meta 2: …", "Milestone 3 – …". */
export const MILESTONE_HEADER_RE =
  /^(?:(?:meta|hito|milestone|actividad|activity)\s*(?:n[°º.]?\s*|no\.\s*|#\s*)?(\d{1,2})\s*[.)\-–—:]?\s*|(\d{1,2})\s*[.)\-–—:]\s+)(\S.*)$/i;

/** "Estado: Completo", "Status: Substantial". */
export const STATUS_LINE_RE = /^(?:estado|status|estatus|nivel de avance|avance|nivel de cumplimiento|level of completion)\s*:\s*(.*)$/i;

/** A completion mark standing alone in a cell. */
export const MARK_RE = /^(?:x|☒|☑|✓|✔|✗|✘|\[x\]|\(x\))$/i;
/** A completion mark beside a level in the same cell ("Sustancial X", "☒ Completo"). */
export const MARK_IN_CELL_RE = /(?:^|[\s:(\[])(?:x|☒|☑|✓|✔|✗|✘)(?:[\s)\]]|$)/i;

/** Sub-labels of "Otros actores involucrados". */
export const GOVERNMENT_SUBLABEL_RE =
  /^(gobierno|government|actores (estatales|de gobierno|gubernamentales)( involucrados)?|state actors( involved)?|instituciones publicas)\b\s*:?/;
export const CIVIL_SOCIETY_SUBLABEL_RE =
  /^(sociedad civil|organizaciones de la sociedad civil|osc|csos?|civil society( organi[sz]ations)?)((,| y| o| and| or)\s*(iniciativa privada|sector privado|private sector|organizaciones multilaterales|multilaterales|multilaterals|grupos de trabajo|working groups|academia|academy))*\b\s*:?/;

/** Words that make an unlabeled actor a government body. */
export const GOVERNMENT_WORDS_RE =
  /\b(ministerio|ministry|secretaria|subsecretaria|servicio|consejo|municipalidad|municipio|gobierno|government|agencia|agency|department|departamento|office|oficina|direccion|superintendencia|contraloria|congreso|camara|senado|tribunal|poder judicial|fiscalia|defensoria|intendencia|gobernacion|presidencia|council|comision)\b/;

const LEVEL_PATTERNS: readonly { level: CompletionLevel; re: RegExp }[] = [
  { level: 'not_started', re: /\b(no iniciad[oa]s?|sin iniciar|no ha (sido )?iniciad[oa]|no comenzad[oa]|not (yet )?started|not begun)\b/ },
  { level: 'limited', re: /\b(limitad[oa]s?|limited)\b/ },
  { level: 'substantial', re: /\b(sustancial|substancial|substantial)\b/ },
  { level: 'complete', re: /\b(complet[oa]s?|completad[oa]s?|cumplid[oa]s?|complete|completed|finalizad[oa]s?|terminad[oa]s?|concluid[oa]s?)\b/ },
];
const NEGATED_LEVEL_RE = /\b(no|not|sin)\s+(complet|cumplid|sustancial|substancial|substantial|limitad|limited|finalizad|terminad|concluid)/;

/**
 * A completion level (of the commitment or of a milestone) from its words, in Spanish or English,
 * any case, masculine or feminine. Null when no level, several levels or a negated level is found.
 */
export function readLevel(text: string): CompletionLevel | null {
  const f = foldText(text.length > 300 ? text.slice(0, 300) : text)
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!f) return null;
  const found = new Set<CompletionLevel>();
  for (const { level, re } of LEVEL_PATTERNS) if (re.test(f)) found.add(level);
  if (found.has('not_started')) {
    // "no iniciado" is itself a negation; nothing else may stand beside it
    return found.size === 1 ? 'not_started' : null;
  }
  if (NEGATED_LEVEL_RE.test(f)) return null;
  if (found.size !== 1) return null;
  return [...found][0] ?? null;
}

export { foldText };
