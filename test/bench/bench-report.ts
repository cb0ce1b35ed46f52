// Prints benchmark figures as JSON lines and the method as `#` lines, with the statistics they need.
import os from 'node:os';

/** A target a median is held to: at least (`min`) or at most (`max`) a value. */
export interface Target {
  kind: 'min' | 'max';
  value: number;
}

export function method(text: string): void {
  for (const line of text.split('\n')) console.log(`# ${line}`);
}

/** One figure, one line: `{"bench": …, "value": …, "unit": …}` and any qualifiers after them. */
export function figure(bench: string, value: number, unit: string, extra: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ bench, value: rounded(value), unit, ...extra }));
}

export function rounded(value: number): number {
  if (Math.abs(value) >= 100) return Math.round(value);
  if (Math.abs(value) >= 1) return Math.round(value * 100) / 100;
  return Math.round(value * 10_000) / 10_000;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('assertion: the median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The nearest-rank percentile `p` (0 < p <= 100) of values sorted ascending. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('assertion: the percentile of no values');
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export function met(value: number, target: Target): boolean {
  return target.kind === 'min' ? value >= target.value : value <= target.value;
}

export function targetText(target: Target): string {
  return `${target.kind === 'min' ? '>=' : '<='} ${target.value}`;
}

/**
 * Runs a scenario `runs` times, prints each run's figure, then the median with its target.
 * `run` returns the figure of one run.
 */
export async function repeat(
  bench: string,
  unit: string,
  runs: number,
  target: Target | undefined,
  run: (index: number) => Promise<number>,
): Promise<number> {
  const values: number[] = [];
  for (let index = 1; index <= runs; index += 1) {
    const value = await run(index);
    values.push(value);
    figure(bench, value, unit, { run: index });
  }
  const middle = median(values);
  figure(bench, middle, unit, {
    run: 'median',
    runs: values.map(rounded),
    ...(target === undefined ? {} : { target: targetText(target), met: met(middle, target) }),
  });
  return middle;
}

export function seconds(startMs: number): number {
  return (performance.now() - startMs) / 1000;
}

/** Other work on the machine shows in the figures, so each run says how busy the machine was. */
export function machineLoad(): string {
  return `load average ${os
    .loadavg()
    .map((value) => value.toFixed(1))
    .join(' ')} on ${os.cpus().length} CPUs`;
}
