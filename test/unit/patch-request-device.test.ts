/**
 * `patchRequestDevice` against a stand-in for the dawn.node builds that refuse a function assigned to
 * `GPUDevice.onuncapturederror` ("object is not of the correct interface type"; the webgpu 0.6.2 build on
 * this machine accepts it, see test/workers/dawn-uncaptured-error.test.ts for the real one). The stand-in
 * models dawn's behaviour, not ours: an accessor on the prototype that throws for a function, and
 * uncaptured errors dispatched as 'uncapturederror' events through EventTarget.
 */
import { describe, expect, it } from 'vitest';
import { patchRequestDevice } from '../../src/gpu/acquire.ts';

/** A device as such a dawn.node build makes it. */
class RefusingDevice extends EventTarget {
  get onuncapturederror(): unknown {
    return null;
  }
  set onuncapturederror(value: unknown) {
    if (typeof value === 'function') throw new TypeError('object is not of the correct interface type');
  }
  /** What dawn does when a call fails validation and no error scope catches it. */
  fail(message: string): void {
    const event = new Event('uncapturederror') as Event & { error: { message: string } };
    event.error = { message };
    this.dispatchEvent(event);
  }
}

/** A fresh adapter class per test, so that each patch starts from dawn's own `requestDevice`. */
function adapterClass() {
  return class {
    async requestDevice(): Promise<GPUDevice> {
      return new RefusingDevice() as unknown as GPUDevice;
    }
  };
}

type Handler = (event: { error: { message: string } }) => void;

describe('patchRequestDevice', () => {
  it('the stand-in refuses a function handler, as dawn.node did', async () => {
    const device = await new (adapterClass())().requestDevice();
    expect(() => {
      (device as unknown as { onuncapturederror: Handler }).onuncapturederror = () => undefined;
    }).toThrow(/not of the correct interface type/);
  });

  it('lets gpu.js assign its handler and forwards each uncaptured error to it once', async () => {
    const Adapter = adapterClass();
    patchRequestDevice(Adapter.prototype);
    patchRequestDevice(Adapter.prototype); // patching twice changes nothing
    const device = (await new Adapter().requestDevice()) as unknown as RefusingDevice & {
      onuncapturederror: Handler | null;
    };
    const seen: string[] = [];
    device.onuncapturederror = (event) => seen.push(event.error.message);
    expect(typeof device.onuncapturederror).toBe('function');
    device.fail('Buffer usages (MapRead|Storage) is invalid');
    expect(seen).toEqual(['Buffer usages (MapRead|Storage) is invalid']);
  });

  it('a handler replaced or cleared is the one (or none) called', async () => {
    const Adapter = adapterClass();
    patchRequestDevice(Adapter.prototype);
    const device = (await new Adapter().requestDevice()) as unknown as RefusingDevice & {
      onuncapturederror: Handler | null;
    };
    const seen: string[] = [];
    device.onuncapturederror = () => seen.push('first');
    device.onuncapturederror = () => seen.push('second');
    device.fail('one');
    device.onuncapturederror = null;
    device.fail('two');
    expect(seen).toEqual(['second']);
  });
});
