// The timeline of a fault run: named phases over the load, what each phase's requests were
// answered, and how long writing took to come back after each fault.
import { isSuccess } from './http-client.js';
import { tally, type GiftOutcome, type RunningLoad } from './gift-load.js';

export interface Phase {
  name: string;
  startMs: number;
  endMs: number;
  /** Seconds from the start of the fault until a gift sent after its repair was answered 2xx. */
  recoverySeconds: number | undefined;
}

export class Timeline {
  readonly phases: Phase[] = [];

  constructor(private readonly load: RunningLoad) {}

  /**
   * Runs `fault` (which breaks and repairs something), then waits until gifts are answered 2xx
   * again (at most `recoveryMaxMs`), then lets the load run `settleMs` more.
   */
  async phase(name: string, fault: () => Promise<void>, options: { recoveryMaxMs: number; settleMs: number }): Promise<Phase> {
    const startMs = this.load.elapsedMs();
    await fault();
    const repairedMs = this.load.elapsedMs();
    let recoverySeconds: number | undefined;
    const deadline = performance.now() + options.recoveryMaxMs;
    while (performance.now() < deadline) {
      // A gift sent after the repair and answered 2xx: writing works again.
      if (this.load.successesSince(repairedMs) > 0) {
        recoverySeconds = (this.load.elapsedMs() - startMs) / 1000;
        break;
      }
      await sleep(100);
    }
    await sleep(options.settleMs);
    const phase = { name, startMs, endMs: this.load.elapsedMs(), recoverySeconds };
    this.phases.push(phase);
    return phase;
  }

  /** One line per phase: its length, recovery and the answers to the gifts sent in it. */
  report(outcomes: readonly GiftOutcome[]): string[] {
    return this.phases.map((phase) => {
      const inPhase = outcomes.filter((outcome) => outcome.sentAtMs >= phase.startMs && outcome.sentAtMs < phase.endMs);
      const answered = inPhase.filter((outcome) => isSuccess(outcome.first)).length;
      return `${phase.name}: ${((phase.endMs - phase.startMs) / 1000).toFixed(1)} s, ${inPhase.length} gifts sent, ${answered} 2xx; writes back after ${phase.recoverySeconds === undefined ? 'never' : `${phase.recoverySeconds.toFixed(1)} s`}; answers ${JSON.stringify(tally(inPhase.map((outcome) => outcome.first)))}`;
    });
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
