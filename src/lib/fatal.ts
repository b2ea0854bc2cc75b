/** Stops the process with one clear line (never a stack trace) and a non-zero exit. */
export function failAndExit(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`abierto: ${message.split('\n')[0]}\n`);
  if (process.env.ABIERTO_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exit(1);
}
