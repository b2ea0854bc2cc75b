import type { LocalizedText } from '../../lib/localized.js';

/**
 * OGP's policy-area tags: the 0/1 columns of OGP's commitment data, in their groups and order.
 * `column` is the header in OGP's export; a group is itself a tag (its own column) except
 * `other-areas`, which only gathers the tags OGP lists after the ten groups.
 * The same list fills the `policy_areas` table (migration `0005_…_policy_areas`); a test checks both agree.
 */
export interface PolicyAreaDef {
  slug: string;
  column: string | null;
  group: string | null;
  name: Required<LocalizedText>;
}

const g = (slug: string, column: string | null, es: string, en: string): PolicyAreaDef => ({ slug, column, group: null, name: { es, en } });
const a = (group: string, slug: string, column: string, es: string, en?: string): PolicyAreaDef => ({ slug, column, group, name: { es, en: en ?? column } });

export const POLICY_AREAS: readonly PolicyAreaDef[] = [
  g('anti-corruption-and-integrity', 'Anti-Corruption and Integrity', 'Anticorrupción e integridad', 'Anti-Corruption and Integrity'),
  a('anti-corruption-and-integrity', 'anti-corruption-institutions', 'Anti-corruption Institutions', 'Instituciones anticorrupción'),
  a('anti-corruption-and-integrity', 'anti-corruption-strategies', 'Anti-Corruption Strategies', 'Estrategias anticorrupción'),
  a('anti-corruption-and-integrity', 'asset-disclosure', 'Asset Disclosure', 'Declaración de patrimonio'),
  a('anti-corruption-and-integrity', 'audits', 'Audits', 'Auditorías'),
  a('anti-corruption-and-integrity', 'beneficial-ownership', 'Beneficial Ownership', 'Beneficiarios finales'),
  a('anti-corruption-and-integrity', 'conflicts-of-interest', 'Conflicts Of Interest', 'Conflictos de interés'),
  a('anti-corruption-and-integrity', 'elections', 'Elections', 'Elecciones'),
  a('anti-corruption-and-integrity', 'political-finance', 'Political Finance', 'Financiamiento político'),
  a('anti-corruption-and-integrity', 'lobbying', 'Lobbying', 'Lobby'),
  a('anti-corruption-and-integrity', 'open-contracting', 'Open Contracting', 'Contrataciones abiertas'),
  a('anti-corruption-and-integrity', 'public-procurement', 'Public Procurement', 'Compras públicas'),
  a('anti-corruption-and-integrity', 'right-to-information', 'Right To Information', 'Derecho de acceso a la información'),
  a('anti-corruption-and-integrity', 'whistleblower-protections', 'Whistleblower Protections', 'Protección de denunciantes'),
  g('civic-space', 'Civic Space and Enabling Environment', 'Espacio cívico y entorno habilitante', 'Civic Space and Enabling Environment'),
  a('civic-space', 'freedom-of-assembly', 'Freedom of Assembly', 'Libertad de reunión'),
  a('civic-space', 'freedom-of-association', 'Freedom of Association', 'Libertad de asociación'),
  a('civic-space', 'freedom-of-expression', 'Freedom of Expression', 'Libertad de expresión'),
  g('democratizing-decision-making', 'Democratizing Decision-Making', 'Democratización de la toma de decisiones', 'Democratizing Decision-Making'),
  a('democratizing-decision-making', 'digital-participation', 'Digital Participation', 'Participación digital'),
  a('democratizing-decision-making', 'mainstreaming-participation', 'Mainstreaming Participation', 'Transversalización de la participación'),
  a('democratizing-decision-making', 'regulatory-governance', 'Regulatory Governance', 'Gobernanza regulatoria'),
  a('democratizing-decision-making', 'social-accountability', 'Social Accountability', 'Control social'),
  g('digital-governance', 'Digital Governance', 'Gobernanza digital', 'Digital Governance'),
  a('digital-governance', 'automated-decision-making', 'Automated Decision-making', 'Decisiones automatizadas'),
  a('digital-governance', 'data-stewardship-and-privacy', 'Data Stewardship and Privacy', 'Gestión de datos y privacidad'),
  a('digital-governance', 'digital-inclusion', 'Digital Inclusion', 'Inclusión digital'),
  a('digital-governance', 'disinformation', 'Disinformation/Misinformation', 'Desinformación'),
  a('digital-governance', 'online-civic-space', 'Online Civic Space', 'Espacio cívico en línea'),
  g('environment-and-climate', 'Environment & Climate', 'Medio ambiente y clima', 'Environment & Climate'),
  a('environment-and-climate', 'climate-finance', 'Climate Finance', 'Financiamiento climático'),
  a('environment-and-climate', 'climate-mitigation-and-adaptation', 'Climate Mitigation and Adaptation', 'Mitigación y adaptación al cambio climático'),
  a('environment-and-climate', 'environmental-regulation', 'Environmental Regulation', 'Regulación ambiental'),
  a('environment-and-climate', 'international-environmental-agreements', 'International Environmental Agreements', 'Acuerdos ambientales internacionales'),
  g('fiscal-openness', 'Fiscal Openness', 'Apertura fiscal', 'Fiscal Openness'),
  a('fiscal-openness', 'budget-publication', 'Publication Of Budget/Fiscal Information', 'Publicación de información presupuestaria y fiscal'),
  a('fiscal-openness', 'budget-participation', 'Public Participation In Budget/Fiscal Policy', 'Participación ciudadana en el presupuesto y la política fiscal'),
  a('fiscal-openness', 'budget-oversight', 'Oversight Of Budget/Fiscal Policies', 'Fiscalización del presupuesto y la política fiscal'),
  a('fiscal-openness', 'stimulus-and-economic-recovery', 'Stimulus and Economic Recovery', 'Estímulo y recuperación económica'),
  a('fiscal-openness', 'tax', 'Tax', 'Impuestos'),
  a('fiscal-openness', 'debt', 'Debt', 'Deuda'),
  g('inclusion', 'Inclusion', 'Inclusión', 'Inclusion'),
  a('inclusion', 'gender', 'Gender', 'Género'),
  a('inclusion', 'gender-based-violence', 'Gender-Based Violence', 'Violencia de género'),
  a('inclusion', 'economic-inclusion', 'Economic Inclusion', 'Inclusión económica'),
  a('inclusion', 'lgbtqia', 'LGBTQIA+', 'LGBTQIA+'),
  a('inclusion', 'people-with-disabilities', 'People with Disabilities', 'Personas con discapacidad'),
  a('inclusion', 'youth', 'Youth', 'Juventud'),
  g('justice', 'Justice', 'Justicia', 'Justice'),
  a('justice', 'access-to-justice', 'Access to Justice', 'Acceso a la justicia'),
  a('justice', 'open-justice', 'Open Justice', 'Justicia abierta'),
  a('justice', 'policing-and-corrections', 'Policing & Corrections', 'Policía y sistema penitenciario'),
  a('justice', 'judiciary', 'Judiciary', 'Poder judicial'),
  g('open-parliaments', 'Open Parliaments', 'Parlamento abierto', 'Open Parliaments'),
  g('public-service-delivery', 'Public Service Delivery', 'Prestación de servicios públicos', 'Public Service Delivery'),
  a('public-service-delivery', 'citizenship-and-immigration', 'Citizenship & Immigration', 'Ciudadanía e inmigración'),
  a('public-service-delivery', 'education', 'Education', 'Educación'),
  a('public-service-delivery', 'health-and-nutrition', 'Health & Nutrition', 'Salud y nutrición'),
  a('public-service-delivery', 'infrastructure-and-transport', 'Infrastructure & Transport', 'Infraestructura y transporte'),
  a('public-service-delivery', 'water-and-sanitation', 'Water & Sanitation', 'Agua y saneamiento'),
  g('other-areas', null, 'Otras áreas', 'Other areas'),
  a('other-areas', 'capacity-building', 'Capacity Building', 'Fortalecimiento de capacidades'),
  a('other-areas', 'digital-transformation', 'Digital Transformation', 'Transformación digital'),
  a('other-areas', 'legislation', 'Legislation', 'Legislación'),
  a('other-areas', 'regulation', 'Regulation', 'Regulación'),
  a('other-areas', 'legislative-oversight', 'Legislative Oversight', 'Control legislativo'),
  a('other-areas', 'open-data', 'Open Data', 'Datos abiertos'),
  a('other-areas', 'public-participation', 'Public Participation', 'Participación ciudadana'),
  a('other-areas', 'aid', 'Aid', 'Cooperación internacional'),
  a('other-areas', 'energy', 'Energy', 'Energía'),
  a('other-areas', 'extractive-industries', 'Extractive Industries', 'Industrias extractivas'),
  a('other-areas', 'land-and-spatial-planning', 'Land and Spatial Planning', 'Tierras y ordenamiento territorial'),
  a('other-areas', 'media-and-telecommunications', 'Media & Telecommunications', 'Medios y telecomunicaciones'),
  a('other-areas', 'science-and-technology', 'Science & Technology', 'Ciencia y tecnología'),
  a('other-areas', 'security-and-public-safety', 'Security & Public Safety', 'Seguridad pública'),
  a('other-areas', 'labor', 'Labor', 'Trabajo'),
  a('other-areas', 'private-sector', 'Private Sector', 'Sector privado'),
  a('other-areas', 'subnational', 'Subnational', 'Subnacional'),
  a('other-areas', 'human-rights', 'Human Rights', 'Derechos humanos'),
  a('other-areas', 'open-parliament-plan', 'Open Parliament Plan', 'Plan de parlamento abierto'),
  a('other-areas', 'sustainable-development-goals', 'Sustainable Development Goals', 'Objetivos de Desarrollo Sostenible'),
  a('other-areas', 'open-data-water-sanitation', 'Open Data (Water/Sanitation)', 'Datos abiertos (agua y saneamiento)'),
  a('other-areas', 'open-data-health', 'Open Data (Health)', 'Datos abiertos (salud)'),
  a('other-areas', 'open-data-education', 'Open Data (Education)', 'Datos abiertos (educación)'),
  a('other-areas', 'participation-in-lawmaking', 'Participation in Lawmaking', 'Participación en la elaboración de leyes'),
  a('other-areas', 'access-to-information', 'Access to information', 'Acceso a la información'),
  a('other-areas', 'money-in-politics', 'Money in Politics', 'Dinero en la política'),
];

/** Policy areas by their column header in OGP's data. */
export const POLICY_AREA_BY_COLUMN: ReadonlyMap<string, PolicyAreaDef> = new Map(
  POLICY_AREAS.filter((p) => p.column !== null).map((p) => [p.column as string, p]),
);

/** The SQL that fills (and refreshes) the `policy_areas` table; the migration holds its output. */
export function policyAreasSql(): string {
  const q = (s: string | null) => (s === null ? 'NULL' : `'${s.replace(/'/g, "''")}'`);
  const rows = POLICY_AREAS.map((p, i) => `  (${q(p.slug)}, ${q(p.group)}, ${q(JSON.stringify(p.name))}::jsonb, ${i + 1})`);
  return `INSERT INTO "policy_areas" ("slug", "group_slug", "name", "position") VALUES\n${rows.join(',\n')}\nON CONFLICT ("slug") DO UPDATE SET "group_slug" = EXCLUDED."group_slug", "name" = EXCLUDED."name", "position" = EXCLUDED."position";`;
}
