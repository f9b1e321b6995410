import type { NodeReader } from './node-reader.js';

/**
 * A node's files read by a small reader process on that node, spoken to in newline-delimited JSON
 * over its stdin/stdout, one process kept open for the run (on Kubernetes: `kubectl exec -i` into
 * the node's probe pod). One request per read, answered in order; a read costs a round trip over
 * the open stream, not a process start (an exec per sample would cost a kubectl start, ~0.1 s of
 * CPU, twice a second per node).
 *
 * The reader is `NODE_READER_PROGRAM`, run with `node -e` (the app image has node and nothing
 * else, not even `cat`). It answers a `ready` line first, then `{id, text}` / `{id, entries}` /
 * `{id, error, code}` per request; error codes (ENOENT, ESRCH) come back on the thrown error, so
 * the probes tell a gone process from a failure as they do locally.
 */
export const NODE_READER_PROGRAM = [
  "const fs=require('fs');let buf='';",
  "const answer=(r)=>process.stdout.write(JSON.stringify(r)+'\\n');",
  "const serve=(q)=>{try{return q.op==='list'?{id:q.id,entries:fs.readdirSync(q.path)}:{id:q.id,text:fs.readFileSync(q.path,'utf8')}}catch(e){return{id:q.id,error:String(e&&e.message),code:e&&e.code}}};",
  "process.stdin.setEncoding('utf8');",
  "process.stdin.on('data',(c)=>{buf+=c;let i;while((i=buf.indexOf('\\n'))>=0){const line=buf.slice(0,i);buf=buf.slice(i+1);let q;try{q=JSON.parse(line)}catch{continue}answer(serve(q))}});",
  "process.stdin.on('end',()=>process.exit(0));",
  "answer({ready:true});",
].join('');

/** The reader's end of the conversation: send a line, get each line it writes. */
export interface ReaderStream {
  send(line: string): void;
  /** Registers the line handler; called once, before the first request. */
  onLine(handler: (line: string) => void): void;
  /** Ends the reader process. */
  end(): Promise<void>;
}

export interface StreamNodeReaderOptions {
  readonly where: string;
  readonly stream: ReaderStream;
  /** Node path → the path the reader process sees (e.g. under the pod's /host mounts). */
  readonly translate?: (nodePath: string) => string;
  /** How long one answer may take (default 5 s). */
  readonly answerTimeoutMs?: number;
  /** How long the reader may take to say it is ready (default 30 s). */
  readonly readyTimeoutMs?: number;
}

interface Answer {
  readonly id?: number;
  readonly ready?: boolean;
  readonly text?: string;
  readonly entries?: string[];
  readonly error?: string;
  readonly code?: string;
}

/** Resolves once the reader said it is ready; rejects when it does not within the timeout. */
export async function openStreamNodeReader(options: StreamNodeReaderOptions): Promise<NodeReader> {
  const pending = new Map<number, { resolve: (a: Answer) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  const translate = options.translate ?? ((p: string) => p);
  const answerTimeoutMs = options.answerTimeoutMs ?? 5_000;
  let nextId = 1;
  let closed = false;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  options.stream.onLine((line) => {
    let answer: Answer;
    try {
      answer = JSON.parse(line) as Answer;
    } catch {
      return;
    }
    if (answer.ready === true) return markReady();
    const waiting = answer.id === undefined ? undefined : pending.get(answer.id);
    if (waiting === undefined || answer.id === undefined) return;
    pending.delete(answer.id);
    clearTimeout(waiting.timer);
    waiting.resolve(answer);
  });
  await withTimeout(ready, options.readyTimeoutMs ?? 30_000, `the node reader (${options.where}) did not start`);

  const ask = (op: 'read' | 'list', nodePath: string): Promise<Answer> => {
    if (closed) return Promise.reject(new Error(`the node reader (${options.where}) is closed`));
    const id = nextId++;
    const path = translate(nodePath);
    return new Promise<Answer>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`the node reader (${options.where}) did not answer for ${path} within ${answerTimeoutMs} ms`));
      }, answerTimeoutMs);
      timer.unref();
      pending.set(id, { resolve, reject, timer });
      options.stream.send(`${JSON.stringify({ id, op, path })}\n`);
    }).then((answer) => {
      if (answer.error === undefined) return answer;
      throw Object.assign(new Error(`${path} on ${options.where}: ${answer.error}`), answer.code ? { code: answer.code } : {});
    });
  };

  return {
    where: options.where,
    read: async (nodePath) => (await ask('read', nodePath)).text ?? '',
    list: async (dir) => (await ask('list', dir)).entries ?? [],
    async close() {
      closed = true;
      for (const [id, waiting] of pending) {
        clearTimeout(waiting.timer);
        waiting.reject(new Error(`the node reader (${options.where}) was closed`));
        pending.delete(id);
      }
      await options.stream.end();
    },
  };
}

async function withTimeout(work: Promise<void>, ms: number, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Node paths as a pod sees them when the node's /proc is mounted at `<root>/proc` and its cgroup
 * filesystems at `<root>/sys/fs/cgroup`: `/proc/self/…` is the reader's own process, so the node's
 * mount table is taken from its init (`/proc/1/mountinfo`, the node's pid 1 in the node's /proc).
 */
export function hostMountTranslation(root: string): (nodePath: string) => string {
  return (nodePath) => {
    if (nodePath.startsWith('/proc/self/')) return `${root}/proc/1/${nodePath.slice('/proc/self/'.length)}`;
    if (nodePath === '/proc' || nodePath.startsWith('/proc/')) return `${root}${nodePath}`;
    if (nodePath === '/sys/fs/cgroup' || nodePath.startsWith('/sys/fs/cgroup/')) return `${root}${nodePath}`;
    return nodePath;
  };
}
