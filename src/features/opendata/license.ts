import { loadConfig } from '../../config.js';

const KNOWN: Record<string, string> = {
  'CC-BY-4.0': 'https://creativecommons.org/licenses/by/4.0/',
  'CC-BY-SA-4.0': 'https://creativecommons.org/licenses/by-sa/4.0/',
  'CC0-1.0': 'https://creativecommons.org/publicdomain/zero/1.0/',
  'ODbL-1.0': 'https://opendatacommons.org/licenses/odbl/1-0/',
  'ODC-By-1.0': 'https://opendatacommons.org/licenses/by/1-0/',
  'PDDL-1.0': 'https://opendatacommons.org/licenses/pddl/1-0/',
};

/** The data licence from `DATA_LICENSE` (default CC BY 4.0), with its address (SPDX's page when not one we know). */
export function dataLicense(env: NodeJS.ProcessEnv = process.env): { id: string; url: string } {
  let id = 'CC-BY-4.0';
  try {
    id = loadConfig(env).dataLicense;
  } catch {
    // A bad setting stops the app at boot; here (tests, the CLI) fall back to the default.
  }
  return { id, url: KNOWN[id] ?? `https://spdx.org/licenses/${encodeURIComponent(id)}.html` };
}
