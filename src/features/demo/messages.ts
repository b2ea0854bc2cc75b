import type { Widen } from '../../i18n/widen.js';

/** The practice plan (`npm run abierto -- demo practice`, decision 055). */
export const es = {
  badge: 'Práctica',
  banner: 'Plan de práctica: no es un plan de acción real. Sirve para probar Abierto; sus datos, reportes y cuentas se borran con «npm run abierto -- demo practice --remove».',
  csvColumn: 'Plan de práctica (para probar Abierto; no es un plan real)',
  cli: {
    created: (planUrl: string) => `Plan de práctica creado: ${planUrl}`,
    period: (deadline: string) => `Periodo de reporte abierto hasta el ${deadline}.`,
    accounts: 'Cuentas de práctica (cada enlace sirve una vez, durante 7 días: elija una contraseña y entre):',
    account: (role: string, email: string, link: string) => `  ${role} (${email}):\n    ${link}`,
    roles: { secretariat: 'Secretaría', institution_contact: 'Contacto de la institución', civil_society: 'Sociedad civil (miembro del foro)' },
    exists: (planUrl: string) => `El plan de práctica ya existe: ${planUrl}. No se creó nada. Para empezar de nuevo: npm run abierto -- demo practice --remove, y luego demo practice.`,
    removeHint: 'Para quitarlo todo: npm run abierto -- demo practice --remove',
    removed: (n: number) => `Plan de práctica quitado, con sus compromisos, metas, reportes, periodos, documentos y ${n === 1 ? '1 cuenta' : `${n} cuentas`}.`,
    nothingToRemove: 'No hay plan de práctica: nada que quitar.',
    refused: (reason: string) => `No se quitó nada: ${reason}`,
    reasons: {
      notPractice: 'el miembro de práctica tiene planes que no son de práctica.',
      accountElsewhere: (email: string) => `la cuenta ${email} tiene funciones fuera del plan de práctica.`,
      published: 'el plan de práctica tiene un reporte de seguimiento publicado, que nunca se puede borrar.',
      inUse: (detail: string) => `los datos de práctica se usan en otra parte (${detail}).`,
    },
    unknown: (word: string) => `Orden desconocida: «${word}». Use: demo practice [--remove]`,
  },
} as const;

export const en: Widen<typeof es> = {
  badge: 'Practice',
  banner: 'Practice plan: not a real action plan. It is there to try Abierto; its data, reports and accounts are deleted with "npm run abierto -- demo practice --remove".',
  csvColumn: 'Practice plan (for trying Abierto; not a real plan)',
  cli: {
    created: (planUrl: string) => `Practice plan created: ${planUrl}`,
    period: (deadline: string) => `Reporting period open until ${deadline}.`,
    accounts: 'Practice accounts (each link works once, for 7 days: choose a password and you are in):',
    account: (role: string, email: string, link: string) => `  ${role} (${email}):\n    ${link}`,
    roles: { secretariat: 'Secretariat', institution_contact: 'Institution contact', civil_society: 'Civil society (forum member)' },
    exists: (planUrl: string) => `The practice plan exists already: ${planUrl}. Nothing was created. To start over: npm run abierto -- demo practice --remove, then demo practice.`,
    removeHint: 'To remove it all: npm run abierto -- demo practice --remove',
    removed: (n: number) => `Practice plan removed, with its commitments, milestones, reports, periods, documents and ${n === 1 ? '1 account' : `${n} accounts`}.`,
    nothingToRemove: 'There is no practice plan: nothing to remove.',
    refused: (reason: string) => `Nothing was removed: ${reason}`,
    reasons: {
      notPractice: 'the practice member has plans that are not practice plans.',
      accountElsewhere: (email: string) => `the account ${email} has roles outside the practice plan.`,
      published: 'the practice plan has a published follow-up report, which can never be deleted.',
      inUse: (detail: string) => `the practice data is used elsewhere (${detail}).`,
    },
    unknown: (word: string) => `Unknown command: "${word}". Use: demo practice [--remove]`,
  },
};
