import { count, pick } from '../lib/plural.js';
import * as irm from '../features/irm/messages.js';
import * as admin from '../features/admin/messages.js';
import * as accounts from '../features/accounts/messages.js';
import * as monitoring from '../features/monitoring/messages.js';
import * as reports from '../features/reports/messages.js';
import * as repository from '../features/repository/messages.js';
import * as opendata from '../features/opendata/messages.js';
import * as ogp from '../features/ogp/messages.js';
import * as ingest from '../features/ingest/messages.js';
import * as authoring from '../features/authoring/messages.js';
import * as dashboard from '../features/dashboard/messages.js';
import * as elections from '../features/elections/messages.js';
import * as forum from '../features/forum/messages.js';
import * as meetings from '../features/meetings/messages.js';
import * as cocreation from '../features/cocreation/messages.js';
import * as openCalls from '../features/opencalls/messages.js';
import * as search from '../features/search/messages.js';
import * as members from '../features/members/messages.js';
import * as dashboards from '../features/dashboards/messages.js';
import * as api from '../features/api/messages.js';
import * as subscriptions from '../features/subscriptions/messages.js';
import * as news from '../features/news/messages.js';
import * as composition from '../features/forum/composition-messages.js';
import * as demo from '../features/demo/messages.js';
/** Spanish, the default language. Every key here must exist in en.ts too (the compiler checks). */
export const es = {
  accounts: accounts.es,
  monitoring: monitoring.es,
  admin: admin.es,
  irm: irm.es,
  reports: reports.es,
  repository: repository.es,
  opendata: opendata.es,
  ogp: ogp.es,
  ingest: ingest.es,
  authoring: authoring.es,
  dashboard: dashboard.es,
  elections: elections.es,
  forum: forum.es,
  meetings: meetings.es,
  cocreation: cocreation.es,
  openCalls: openCalls.es,
  search: search.es,
  members: members.es,
  dashboards: dashboards.es,
  api: api.es,
  subscriptions: subscriptions.es,
  news: news.es,
  composition: composition.es,
  demo: demo.es,
  lang: { name: 'Español', switchTo: 'English', switchLabel: 'Cambiar idioma:' },
  site: {
    name: 'Abierto',
    tagline: 'Seguimiento abierto de los planes de acción de Gobierno Abierto',
    skipToContent: 'Saltar al contenido',
    mainNav: 'Navegación principal',
    breadcrumb: 'Ruta de navegación',
    home: 'Inicio',
    footer: 'Datos abiertos: todo lo publicado aquí puede descargarse.',
    api: 'API de datos (JSON)',
    apiDocs: 'Documento OpenAPI',
  },
  status: {
    not_started: 'No iniciado',
    limited: 'Limitado',
    substantial: 'Sustancial',
    complete: 'Completo',
    not_reported: 'Sin reporte',
  },
  phase: {
    co_creation: 'Co-creación',
    implementation: 'Implementación',
    closed: 'Cerrado',
  },
  generation: { '2014': 'Plantilla 2014–2018', '2019': 'Plantilla 2019 en adelante' },
  home: {
    title: 'Planes de acción',
    intro: 'Planes de acción de Gobierno Abierto: sus compromisos, metas y avances, con quién los reportó.',
    empty: 'Aún no hay planes de acción.',
    commitments: (n: number) => count('es', n, 'compromiso', 'compromisos'),
  },
  plan: {
    period: 'Período',
    phase: 'Fase',
    member: 'Miembro',
    commitments: 'Compromisos',
    number: 'N°',
    commitment: 'Compromiso',
    leadInstitution: 'Institución responsable',
    completion: 'Cumplimiento (autorreportado)',
    milestones: 'Metas',
    delayed: 'Con retraso',
    progress: 'Avance de metas',
    noCommitments: 'Este plan aún no tiene compromisos.',
    summary: 'Resumen del plan',
  },
  rollup: {
    heading: 'Avance calculado a partir de las metas',
    figure: (percent: number, reported: number, total: number) =>
      `${percent} % de avance, según ${reported} de ${total} metas reportadas`,
    none: (total: number) => (total === 0 ? 'Sin metas' : `Ninguna de las ${total} metas ha sido reportada`),
    barLabel: 'Metas por estado',
    count: (n: number, label: string) => `${label}: ${n}`,
    rule:
      'Regla: cada meta reportada vale según su estado (No iniciado 0, Limitado ⅓, Sustancial ⅔, Completo 1) y el avance es el promedio de las metas reportadas. Una meta sin reporte no cuenta como «No iniciado»: queda fuera del promedio y se muestra aparte.',
    delayRule:
      'Una meta está con retraso cuando terminó el mes de su fecha de término planificada y no está completa.',
    delayedCount: (n: number) => count('es', n, 'meta con retraso', 'metas con retraso'),
  },
  commitment: {
    templateTitle: 'Plantilla de cumplimiento de compromisos',
    numberTitle: (n: string) => `Compromiso n° ${n}`,
    ogpId: 'Identificador OGP',
    theme: 'Tema',
    dates: 'Fecha de inicio y conclusión',
    leadInstitution: 'Secretaría/Ministerio responsable',
    contactName: 'Nombre de la persona responsable',
    contactTitle: 'Puesto',
    contactEmail: 'Correo electrónico',
    contactPhone: 'Teléfono',
    otherActors: 'Otros actores involucrados',
    government: 'Gobierno',
    civilSociety: 'Sociedad civil, iniciativa privada, grupos de trabajo o multilaterales',
    problem: 'Status quo o problema/desafío que será atendido',
    problem2019: 'Problema público',
    objective: 'Objetivo principal',
    briefDescription: 'Breve descripción del compromiso',
    briefTooLong: (n: number) => `Tiene ${n} caracteres; la plantilla OGP pide un máximo de 140.`,
    description: '¿Cuál es el compromiso?',
    howItSolves: '¿Cómo contribuirá a resolver el problema público?',
    relevance: 'Relevancia',
    values: 'Valores OGP',
    valueAccessToInformation: 'Acceso a la información',
    valueCivicParticipation: 'Participación cívica',
    valuePublicAccountability: 'Rendición de cuentas pública',
    valueTechnologyInnovation: 'Tecnología e innovación para la apertura y rendición de cuentas',
    policyAreas: 'Áreas de política',
    ambition: 'Ambición',
    completion: 'Cumplimiento',
    completionSelfReported: 'Cumplimiento autorreportado por el gobierno',
    completionNotReported: 'El gobierno no ha reportado el nivel de cumplimiento.',
    marked: 'marcado',
    results: 'Descripción de los resultados',
    milestones: 'Metas comprometidas',
    endDate: 'Fecha de conclusión',
    nextSteps: 'Próximos pasos',
    additionalInformation: 'Información adicional',
    remainingChallenges: 'Descripción de lo que queda por lograr y cualquier reto en la implementación',
    notStated: 'Sin información',
    fullText: 'Texto completo del compromiso',
    none: 'Ninguno',
    source: 'Origen de los datos',
    sourceImport: (name: string, date: string) => `Importado de «${name}» el ${date}`,
    sourceManual: 'Registrado directamente en la plataforma',
    otherLanguage: 'Solo disponible en otro idioma',
    plan: 'Plan de acción',
    downloadJson: 'Descargar este compromiso (JSON)',
  },
  milestone: {
    number: (n: number) => `Meta ${n}`,
    planned: 'Planificada',
    status: 'Estado',
    delayed: 'Con retraso',
    onTime: 'Sin retraso',
    reportedDelayed: 'El reporte dice: con retraso',
    reportedNotDelayed: 'El reporte dice: sin retraso',
    subItems: 'Actividades',
    narrative: 'Narrativa',
    noDates: 'Sin fechas',
    timeline: 'Línea de tiempo de las metas',
  },
  institution: {
    title: 'Institución',
    commitments: 'Compromisos que lidera',
    contacts: 'Personas de contacto',
    none: 'Esta institución no lidera compromisos.',
    milestones: (n: number) => count('es', n, 'meta', 'metas'),
  },
  months: [
    'enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio',
    'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre',
  ],
  monthYear: (month: string, year: number) => `${month} de ${year}`,
  monthRange: (from: string, to: string) => `${from} a ${to}`,
  errors: {
    notFoundTitle: 'Página no encontrada',
    notFound: 'No existe lo que busca. Puede que la dirección esté mal escrita o que haya sido retirado.',
    backHome: 'Volver al inicio',
    serverTitle: 'Error del servidor',
    server: 'Algo falló de nuestro lado. Vuelva a intentarlo en un momento.',
    badRequest: 'La solicitud no es válida.',
    unauthenticatedTitle: 'Debe iniciar sesión',
    unauthenticated: 'Para hacer esto debe iniciar sesión.',
    forbiddenTitle: 'Sin permiso',
    forbidden: 'Su cuenta no tiene permiso para hacer esto.',
    csrfTitle: 'No se pudo verificar el formulario',
    csrf: 'El formulario venía de otra página o había caducado. Vuelva atrás, recargue la página y envíelo otra vez.',
    tooLargeTitle: 'Demasiado grande',
    tooLarge: 'Lo que envió supera el tamaño máximo aceptado.',
    badRequestTitle: 'Solicitud no válida',
    malformed: 'El formulario llegó incompleto o dañado y no se pudo leer. Vuelva atrás y envíelo otra vez.',
    controlChars: 'Lo enviado contiene caracteres de control invisibles (por ejemplo, un byte nulo) que no se pueden guardar. Quítelos y vuelva a enviarlo.',
    busyTitle: 'Servidor ocupado',
    busy: 'Hay demasiadas solicitudes en este momento. Vuelva a intentarlo en unos segundos.',
  },
  warnings: {
    brief_description_too_long: (p: Record<string, string | number>) =>
      `La breve descripción tiene ${p.length} caracteres; la plantilla pide un máximo de ${p.limit ?? 140}. Se guarda completa.`,
    completion_mark_ambiguous: () =>
      'Hay una marca de cumplimiento («X») pero no se puede saber bajo qué columna está; el nivel queda sin reportar.',
    completion_sub_items_differ: (p: Record<string, string | number>) =>
      `Los sub-ítems tienen distintos niveles de cumplimiento (${p.levels ?? ''}); el nivel del compromiso es el más bajo de ellos: ${p.level ?? ''}.`,
    completion_missing: () => 'No se encontró el nivel de cumplimiento.',
    date_unreadable: (p: Record<string, string | number>) => `No se pudo leer la fecha «${p.text ?? ''}».`,
    field_missing: () => 'El campo está vacío o no aparece en el documento.',
    milestone_status_unreadable: (p: Record<string, string | number>) =>
      `No se pudo leer el estado «${p.text ?? ''}» de la meta.`,
    status_kept_verified: (p: Record<string, string | number>) =>
      `La meta ${p.milestone ?? ''} tiene un estado verificado en la plataforma; se mantiene y no se reemplaza por el del documento.`,
    numbering_restarts: (p: Record<string, string | number>) =>
      `La numeración vuelve a empezar en cada tema; los compromisos se numeran por su posición en el documento (este es el n° ${p.printed ?? ''} de su tema).`,
    number_missing: () => 'No se encontró el número del compromiso.',
  },
  parseErrors: {
    empty: 'El documento está vacío.',
    not_a_template: 'El documento no tiene la forma de la plantilla de compromisos: no se encontró ninguno de sus campos.',
    too_large: (p: Record<string, string | number>) => `El documento es demasiado grande (el máximo es ${p.limit} caracteres).`,
    binary: 'El archivo no es texto (¿es un documento binario?).',
  },
  importErrors: {
    preview_outdated: () => 'Los datos cambiaron desde la vista previa: no se guardó nada. Suba el documento otra vez y revise los cambios.',
    plan_not_found: (p: Record<string, string | number>) => `No existe el plan ${p.id ?? ''}.`,
    number_missing: (p: Record<string, string | number>) =>
      `El compromiso ${p.commitment ?? ''} del documento no tiene número; sin número no se puede guardar.`,
    duplicate_number: (p: Record<string, string | number>) => `El documento trae dos veces el compromiso n° ${p.number ?? ''}.`,
    nothing_to_import: () => 'El documento no contiene ningún compromiso.',
    unsupported_format: (p: Record<string, string | number>) =>
      `El formato «${p.format ?? ''}» aún no se puede importar (se aceptan .txt, .md y .html).`,
  },
  cli: {
    imported: (n: number, plan: string) => `${pick('es', n, { one: 'Importado', other: 'Importados' })} ${count('es', n, 'compromiso', 'compromisos')} en «${plan}».`,
    dryRun: 'Simulación: no se guardó nada.',
    fileUnreadable: (file: string, reason: string) => `No se puede leer el archivo ${file}: ${reason}`,
    planNeeded: 'Indique el plan con --plan ID, o --member y --plan-number.',
    planNotFound: (id: string) => `No existe el plan ${id}.`,
    planNew: 'Para crear el plan indique también --plan-title, --plan-start AAAA-MM y --plan-end AAAA-MM.',
    planNewDryRun: 'El plan no existe; una simulación no lo crea. Créelo primero con una importación real o indique --plan.',
    badLang: 'El idioma del documento debe ser es o en.',
    warning: 'Aviso',
  },
} as const;
