/**
 * `meshtax agent --listen …`: the load agent on a client node of its own (a machine, or a pod on
 * the client node pool), reached by the harness over mutual TLS (docs/REMOTE-LOAD-AGENT.md).
 * It serves until SIGTERM/SIGINT or `--max-life-s`, whichever comes first.
 */
import { readFile } from 'node:fs/promises';
import { BadInputError, EnvironmentError, ExitCode } from '../errors.js';
import { serveLoadAgent } from '../load/index.js';
import { TOOL_VERSION } from '../version.js';
import { runCommand, type CommandSpec, type Values } from './command-spec.js';

export const agentSpec: CommandSpec = {
  name: 'agent',
  summary: 'the load agent on a client node of its own, for a harness elsewhere (mutual TLS with the run\'s CA)',
  options: [
    { flags: '--listen <host:port>', description: 'where to listen, e.g. 0.0.0.0:7070' },
    { flags: '--cert <file>', description: 'the agent\'s certificate (PEM), issued by the run\'s CA' },
    { flags: '--key <file>', description: 'its private key (PEM)' },
    { flags: '--ca <file>', description: 'the run\'s CA (PEM): the harness\'s certificate must be signed by it' },
    { flags: '--peer-id <spiffe-id>', description: 'the SPIFFE id the harness\'s certificate must carry' },
    { flags: '--max-life-s <s>', description: 'stop after this many seconds whatever happens', defaultValue: '3600' },
  ],
  details: `One trial at a time; a trial stops when the harness's connection drops and at its own cap
(duration + request timeout + 5 s). All timing stays in the agent; only specs and results cross.
Exit codes: 0 stopped (signal or --max-life-s), 2 bad flags, 3 cannot listen.`,
};

export function agentCommand(argv: readonly string[]): Promise<number> {
  return runCommand(agentSpec, argv, (values) => serve(values));
}

function required(values: Values, flag: string): string {
  const value = values[flag];
  if (typeof value !== 'string' || value === '') throw new BadInputError(`meshtax agent needs --${flag}.`);
  return value;
}

export function parseListen(text: string): { host: string; port: number } {
  const match = /^(.+):(\d{1,5})$/.exec(text);
  const port = Number(match?.[2]);
  if (!match || port > 65_535) throw new BadInputError(`--listen must be host:port (e.g. 0.0.0.0:7070; port 0: any free one), got "${text}".`);
  return { host: match[1]!.replace(/^\[(.*)\]$/, '$1'), port };
}

async function serve(values: Values): Promise<number> {
  const { host, port } = parseListen(required(values, 'listen'));
  const maxLifeS = Number(values['max-life-s']);
  if (!Number.isFinite(maxLifeS) || maxLifeS <= 0) throw new BadInputError(`--max-life-s must be a positive number of seconds, got "${String(values['max-life-s'])}".`);
  const read = (flag: string) => readFile(required(values, flag), 'utf8').catch((error: Error) => Promise.reject(new BadInputError(`--${flag}: ${error.message}`)));
  const tls = { cert: await read('cert'), key: await read('key'), ca: await read('ca'), peerId: required(values, 'peer-id') };
  const log = (line: string) => void process.stderr.write(`meshtax agent: ${line}\n`);
  const server = await serveLoadAgent({ host, port, tls, toolVersion: TOOL_VERSION, log }).catch((error: Error) => Promise.reject(new EnvironmentError(`meshtax agent cannot listen on ${host}:${port}: ${error.message}`)));
  process.stdout.write(`meshtax agent ${TOOL_VERSION} listening on ${server.address.address}:${server.address.port}, for ${tls.peerId}\n`);
  const why = await new Promise<string>((resolve) => {
    const signals = ['SIGTERM', 'SIGINT'] as const;
    const stop = (reason: string) => {
      clearTimeout(timer);
      for (const signal of signals) process.off(signal, onSignal);
      resolve(reason);
    };
    const onSignal = (signal: NodeJS.Signals) => stop(signal);
    const timer = setTimeout(() => stop(`--max-life-s ${maxLifeS} reached`), maxLifeS * 1000);
    for (const signal of signals) process.on(signal, onSignal);
  });
  log(`stopping (${why})`);
  await server.close();
  return ExitCode.ok;
}
