/** What a long run tells its user while it works; the CLI prints it to stderr, tests collect it. */
export interface Progress {
  phase(message: string): void;
  trial(done: number, total: number, detail: string): void;
  warn(message: string): void;
}

export const silentProgress: Progress = { phase: () => {}, trial: () => {}, warn: () => {} };
