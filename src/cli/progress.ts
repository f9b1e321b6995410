/**
 * Progress on stderr. On a terminal: a bar with elapsed time, ETA and the count of dropped
 * trials, phases and dropped trials printed above it so they stay visible. In CI (`CI` set) or
 * without a terminal: plain lines — every 10th trial and every dropped one, with elapsed and ETA.
 * No colours are used, so NO_COLOR holds by construction.
 */
import cliProgress from 'cli-progress';
import type { Progress } from '../process/index.js';

export type TerminalProgress = Progress & { done(): void };

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): TerminalProgress {
  const interactive = stream.isTTY === true && !env.CI;
  return interactive ? barProgress(stream) : lineProgress(stream);
}

/** A trial left invalid (one being run again is not dropped yet). */
const isDropped = (detail: string) => detail.includes('INVALID') && !detail.includes('running it again');

function barProgress(stream: NodeJS.WriteStream): TerminalProgress {
  const bars = new cliProgress.MultiBar(
    {
      stream,
      format: '  {bar} {value}/{total} trials | {duration_formatted} elapsed | ETA {eta_formatted} | dropped {dropped}',
      barsize: 24,
      hideCursor: false,
      clearOnComplete: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  let bar: cliProgress.SingleBar | undefined;
  let dropped = 0;
  // Before the bar exists, lines go straight out; after, through the bar so it redraws below them.
  const log = (line: string) => (bar === undefined ? void stream.write(`${line}\n`) : bars.log(`${line}\n`));
  return {
    phase: (message) => log(`• ${message}`),
    warn: (message) => log(`! ${message}`),
    trial: (done, total, detail) => {
      if (isDropped(detail)) {
        dropped += 1;
        log(`  [${done}/${total}] ${detail}`);
      }
      bar ??= bars.create(total, 0, { dropped });
      bar.setTotal(total);
      bar.update(done, { dropped });
      bars.update(); // flushes the lines logged above the bar now, not at the next tick
    },
    done: () => {
      bars.update();
      bars.stop();
    },
  };
}

function lineProgress(stream: NodeJS.WriteStream): TerminalProgress {
  const startedMs = Date.now();
  let dropped = 0;
  return {
    phase: (message) => void stream.write(`• ${message}\n`),
    warn: (message) => void stream.write(`! ${message}\n`),
    trial: (done, total, detail) => {
      if (isDropped(detail)) dropped += 1;
      if (done % 10 !== 0 && done !== total && !isDropped(detail)) return;
      const elapsedS = (Date.now() - startedMs) / 1000;
      const etaS = done > 0 ? (elapsedS / done) * (total - done) : Number.NaN;
      stream.write(`  [${String(done).padStart(String(total).length)}/${total}] ${detail} (${clock(elapsedS)} elapsed, ETA ${clock(etaS)}, ${dropped} dropped)\n`);
    },
    done: () => {},
  };
}

/** `1m05s`, `42s`, `?`. */
function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}
