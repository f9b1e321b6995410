import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { agentCommand, AGENT_NODE_FLAGS } from './agent-client.js';

describe('the load agent’s command', () => {
  it('keeps GC off the hot path: a large young generation and gc() between trials', () => {
    const command = agentCommand(undefined);
    expect(command.file).toBe(process.execPath);
    expect(command.args.slice(0, AGENT_NODE_FLAGS.length)).toEqual(['--expose-gc', '--min-semi-space-size=64', '--max-semi-space-size=64']);
  });

  it('runs node under chrt at SCHED_FIFO 1 where the probe allows it, else as usual, with the same arguments', async () => {
    const plain = agentCommand(undefined);
    const realTime = agentCommand('/usr/bin/chrt');
    expect(realTime.file).toBe('sh');
    expect(realTime.args.slice(3)).toEqual(['/usr/bin/chrt', plain.file, ...plain.args]);
    // The script with stand-ins: a chrt that refuses runs the command plainly; one that allows runs it through chrt.
    const run = (chrt: string) => execa(realTime.file, [...realTime.args.slice(0, 3), chrt, 'echo', 'agent'], { reject: false });
    expect((await run('false')).stdout).toBe('agent');
    expect((await run('echo')).stdout).toBe('-f 1 echo agent');
  });
});
