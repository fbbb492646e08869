import { spawnSync } from 'node:child_process';
import { existsSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isUserError } from '../../src/errors.ts';
import { INPUT_LIMITS, printable, readInputFile } from '../../src/util/read-input.ts';
import { readJsonFile } from '../../src/util/schema.ts';
import { tempDir, tempFile } from '../helpers/cli.ts';

/** The UserError message `fn` throws (fails the test when it throws something else or nothing). */
function userErrorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(isUserError(error), String(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected a UserError');
}

/** A named pipe in a fresh folder, or undefined where `mkfifo` is not available. */
function fifo(): string | undefined {
  const path = join(tempDir(), 'pipe.json');
  const made = spawnSync('mkfifo', [path]);
  return made.status === 0 && existsSync(path) ? path : undefined;
}

describe('readInputFile', () => {
  it('reads a regular file as text, without a byte-order mark', () => {
    const path = tempFile('a.json', '\ufeff{"a": 1}');
    expect(readInputFile(path, 'GPU file', 100)).toBe('{"a": 1}');
  });

  it('a missing file names the kind and the path', () => {
    const path = join(tempDir(), 'nowhere.json');
    expect(userErrorOf(() => readInputFile(path, 'GPU file', 100))).toBe(`GPU file ${path} does not exist`);
  });

  it('a directory is not a regular file', () => {
    const dir = tempDir();
    expect(userErrorOf(() => readInputFile(dir, 'model config', 100))).toBe(
      `model config ${dir} is not a regular file (a directory)`,
    );
  });

  it.runIf(process.platform !== 'win32')('a device is refused before a byte is read', () => {
    expect(userErrorOf(() => readInputFile('/dev/zero', 'GPU file', 100))).toBe(
      'GPU file /dev/zero is not a regular file (a device)',
    );
  });

  it.runIf(process.platform !== 'win32')('a FIFO is refused without opening it (opening blocks)', () => {
    const path = fifo();
    if (path === undefined) return;
    // Opening a FIFO with no writer would hang this test until its timeout.
    expect(userErrorOf(() => readInputFile(path, 'results file', 100))).toBe(
      `results file ${path} is not a regular file (a named pipe)`,
    );
  });

  it('a file over the cap names the cap and the size, without reading it', () => {
    const path = tempFile('big.json', '');
    truncateSync(path, INPUT_LIMITS.gpuFile + 1); // sparse: no disk used
    expect(userErrorOf(() => readInputFile(path, 'GPU file', INPUT_LIMITS.gpuFile))).toBe(
      `GPU file ${path} is too large: 4 MiB (${INPUT_LIMITS.gpuFile + 1} bytes), over the 4 MiB limit`,
    );
    expect(readInputFile(tempFile('ok.json', 'x'.repeat(100)), 'GPU file', 100)).toHaveLength(100);
  });

  it('the caps are a few MiB for descriptions and 256 MiB for results', () => {
    expect(INPUT_LIMITS).toEqual({
      gpuFile: 4 * 2 ** 20,
      modelConfig: 4 * 2 ** 20,
      resultsFile: 256 * 2 ** 20,
    });
  });

  it('a path with control characters is printed escaped', () => {
    const path = join(tempDir(), 'bad\nname.json');
    expect(userErrorOf(() => readInputFile(path, 'GPU file', 100))).toBe(
      `GPU file ${path.replace('\n', '\\n')} does not exist`,
    );
  });
});

describe('printable', () => {
  it('escapes control characters and cuts long text', () => {
    expect(printable('a\u0000b\tc\u001b[31m\u2028')).toBe('a\\u0000b\\tc\\u001b[31m\\u2028');
    expect(printable('x'.repeat(50), 10)).toBe('xxxxxxx...');
    expect(printable('short', 10)).toBe('short');
  });
});

describe('readJsonFile', () => {
  it('a file of NUL bytes gives a printable, one-line, short message', () => {
    const path = tempFile('nul.json', `\u0000\u0000{"a\u0001 ${'\u0000'.repeat(5000)}`);
    const message = userErrorOf(() => readJsonFile(path));
    expect(message.startsWith(`${path}: not valid JSON (`)).toBe(true);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting there are none
    expect(message).not.toMatch(/[\u0000-\u001f]/);
    expect(message).toContain('\\u0000');
    expect(message.length).toBeLessThan(path.length + 200);
  });

  it('reads through the cap of its kind', () => {
    const path = tempFile('big.json', JSON.stringify({ pad: 'x'.repeat(200) }));
    expect(userErrorOf(() => readJsonFile(path, { what: 'model config', maxBytes: 100 }))).toMatch(
      /^model config .*big\.json is too large: 2\d\d bytes, over the 100 bytes limit$/,
    );
    writeFileSync(path, '{"a":1}');
    expect(readJsonFile(path, { what: 'model config', maxBytes: 100 })).toEqual({ a: 1 });
  });
});
