import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's folder (the one with package.json), found from this module's place: the same from
 * the TypeScript sources (`src/lib/`) and from the compiled bundle (`dist/`), so files that are not
 * code — migrations, the stylesheet, fixtures — are read from where they are in the repository.
 */
function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'src'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`abierto: cannot find the project folder above ${start}`);
    dir = up;
  }
}

export const ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));

/** A file or folder of the project, by its path from the project folder. */
export const projectPath = (...parts: string[]): string => path.join(ROOT, ...parts);
