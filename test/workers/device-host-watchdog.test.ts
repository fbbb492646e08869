/**
 * The device host never outlives its parent, even while a kernel blocks its event loop (where the IPC
 * 'disconnect' event cannot be delivered): a real parent process starts a real host, the host spins in a
 * kernel, the parent is SIGKILLed, and the host must be gone within a few seconds.
 */
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.ts';
import { isRunning, killAll, survivorsAfter, waitUntilBusy } from './process-tree.ts';

const DEVICE_HOST = new URL('../../src/pool/device-host.ts', import.meta.url).href;
const FIXTURES = new URL('../fixtures/kernels/misbehaving.ts', import.meta.url).href;

/** A parent that starts a device host, prints its pid, and has it run a kernel that never returns. */
const PARENT = `
import { createDeviceHost } from ${JSON.stringify(DEVICE_HOST)};
const host = createDeviceHost();
await host.probe('cpu');
process.stdout.write(host.pid() + '\\n');
void host.run({
  type: 'run-kernel', kernel: 'fixture-hangs', size: { n: 4 }, backend: 'cpu', seed: 1,
  timing: { warmupRuns: 0, minSamples: 1, minTimeMs: 0, maxTimeMs: 10 },
  kernelModules: [${JSON.stringify(FIXTURES)}],
}, 600_000);
`;

const leftovers: number[] = [];
afterEach(() => killAll(leftovers.splice(0)));

describe('device host watchdog', () => {
  it('a host spinning in a kernel exits within seconds of its parent being SIGKILLed', async () => {
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', PARENT], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    leftovers.push(parent.pid!);
    const hostPid = await new Promise<number>((resolve, reject) => {
      let out = '';
      parent.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(Number(out.trim()));
      });
      parent.once('exit', (code) => reject(new Error(`parent exited (${code}) before the host started`)));
    });
    leftovers.push(hostPid);
    // The host is spinning in the kernel once it has used half a second more CPU.
    await waitUntilBusy(hostPid, 50, 20_000);
    expect(isRunning(hostPid)).toBe(true);
    parent.kill('SIGKILL');
    expect(await survivorsAfter([hostPid], 5000)).toEqual([]);
  }, 60_000);
});
