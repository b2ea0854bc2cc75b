/**
 * Heavy libraries loaded on first use, not at start-up: exceljs alone costs ~0.4–0.8 s to import,
 * which every `--help` and every server start would otherwise pay (issue 10).
 */
export const loadExcel = async () => (await import('exceljs')).default;
