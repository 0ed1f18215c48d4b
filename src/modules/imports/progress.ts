// A progress bar for long imports on stderr. On a terminal it redraws one line; in a log (not a TTY) it
// prints a line every 10 % so CI logs and `nohup` files stay readable.
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressBar {
  update(state: { rowsDone: number; bytesDone: number; sizeBytes: number }): void;
  done(): void;
}

const formatInt = (n: number) => Math.round(n).toLocaleString('en-US');

export function progressBar(
  stream: ProgressStream,
  label: string,
  now: () => number = Date.now,
): ProgressBar {
  const started = now();
  let lastDecile = -1;
  let drawn = false;
  return {
    update({ rowsDone, bytesDone, sizeBytes }) {
      const fraction = sizeBytes > 0 ? Math.min(1, bytesDone / sizeBytes) : 1;
      const seconds = Math.max(0.001, (now() - started) / 1000);
      const rate = rowsDone / seconds;
      const text = `${(fraction * 100).toFixed(1).padStart(5)}%  ${formatInt(rowsDone)} rows  ${formatInt(rate)} rows/s`;
      if (stream.isTTY) {
        const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - text.length - label.length - 6));
        const filled = Math.round(fraction * width);
        stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${text}`);
        drawn = true;
      } else {
        const decile = Math.floor(fraction * 10);
        if (decile > lastDecile) {
          lastDecile = decile;
          stream.write(`${label} ${text}\n`);
        }
      }
    },
    done() {
      if (drawn) stream.write('\n');
    },
  };
}
