#!/usr/bin/env node
// `npm start` (server) and `npm run abierto` (cli): compile src/ into dist/ when it changed since the
// last build, then run the compiled entry point in this same process.
import { ensureBuilt } from './build.mjs';

const entry = process.argv[2];
if (entry !== 'server' && entry !== 'cli') {
  console.error('usage: node scripts/start.mjs server|cli [arguments]');
  process.exit(2);
}
process.argv.splice(2, 1); // the entry point sees its own arguments only
try {
  await ensureBuilt();
} catch (error) {
  console.error(`abierto: cannot compile the app: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
await import(entry === 'server' ? '../dist/server.js' : '../dist/cli.js');
