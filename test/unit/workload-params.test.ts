/** Workload parameters: parsed once at the boundary, bounded, and looked up without Object.prototype. */
import { describe, expect, it } from 'vitest';
import { type ParamSpec, parseBytes, parseParam, parseParams } from '../../src/workloads/params.ts';

const bytes: ParamSpec = { key: 'bytes', flag: '--bytes', description: 'size', kind: 'bytes' };
const tpot: ParamSpec = {
  key: 'targetTpotMs',
  flag: '--target-tpot-ms',
  description: 'target',
  kind: 'number',
  default: 0,
  min: 0,
};

describe('sizes', () => {
  it('parse decimal and binary units', () => {
    expect(parseBytes('16MB')).toBe(16e6);
    expect(parseBytes('8GiB')).toBe(8 * 2 ** 30);
  });

  it.each(['1constructor', '1tostring', '1valueof', '2hasownproperty'])('"%s" is not a unit', (raw) => {
    expect(parseBytes(raw)).toBeNaN();
  });

  it('a size beyond 1e18 bytes is refused, so the model never overflows to Infinity', () => {
    expect(parseParam(bytes, '1e18')).toBe(1e18);
    expect(() => parseParam(bytes, '1e308')).toThrow(
      'bytes must be a positive size in bytes up to 1e18 (e.g. 4096, 16MB, 8GiB) (got "1e308")',
    );
  });
});

describe('numbers', () => {
  it('a number with min 0 takes 0 ("off"), and nothing below', () => {
    expect(parseParam(tpot, '0')).toBe(0);
    expect(parseParam(tpot, '12.5')).toBe(12.5);
    expect(() => parseParam(tpot, '-1')).toThrow('targetTpotMs must be a number >= 0 up to 1e18 (got "-1")');
  });

  it('a value with control characters is quoted escaped and cut short', () => {
    const message = (() => {
      try {
        parseParam(bytes, `\u001b[2J${'9'.repeat(500)}x`);
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    expect(message).toMatch(/^bytes must be .* \(got "\\u001b\[2J9+\.\.\.\)$/);
    expect(message.length).toBeLessThan(300);
  });
});

describe('parseParams', () => {
  it('a raw object whose prototype has the key does not supply it', () => {
    const raw = Object.create({ bytes: '1GB' }) as Record<string, unknown>;
    expect(parseParams([{ ...bytes, default: 4096 }], raw, 'stream')).toEqual({ bytes: 4096 });
  });
});
