/** How a meshtax entry point ends: the exit code, or the error printed once with its hint. */
import { ExitCode, isMeshtaxError } from '../errors.js';

export function exitWith(code: Promise<number>): void {
  code.then(
    (value) => process.exit(value),
    (error: unknown) => {
      if (isMeshtaxError(error)) {
        process.stderr.write(`\nmeshtax: ${error.message}\n${error.hint ? `  → ${error.hint}\n` : ''}`);
        process.exit(error.exitCode);
      }
      process.stderr.write(`\nmeshtax: unexpected error — this is a bug in meshtax:\n${(error as Error).stack ?? String(error)}\n`);
      process.exit(ExitCode.environment);
    },
  );
}
