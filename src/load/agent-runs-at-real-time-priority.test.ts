import { describe, expect, it } from 'vitest';
import { agentCommand, AGENT_NODE_FLAGS } from './agent-client.js';

describe('the load agent’s command', () => {
  it('keeps GC off the hot path: a large young generation and gc() between trials', () => {
    const command = agentCommand(undefined);
    expect(command.file).toBe(process.execPath);
    expect(command.args.slice(0, AGENT_NODE_FLAGS.length)).toEqual(['--expose-gc', '--min-semi-space-size=64', '--max-semi-space-size=64']);
  });

  it('runs node under chrt at SCHED_FIFO 1 when given chrt, with the same arguments', () => {
    const plain = agentCommand(undefined);
    const realTime = agentCommand('/usr/bin/chrt');
    expect(realTime).toEqual({ file: '/usr/bin/chrt', args: ['-f', '1', plain.file, ...plain.args] });
  });
});
