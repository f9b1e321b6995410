/**
 * The kinds of failure a user can act on, each mapped to an exit code by the CLI.
 * Every message says what went wrong and, through `hint`, what to do next.
 */
export const ExitCode = {
  ok: 0,
  overBudget: 1,
  badInput: 2,
  environment: 3,
  /** Ctrl-C / SIGTERM, by the shell's convention (128 + SIGINT). */
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

abstract class MeshtaxError extends Error {
  abstract readonly exitCode: ExitCode;
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad usage or input: unknown scenario, invalid config, malformed Istio YAML. Exit 2. */
export class BadInputError extends MeshtaxError {
  readonly exitCode = ExitCode.badInput;
}

/** The machine cannot run it: Envoy missing, no root for namespaces, a port in use. Exit 3. */
export class EnvironmentError extends MeshtaxError {
  readonly exitCode = ExitCode.environment;
}

/** A child the run started (Envoy, an app, the load agent) died or misbehaved mid-run. Exit 3. */
export class ChildDiedError extends MeshtaxError {
  readonly exitCode = ExitCode.environment;
}

/** The user stopped the run (Ctrl-C, SIGTERM). What was measured is kept, marked partial. Exit 130. */
export class InterruptedError extends MeshtaxError {
  readonly exitCode = ExitCode.interrupted;
  constructor(signal: string) {
    super(`Interrupted by ${signal}.`, 'What was measured before the interruption is kept in the result, marked partial.');
  }
}

export function isMeshtaxError(error: unknown): error is MeshtaxError {
  return error instanceof MeshtaxError;
}
