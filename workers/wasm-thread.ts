/**
 * A helper thread of a wasm-simd team (src/pool/wasm-team.ts): it waits on the shared control block, takes
 * each new call's setup from its port, and runs its part of every call.
 * @module
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { COMMAND, CONTROL, type TeamSetup, type TeamWorkerData } from '../src/pool/wasm-team.ts';

const { control: buffer, port } = workerData as TeamWorkerData;
const control = new Int32Array(buffer);
let seen = Atomics.load(control, CONTROL.GENERATION);
let call: (() => void) | null = null;

/** This thread is done with the current command (or, the first time, has started). */
function done(): void {
  if (Atomics.sub(control, CONTROL.PENDING, 1) === 1) Atomics.notify(control, CONTROL.PENDING);
}

done();
parentPort?.postMessage('ready');

for (;;) {
  Atomics.wait(control, CONTROL.GENERATION, seen);
  const generation = Atomics.load(control, CONTROL.GENERATION);
  if (generation === seen) continue;
  seen = generation;
  const command = Atomics.load(control, CONTROL.COMMAND);
  if (command === COMMAND.EXIT) break;
  try {
    if (command === COMMAND.SETUP) {
      const message = receiveMessageOnPort(port);
      if (message === undefined) throw new Error('wasm-thread: setup without a message');
      const setup = message.message as TeamSetup;
      const instance = new WebAssembly.Instance(setup.module, { env: { memory: setup.memory } });
      const fn = instance.exports[setup.name] as (...args: number[]) => void;
      const args = [...setup.args, setup.part, setup.parts];
      call = () => fn(...args);
    } else if (command === COMMAND.RUN) {
      call?.();
    }
  } catch {
    Atomics.store(control, CONTROL.FAILED, 1);
  }
  done();
}
port.close();
