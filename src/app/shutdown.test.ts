// SIGTERM ends the app cleanly (exit 0), even with an idle keep-alive connection open.
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { nodeCommand } from '../process/index.js';
import { APP_SERVER_ENTRY } from './index.js';
import { processExists, startApp } from './testing/app-process.js';

describe('app shutdown', () => {
  it('exits 0 on SIGTERM with a kept-alive connection open, and leaves no process', async () => {
    const app = await startApp({ version: 'v1' });
    const agent = new http.Agent({ keepAlive: true });
    try {
      await new Promise<void>((resolve, reject) => {
        http.get({ host: '127.0.0.1', port: app.ready.httpPort, path: '/', agent }, (res) => {
          res.resume();
          res.on('end', resolve);
        }).on('error', reject);
      });
      const started = Date.now();
      const result = await app.stop();
      expect(result.exitCode).toBe(0);
      expect(result.signal).toBeUndefined();
      expect(Date.now() - started).toBeLessThan(10_000); // the 2 s drain, then exit — not a speed goal
      expect(result.stdout).toMatch(/^READY \{[^\n]*\}$/); // one line, nothing else on stdout
      expect(processExists(app.ready.pid)).toBe(false);
    } finally {
      agent.destroy();
      app.subprocess.kill('SIGKILL');
    }
  });

  it('exits 0 on SIGINT too', async () => {
    const app = await startApp({ version: 'v2', grpcPort: null });
    app.subprocess.kill('SIGINT');
    const result = await app.subprocess;
    expect(result.exitCode).toBe(0);
    expect(processExists(app.ready.pid)).toBe(false);
  });

  it('exits 2 with a clear message on a bad flag', async () => {
    const result = await execa(process.execPath, nodeCommand(APP_SERVER_ENTRY, ['--http-port', '-3']).args, {
      reject: false,
      timeout: 30_000,
    });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/--http-port must be an integer from 0 to 65535, got -3/);
  });

  it('exits 3 with the address when its port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const result = await execa(process.execPath, nodeCommand(APP_SERVER_ENTRY, ['--http-port', String(port)]).args, {
        reject: false,
        timeout: 30_000,
      });
      expect(result.exitCode).toBe(3);
      expect(result.stderr).toContain(`cannot listen for HTTP on 127.0.0.1:${port}`);
    } finally {
      blocker.close();
    }
  });
});
