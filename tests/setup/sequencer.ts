import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Vitest's order (failed first, then longest first by the previous run's durations; without them,
 * largest file first), except that on a first run — no durations kept yet, as on a fresh machine —
 * the fuzz shards (`src/fuzz*.test.ts`: small files, the longest tests) start first, so that none of
 * them is left to run alone at the end (decision 066).
 */
export class HeaviestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const fuzz = (s: TestSpecification) => /\/src\/fuzz(-\d+)?\.test\.ts$/.test(s.moduleId) && !this.ctx.cache.getFileTestResults(`${s.project.name}:${s.moduleId.slice(this.ctx.config.root.length + 1)}`);
    return [...sorted.filter(fuzz), ...sorted.filter((s) => !fuzz(s))];
  }
}
