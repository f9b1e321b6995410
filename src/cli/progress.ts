import type { Progress } from '../process/progress.js';

/** Progress on stderr: one line per phase; trials as a rewritten line on a TTY, every 10th otherwise. */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress & { done(): void } {
  const tty = stream.isTTY === true;
  let open = false;
  const clear = () => {
    if (open) stream.write('\n');
    open = false;
  };
  return {
    phase: (message) => {
      clear();
      stream.write(`• ${message}\n`);
    },
    warn: (message) => {
      clear();
      stream.write(`! ${message}\n`);
    },
    trial: (done, total, detail) => {
      const line = `  [${String(done).padStart(String(total).length)}/${total}] ${detail}`;
      if (tty) {
        stream.write(`\r\x1b[2K${line}`);
        open = true;
      } else if (done % 10 === 0 || done === total || detail.includes('INVALID')) {
        stream.write(`${line}\n`);
      }
    },
    done: clear,
  };
}
