import type { OpenDatabase } from '../db/client.js';
import type { Locale } from './levels.js';

/** What a CLI command gets: the language of messages, the database, and where to write. */
export interface CliContext {
  locale: Locale;
  /** Opens the database the app uses (same settings), migrated, with the demo on an empty one. */
  database: () => Promise<OpenDatabase>;
  out: (text: string) => void;
  err: (text: string) => void;
}

