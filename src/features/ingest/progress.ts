/** Where a progress bar is drawn: stderr, and only when it is a terminal. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): boolean;
}

export interface Progress {
  /** `fraction` 0…1 and what is being done. */
  update(fraction: number, label: string): void;
  done(): void;
}

const SILENT: Progress = { update: () => {}, done: () => {} };

/**
 * A one-line progress bar on a terminal's stderr (`[#####-----]  50% storing`); nothing at all
 * when stderr is a file or a pipe, so that scripts and `--json` output stay clean.
 */
export function progressBar(stream: ProgressStream = process.stderr): Progress {
  if (!stream.isTTY) return SILENT;
  let drawn = false;
  return {
    update(fraction, label) {
      const f = Math.max(0, Math.min(1, fraction));
      const width = 24;
      const full = Math.round(f * width);
      const line = `[${'#'.repeat(full)}${'-'.repeat(width - full)}] ${String(Math.round(f * 100)).padStart(3)}% ${label}`;
      stream.write(`\r\x1b[2K${line.slice(0, (stream.columns ?? 80) - 1)}`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
