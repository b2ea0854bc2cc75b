/** Folds a name for matching: lower case, no accents, punctuation and runs of spaces as one space. */
export function nameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export const COMMITMENT_NUMBER_PATTERN = /^[0-9]+(\.[0-9]+)*[A-Za-z]?$/;

/**
 * Sort key of a commitment number as plans write them: `19` → 19000, `2.1` → 2001, `2.10` → 2010,
 * `3b` → 3002. Numbers are compared as numbers, not as text.
 */
export function commitmentPosition(number: string): number {
  const match = /^(\d+)(?:\.(\d+))?(?:\.\d+)*([A-Za-z])?$/.exec(number.trim());
  if (!match) return Number.MAX_SAFE_INTEGER;
  const major = Math.min(Number(match[1]), 999_999);
  const minor = match[2] ? Math.min(Number(match[2]), 999) : match[3] ? match[3].toLowerCase().charCodeAt(0) - 96 : 0;
  return major * 1000 + minor;
}
