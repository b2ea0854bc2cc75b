import type { Widen } from '../../i18n/widen.js';

type P = Record<string, string | number>;

export const es = {
  exportTitle: 'Datos de compromisos en el formato de OGP',
  exportIntro: 'Todos los compromisos con las 171 columnas de la base de datos de OGP (miembros, planes, instituciones, áreas de política y variables del IRM).',
  downloadCsv: 'Descargar CSV',
  downloadXlsx: 'Descargar XLSX',
  errors: {
    too_large: (p: P) => `El archivo es demasiado grande (el máximo es ${Math.round(Number(p.limit ?? 0) / 1048576)} MB).`,
    empty: () => 'La planilla está vacía: no tiene encabezado o no tiene filas.',
    unreadable_csv: (p: P) => `El CSV no se puede leer${p.line ? ` (línea ${p.line})` : ''}: revise las comillas y los separadores.`,
    unreadable_xlsx: () => 'El archivo XLSX está dañado o incompleto y no se puede leer.',
    zip_bomb: () => 'El archivo se descomprime a un tamaño desmesurado (posible «bomba zip»); no se abre.',
    too_many_rows: (p: P) => `La planilla tiene demasiadas filas (el máximo es ${p.limit}).`,
    columns_missing: (p: P) => `Faltan columnas obligatorias de los datos de OGP: ${p.columns ?? ''}.`,
    rows_invalid: (p: P) => `${p.count} fila(s) no se pueden importar; no se guardó nada.`,
    cell_too_large: (p: P) => `La celda de la fila ${p.row}, columna «${p.column}», supera los ${p.limit} caracteres.`,
  },
  rowErrors: {
    ogp_id_invalid: (p: P) => `el identificador de OGP «${p.value ?? ''}» no es válido (se espera algo como CL0050)`,
    ogp_id_duplicate: (p: P) => `el compromiso ${p.value ?? ''} ya aparece en la fila ${p.first ?? ''}`,
    member_code_invalid: (p: P) => `el código de miembro «${p.value ?? ''}» no es válido (se espera algo como CHL)`,
    plan_number_invalid: (p: P) => `el número de plan «${p.value ?? ''}» no es un número`,
    title_missing: () => 'falta el título del compromiso',
    plan_member_mismatch: () => 'el plan pertenece a otro miembro',
  },
  rowError: (row: number, column: string, message: string) => `Fila ${row}, columna «${column}»: ${message}.`,
  warnings: {
    date_unreadable: (p: P) => `La fecha «${p.text ?? ''}» no se pudo leer; se conserva tal como está escrita.`,
    irm_value_unreadable: (p: P) => `El valor «${p.text ?? ''}» no es uno de la escala del IRM; se conserva tal como está escrito.`,
    number_adjusted: (p: P) => `El número «${p.value ?? ''}» se guarda como ${p.number ?? ''} (y se exporta como estaba escrito).`,
    plan_id_missing: (p: P) => `Falta el identificador del plan de acción («${p.value ?? ''}»); el plan se busca por miembro y número.`,
    column_unknown: (p: P) => `La columna «${p.column ?? ''}» no es de los datos de OGP; se ignora.`,
  },
  warningAt: (row: number | undefined, column: string | undefined) => (row ? `Fila ${row}${column ? `, «${column}»` : ''}` : column ? `«${column}»` : ''),
  summary: (p: P) =>
    `${p.rows} filas: ${p.commitmentsCreated} compromisos nuevos, ${p.commitmentsUpdated} actualizados; ${p.membersCreated} miembros, ${p.plansCreated} planes y ${p.institutionsCreated} instituciones nuevos; ${p.policyAreaLinks} áreas de política, ${p.irmAssessments} evaluaciones del IRM.`,
  exported: (rows: number, file: string) => `Exportados ${rows} compromisos a ${file}.`,
  stages: { reading: 'leyendo', storing: 'guardando', exporting: 'exportando' },
  exportUnknown: (what: string) => `No se sabe exportar «${what}»: use ogp-csv u ogp-xlsx.`,
  outNeeded: 'Indique el archivo de salida con --out ARCHIVO.',
  outUnwritable: (file: string, reason: string) => `No se puede escribir ${file}: ${reason}`,
} as const;

export const en: Widen<typeof es> = {
  exportTitle: "Commitment data in OGP's format",
  exportIntro: "Every commitment in the 171 columns of OGP's database (members, plans, institutions, policy areas and IRM variables).",
  downloadCsv: 'Download CSV',
  downloadXlsx: 'Download XLSX',
  errors: {
    too_large: (p: P) => `The file is too large (the maximum is ${Math.round(Number(p.limit ?? 0) / 1048576)} MB).`,
    empty: () => 'The spreadsheet is empty: it has no header or no rows.',
    unreadable_csv: (p: P) => `The CSV cannot be read${p.line ? ` (line ${p.line})` : ''}: check its quotes and separators.`,
    unreadable_xlsx: () => 'The XLSX file is damaged or incomplete and cannot be read.',
    zip_bomb: () => 'The file expands to an excessive size (a possible "zip bomb"); it is not opened.',
    too_many_rows: (p: P) => `The spreadsheet has too many rows (the maximum is ${p.limit}).`,
    columns_missing: (p: P) => `Required columns of OGP's data are missing: ${p.columns ?? ''}.`,
    rows_invalid: (p: P) => `${p.count} row(s) cannot be imported; nothing was stored.`,
    cell_too_large: (p: P) => `The cell in row ${p.row}, column "${p.column}", is longer than ${p.limit} characters.`,
  },
  rowErrors: {
    ogp_id_invalid: (p: P) => `the OGP id "${p.value ?? ''}" is not valid (expected something like CL0050)`,
    ogp_id_duplicate: (p: P) => `commitment ${p.value ?? ''} already appears in row ${p.first ?? ''}`,
    member_code_invalid: (p: P) => `the member code "${p.value ?? ''}" is not valid (expected something like CHL)`,
    plan_number_invalid: (p: P) => `the plan number "${p.value ?? ''}" is not a number`,
    title_missing: () => "the commitment's title is missing",
    plan_member_mismatch: () => 'the plan belongs to another member',
  },
  rowError: (row: number, column: string, message: string) => `Row ${row}, column "${column}": ${message}.`,
  warnings: {
    date_unreadable: (p: P) => `The date "${p.text ?? ''}" could not be read; it is kept as written.`,
    irm_value_unreadable: (p: P) => `The value "${p.text ?? ''}" is not on the IRM's scale; it is kept as written.`,
    number_adjusted: (p: P) => `The number "${p.value ?? ''}" is stored as ${p.number ?? ''} (and exported as written).`,
    plan_id_missing: (p: P) => `The action plan id is missing ("${p.value ?? ''}"); the plan is found by member and number.`,
    column_unknown: (p: P) => `The column "${p.column ?? ''}" is not one of OGP's data; it is ignored.`,
  },
  warningAt: (row: number | undefined, column: string | undefined) => (row ? `Row ${row}${column ? `, "${column}"` : ''}` : column ? `"${column}"` : ''),
  summary: (p: P) =>
    `${p.rows} rows: ${p.commitmentsCreated} new commitments, ${p.commitmentsUpdated} updated; ${p.membersCreated} members, ${p.plansCreated} plans and ${p.institutionsCreated} institutions new; ${p.policyAreaLinks} policy areas, ${p.irmAssessments} IRM assessments.`,
  exported: (rows: number, file: string) => `Exported ${rows} commitments to ${file}.`,
  stages: { reading: 'reading', storing: 'storing', exporting: 'exporting' },
  exportUnknown: (what: string) => `Cannot export "${what}": use ogp-csv or ogp-xlsx.`,
  outNeeded: 'Give the output file with --out FILE.',
  outUnwritable: (file: string, reason: string) => `Cannot write ${file}: ${reason}`,
};
