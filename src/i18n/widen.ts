/**
 * The shape of a catalog without its Spanish literals: what the English catalog must match.
 * A feature keeps its own texts in `src/features/<f>/messages.ts` as
 * `export const es = {…} as const; export const en: Widen<typeof es> = {…};`
 * and `src/i18n/es.ts` / `en.ts` put them under the feature's key.
 */
export type Widen<T> = T extends string
  ? string
  : T extends (...args: infer A) => string
    ? (...args: A) => string
    : T extends readonly string[]
      ? readonly string[]
      : { [K in keyof T]: Widen<T[K]> };
