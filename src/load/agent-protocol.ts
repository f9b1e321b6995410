/**
 * The load agent's messages over a TCP connection: newline-delimited JSON, every line checked by
 * a zod schema, a hello first (tool and message-schema versions) and pings both ways, so either
 * side sees a dead peer within `deadAfterMs`. Only specs and results cross it; all timing stays
 * inside the agent.
 */
import type { Socket } from 'node:net';
import { z } from 'zod';
import { LoadResultSchema, LoadSpecSchema } from './types.js';

/** The version of these messages; both sides must speak the same one. */
export const AGENT_SCHEMA_VERSION = 1;
/** A ping every 5 s; a peer silent for three of them is dead. */
export const HEARTBEAT_MS = 5_000;
export const DEAD_AFTER_HEARTBEATS = 3;
/** A result is a few kB (compressed HDR histograms); anything far larger is not ours. */
const MAX_LINE_BYTES = 4 * 1024 * 1024;

const Hello = z.object({ type: z.literal('hello'), tool: z.literal('meshtax'), toolVersion: z.string(), schemaVersion: z.number().int(), role: z.enum(['harness', 'agent']) }).strict();
const Ping = z.object({ type: z.literal('ping') }).strict();
const Pong = z.object({ type: z.literal('pong') }).strict();

export const ToAgentSchema = z.discriminatedUnion('type', [
  Hello,
  Ping,
  Pong,
  z.object({ type: z.literal('trial'), id: z.number().int(), spec: LoadSpecSchema }).strict(),
  z.object({ type: z.literal('abort') }).strict(),
]);
export const FromAgentSchema = z.discriminatedUnion('type', [
  Hello,
  Ping,
  Pong,
  z.object({ type: z.literal('result'), id: z.number().int(), result: LoadResultSchema }).strict(),
  /** `id` null: about the connection (a refused hello), not a trial. */
  z.object({ type: z.literal('error'), id: z.number().int().nullable(), message: z.string() }).strict(),
]);
export type AgentHello = z.infer<typeof Hello>;
export type ToAgent = z.infer<typeof ToAgentSchema>;
export type FromAgent = z.infer<typeof FromAgentSchema>;

export function hello(role: AgentHello['role'], toolVersion: string): AgentHello {
  return { type: 'hello', tool: 'meshtax', toolVersion, schemaVersion: AGENT_SCHEMA_VERSION, role };
}

/** Why two hellos cannot talk, naming both versions; undefined when they can. */
export function helloMismatch(mine: AgentHello, theirs: AgentHello): string | undefined {
  if (mine.toolVersion === theirs.toolVersion && mine.schemaVersion === theirs.schemaVersion) return undefined;
  return `the ${theirs.role} runs meshtax ${theirs.toolVersion} (agent message schema ${theirs.schemaVersion}), the ${mine.role} meshtax ${mine.toolVersion} (schema ${mine.schemaVersion})`;
}

/** Splits a byte stream into lines; a line over `maxBytes` is an error (a peer that is not ours). */
export function lineSplitter(onLine: (line: string) => void, onTooLong: () => void, maxBytes = MAX_LINE_BYTES): (chunk: Buffer | string) => void {
  let pending = '';
  return (chunk) => {
    pending += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (line.trim() !== '') onLine(line);
      newline = pending.indexOf('\n');
    }
    if (pending.length > maxBytes) {
      pending = '';
      onTooLong();
    }
  };
}

export interface ChannelOptions<In> {
  readonly schema: z.ZodType<In>;
  readonly onMessage: (message: In) => void;
  /** Once, with why: the peer closed, went silent, or sent what is not a message. */
  readonly onClose: (reason: string) => void;
  readonly heartbeatMs?: number;
}

export interface Channel<Out> {
  send(message: Out): void;
  /** Ends the connection; `onClose` gets `reason`. */
  close(reason: string): void;
}

/**
 * One side of the connection: framing, validation, pings (answered here, never seen by
 * `onMessage`) and the dead-peer timer. Any line received counts as a sign of life.
 */
export function openChannel<In extends { type: string }, Out extends { type: string }>(socket: Socket, options: ChannelOptions<In>): Channel<Out> {
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  let closed = false;
  let lastHeardMs = performance.now();
  const close = (reason: string) => {
    if (closed) return;
    closed = true;
    clearInterval(beat);
    socket.destroy();
    options.onClose(reason);
  };
  const write = (message: { type: string }) => {
    if (!closed && socket.writable) socket.write(`${JSON.stringify(message)}\n`);
  };
  const beat = setInterval(() => {
    const silentMs = performance.now() - lastHeardMs;
    if (silentMs > heartbeatMs * DEAD_AFTER_HEARTBEATS) return close(`the peer was silent for ${Math.round(silentMs)} ms (no heartbeat)`);
    write({ type: 'ping' });
  }, heartbeatMs);
  beat.unref();
  const onLine = (line: string) => {
    lastHeardMs = performance.now();
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      return close(`the peer sent a line that is not JSON: ${line.slice(0, 120)}`);
    }
    const parsed = options.schema.safeParse(json);
    if (!parsed.success) return close(`the peer sent a message this side does not know: ${parsed.error.issues[0]?.message ?? ''} in ${line.slice(0, 120)}`);
    if (parsed.data.type === 'ping') return write({ type: 'pong' });
    if (parsed.data.type === 'pong') return;
    options.onMessage(parsed.data);
  };
  socket.on('data', lineSplitter(onLine, () => close('the peer sent a line over the size limit')));
  socket.on('error', (error) => close(`connection error: ${error.message}`));
  socket.on('close', () => close('the peer closed the connection'));
  socket.on('end', () => close('the peer closed the connection'));
  return { send: write, close };
}
