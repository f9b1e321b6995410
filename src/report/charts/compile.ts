import { compile, type TopLevelSpec } from 'vega-lite';

type Logger = NonNullable<NonNullable<Parameters<typeof compile>[1]>['logger']>;

/** Vega-Lite compiled to a Vega spec: what the HTML page and the Node renderer run. */
export function toVega(spec: TopLevelSpec, logger?: Logger) {
  return compile(spec, logger === undefined ? {} : { logger }).spec;
}

/** A vega-lite logger that keeps warnings and errors (for tests: a chart should compile cleanly). */
export function collectingLogger(): Logger & { readonly messages: string[] } {
  const messages: string[] = [];
  let current = 2;
  const logger = {
    messages,
    level(level?: number) {
      if (level !== undefined) current = level;
      return level === undefined ? current : logger;
    },
    error: (...args: readonly unknown[]) => (messages.push(`error: ${args.join(' ')}`), logger),
    warn: (...args: readonly unknown[]) => (messages.push(`warn: ${args.join(' ')}`), logger),
    info: () => logger,
    debug: () => logger,
  };
  return logger as Logger & { readonly messages: string[] };
}
