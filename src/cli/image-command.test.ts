/**
 * `meshtax image build`'s refusals, before anything is built: bad usage is exit 2, a machine
 * without buildah exit 3 with how to install it. (The build and push themselves are in
 * test/image-build.test.ts, against real buildah.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode, isMeshtaxError } from '../errors.js';
import { imageCommand } from './image.js';

const run = async (argv: string[]) => {
  let out = '';
  try {
    return { code: await imageCommand(argv, { stdout: (t) => void (out += t), stderr: (t) => void (out += t) }), out, error: undefined };
  } catch (error) {
    if (!isMeshtaxError(error)) throw error;
    return { code: error.exitCode, out, error };
  }
};

const savedBuildah = process.env.BUILDAH;
afterEach(() => {
  if (savedBuildah === undefined) delete process.env.BUILDAH;
  else process.env.BUILDAH = savedBuildah;
});

describe('meshtax image build refuses what it cannot do', () => {
  it('an action other than build, or a prefix that does not end in "/", is bad usage', async () => {
    expect((await run(['pull'])).code).toBe(ExitCode.badInput);
    const prefix = await run(['build', '--image-prefix', 'registry.example.com/team']);
    expect(prefix.code).toBe(ExitCode.badInput);
    expect(prefix.error?.message).toMatch(/must end in "\/"/);
    expect((await run(['build', '--image-prefix', 'Registry Example/'])).code).toBe(ExitCode.badInput);
  });

  it('--push without a registry, or a --tls-verify that is not a boolean, is bad usage', async () => {
    const push = await run(['build', '--push']);
    expect(push.code).toBe(ExitCode.badInput);
    expect(push.error?.message).toMatch(/--push needs a registry/);
    expect((await run(['build', '--image-prefix', '127.0.0.1:5000/t/', '--tls-verify', 'no'])).code).toBe(ExitCode.badInput);
  });

  it('without buildah it exits 3 and says how to install it', async () => {
    process.env.BUILDAH = '/nonexistent/buildah';
    const missing = await run(['build', '--image-prefix', 'registry.example.com/team/']);
    expect(missing.code).toBe(ExitCode.environment);
    expect(missing.error?.message).toMatch(/buildah was not found \(BUILDAH=\/nonexistent\/buildah does not exist\)/);
    expect(missing.error?.hint).toMatch(/apt-get install buildah/);
  });

  it('--help names the action, the prefix and the push', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(ExitCode.ok);
    expect(help.out).toMatch(/--image-prefix[\s\S]*--push[\s\S]*imagePullPolicy/);
  });
});
