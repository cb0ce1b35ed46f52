// A progress bar on stderr for long work (reseal, export, verify, sweep), shown only when a person
// watches a terminal; in scripts and logs only the final counts are printed. cli-progress draws it.
import cliProgress from 'cli-progress';
import type { OutputStream } from './cli-io.js';

export interface Progress {
  /** Sets the count done so far (and the total, when it became known later). */
  update(done: number, total?: number): void;
  stop(): void;
}

const silent: Progress = { update: () => {}, stop: () => {} };

export function startProgress(stream: OutputStream, label: string, total: number): Progress {
  if (stream.isTTY !== true || total <= 0) return silent;
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as NodeJS.WritableStream,
      format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`,
      // Redraw at most every 100 ms: a bar must not cost more than the work it shows.
      fps: 10,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    update: (done, newTotal) => {
      if (newTotal !== undefined) bar.setTotal(newTotal);
      bar.update(done);
    },
    stop: () => bar.stop(),
  };
}
