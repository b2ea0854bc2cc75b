import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `npm install --omit=dev && npm start` works only if every package the running app imports is in
 * `dependencies`. This walks every non-test source file under src/ and checks each bare import
 * (static `from '…'`, side-effect `import '…'` and dynamic `import('…')`).
 */
const root = path.resolve(import.meta.dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|mts|js|mjs)$/.test(e.name) && !/\.test\.(ts|tsx)$/.test(e.name) ? [full] : [];
  });
}

export function bareImports(source: string): string[] {
  // Type-only imports vanish at runtime; comments may mention packages.
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '').replace(/^\s*import\s+type\s[^;]*;/gm, '').replace(/^\s*export\s+type\s[^;]*;/gm, '');
  const specifiers = [
    // `from '…'` only in an import or export statement (SQL reads "is distinct from 'complete'").
    ...code.matchAll(/^\s*(?:import|export)\b[^;=(]*?\bfrom\s+['"]([^'"]+)['"]/gm),
    ...code.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
    ...code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...code.matchAll(/\brequire(?:\.resolve)?\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...code.matchAll(/\.resolve\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]!);
  // Only what could name a package (message texts may contain "from '${…}'").
  return specifiers.filter((s) => /^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*(\/[\w./-]*)?$/.test(s) && !s.startsWith('.') && !s.startsWith('/') && !s.startsWith('node:') && !builtinModules.includes(s.split('/')[0]!));
}

const packageName = (specifier: string) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);

describe('runtime dependencies', () => {
  it('finds bare imports of every form', () => {
    expect(bareImports(`import a from 'x';\nimport 'y/z';\nconst m = await import('@s/p/deep');\nimport type { T } from 'typeonly';\nimport { b } from './local.js';\nimport fs from 'node:fs';\nimport {\n  c,\n  d,\n} from 'multi';\nconst q = "x is distinct from 'complete'";`)).toEqual(['x', 'multi', 'y/z', '@s/p/deep']);
  });

  it('every package imported under src/ (outside tests) is in dependencies', () => {
    const missing = new Map<string, string>();
    let count = 0;
    for (const file of sourceFiles(path.join(root, 'src'))) {
      for (const specifier of bareImports(fs.readFileSync(file, 'utf8'))) {
        count++;
        const name = packageName(specifier);
        if (!(name in pkg.dependencies)) missing.set(name, path.relative(root, file));
      }
    }
    expect(count).toBeGreaterThan(50);
    expect(Object.fromEntries(missing)).toEqual({});
  });
});
