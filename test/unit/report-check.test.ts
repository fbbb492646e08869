import { describe, expect, it } from 'vitest';
import type { CheckOutcome, MetricVerdict, VerdictKind } from '../../src/regress/types.ts';
import {
  cutMiddle,
  escapeXml,
  formatChange,
  formatP,
  formatThreshold,
  renderCheckMarkdown,
  renderCheckTable,
  renderJunit,
} from '../../src/report/check.ts';
import { stripAnsi, WIDTH } from '../../src/report/terminal.ts';

const ESC = String.fromCharCode(27);
const BEL = String.fromCharCode(7);

/** A measured time metric (seconds) with samples: change, CI and p present. */
function timed(over: Partial<MetricVerdict> & Pick<MetricVerdict, 'id' | 'verdict'>): MetricVerdict {
  return {
    kernel: 'gemm',
    unit: 's',
    direction: 'lower-is-better',
    baseline: 1.23e-3,
    current: 1.23e-3,
    change: 0,
    changeCi: [-0.01, 0.012],
    pValue: 0.41,
    threshold: 0.05,
    reason: 'within 5%',
    ...over,
  };
}

function outcome(verdicts: MetricVerdict[], mismatches: string[] = []): CheckOutcome {
  const kinds: VerdictKind[] = [
    'pass',
    'regressed',
    'improved',
    'inconclusive',
    'missing-baseline',
    'missing-current',
  ];
  const counts = Object.fromEntries(kinds.map((k) => [k, verdicts.filter((v) => v.verdict === k).length]));
  return { verdicts, mismatches, counts: counts as Record<VerdictKind, number> };
}

const REGRESSED = timed({
  id: 'run:gemm-512@wasm',
  verdict: 'regressed',
  baseline: 1.23e-3,
  current: 1.492e-3,
  change: 0.213,
  changeCi: [0.18, 0.249],
  pValue: 0.0002,
  reason: 'median +21.3% past 5%, p 0.0002',
});

/** Every verdict kind, a mismatch, and ids with `|`, `<`, `&` and a control character. */
const ALL = outcome(
  [
    timed({
      id: 'run:stream-copy@wasm',
      verdict: 'pass',
      kernel: 'stream',
      current: 1.25e-3,
      change: 0.0163,
      pValue: 0.3,
    }),
    REGRESSED,
    timed({
      id: 'run:attention<causal>|h=8&d=64@webgpu',
      kernel: 'attention<causal> & co',
      verdict: 'improved',
      baseline: 2.5e-5,
      current: 1.9e-5,
      change: -0.24,
      changeCi: [-0.3, -0.18],
      pValue: 0.00001,
      reason: 'median -24.0% past 5%, p <0.0001',
    }),
    timed({
      id: `run:odd${BEL}name@wasm`,
      verdict: 'inconclusive',
      current: 1.3e-3,
      change: 0.0569,
      changeCi: null,
      pValue: null,
      reason: '3 samples < 5',
    }),
    {
      id: 'estimate:llm-decode:h100:batch=8 seq=4096 model=llama-3-70b tensorParallel=8',
      kernel: 'llm-decode',
      unit: 'ms',
      direction: 'lower-is-better',
      verdict: 'regressed',
      baseline: 12.5,
      current: 13,
      change: 0.04,
      changeCi: null,
      pValue: null,
      threshold: 1e-9,
      reason: 'estimate +4.0% past 1e-7%: inputs changed (catalog h100.memoryBandwidth)',
    },
    timed({
      id: 'run:new-kernel@wasm',
      verdict: 'missing-baseline',
      baseline: null,
      change: null,
      changeCi: null,
      pValue: null,
      reason: 'not in the baseline',
    }),
    timed({
      id: 'run:gone@wasm',
      verdict: 'missing-current',
      current: null,
      change: null,
      changeCi: null,
      pValue: null,
      reason: 'not in the current results',
    }),
    {
      id: 'sweep:gemm:a100:m=4096',
      kernel: 'gemm',
      unit: 'GFLOP/s',
      direction: 'higher-is-better',
      verdict: 'pass',
      baseline: 1234.5,
      current: 1234.5,
      change: 0,
      changeCi: null,
      pValue: null,
      threshold: 1e-9,
      reason: 'unchanged',
    },
  ],
  ['backend differs: baseline wasm, current webgpu | <device> & more'],
);

const TABLE_OPTIONS = { color: false, baselineLabel: 'base.json', currentLabel: 'cur.json' };
const JUNIT_OPTIONS = { suiteName: 'tppbench check', timestamp: '2026-11-30T07:00:00Z' };

/**
 * A small XML well-formedness check: one prolog, tags balanced by a stack, attributes quoted with no raw
 * `<`, `&` or quote inside, text without raw `<` or stray `&`, no forbidden control characters. Returns
 * the element names in document order.
 */
function checkXml(xml: string): string[] {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  const body = xml.slice(xml.indexOf('?>') + 2);
  const forbidden = Array.from(body).filter((c) => {
    const code = c.codePointAt(0)!;
    return (code < 0x20 && code !== 0x09 && code !== 0x0a) || (code >= 0xd800 && code <= 0xdfff);
  });
  expect(forbidden).toEqual([]);
  const entity = /&(amp|lt|gt|quot|apos|#[0-9]+);/y;
  const checkText = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '&') {
        entity.lastIndex = i;
        expect(entity.test(text), `bad entity at ${text.slice(i, i + 10)}`).toBe(true);
      }
      expect(text[i]).not.toBe('>');
    }
  };
  const tag = /<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>/y;
  const stack: string[] = [];
  const names: string[] = [];
  let i = 0;
  while (i < body.length) {
    const lt = body.indexOf('<', i);
    const text = body.slice(i, lt < 0 ? body.length : lt);
    checkText(text);
    if (lt < 0) break;
    tag.lastIndex = lt;
    const m = tag.exec(body);
    expect(m, `malformed tag at ${body.slice(lt, lt + 40)}`).not.toBeNull();
    const [whole, close, name, attrs, selfClose] = m!;
    for (const [, value] of attrs!.matchAll(/="([^"]*)"/g)) checkText(value!);
    if (close) expect(stack.pop(), `closing ${name}`).toBe(name);
    else {
      names.push(name!);
      if (!selfClose) stack.push(name!);
    }
    i = lt + whole.length;
  }
  expect(stack).toEqual([]);
  return names;
}

describe('number formatting', () => {
  it('signs percentages, trims thresholds, bounds p-values and never prints NaN', () => {
    expect([0.213, -0.04, 0, 1e-5, -0.000123, 12.5, null, Number.NaN].map(formatChange)).toEqual([
      '+21.3%',
      '-4.0%',
      '0%',
      '+0.001%',
      '-0.012%',
      '+1,250.0%',
      'n/a',
      'n/a',
    ]);
    expect([0.05, 0.025, 0.1, 1e-9, 0, Number.POSITIVE_INFINITY].map(formatThreshold)).toEqual([
      '5%',
      '2.5%',
      '10%',
      '1e-7%',
      '0%',
      'n/a',
    ]);
    expect([0.41, 1, 0.0002, 0.00001, null, Number.NaN].map(formatP)).toEqual([
      '0.41',
      '1.00',
      '0.0002',
      '<0.0001',
      'n/a',
      'n/a',
    ]);
  });

  it('cuts ids in the middle, keeping both ends', () => {
    expect(cutMiddle('run:abcdefghij@wasm', 11)).toBe('run:a…@wasm');
    expect(cutMiddle('short', 11)).toBe('short');
    expect(cutMiddle('run:abcdefghij@wasm', 11)).toHaveLength(11);
  });
});

describe('renderCheckTable', () => {
  it('matches the snapshot: headline, mismatch, urgent rows first', async () => {
    const text = renderCheckTable(ALL, TABLE_OPTIONS);
    await expect(text).toMatchFileSnapshot('__snapshots__/check.txt');
    const lines = text.split('\n');
    expect(lines.slice(0, 2).join(' ')).toBe(
      '2 regressed, 1 improved, 2 pass, 1 inconclusive, 1 missing baseline, 1 missing current (of 8) — base.json -> cur.json',
    );
    const order = ['regressed', 'improved', 'inconclusive', 'no', 'pass'];
    const firstWords = lines.slice(4).map((l) => l.split(' ')[0]);
    expect(firstWords.filter((w) => order.includes(w!))).toEqual([
      'regressed',
      'regressed',
      'improved',
      'inconclusive',
      'no',
      'no',
      'pass',
      'pass',
    ]);
    expect(text).toContain('warning: backend differs');
    expect(text).toMatch(
      /regressed\s+run:gemm-512@wasm\s+1\.230\s+1\.492\s+ms\s+\+21\.3%\s+\+18\.0%\.\.\+24\.9%\s+0\.0002\s+5%/,
    );
  });

  it('fits 100 columns, prints no NaN, shows control characters as ?; colour strips to the plain text', () => {
    const plain = renderCheckTable(ALL, TABLE_OPTIONS);
    const color = renderCheckTable(ALL, { ...TABLE_OPTIONS, color: true });
    expect(plain).not.toContain(ESC);
    expect(plain).not.toContain(BEL);
    expect(plain).toContain('run:odd?name@wasm');
    expect(color).toContain(`${ESC}[31mregressed`);
    expect(color).toContain(`${ESC}[32mimproved`);
    expect(color).toContain(`${ESC}[33minconclusive`);
    expect(stripAnsi(color)).toBe(plain);
    for (const line of plain.split('\n')) expect(line.length, line).toBeLessThanOrEqual(WIDTH);
    expect(plain).not.toMatch(/NaN|Infinity|undefined|null|\[object/);
  });

  it('keeps a long id recognisable by both ends within the width', () => {
    const id = `run:${'very-long-kernel-name-'.repeat(6)}tail@webgpu`;
    const text = renderCheckTable(outcome([{ ...REGRESSED, id }]), TABLE_OPTIONS);
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(WIDTH);
    expect(text).toMatch(/run:very-long\S*…\S*tail@webgpu/);
  });

  it('folds more than 20 pass rows into a count line', () => {
    const passes = Array.from({ length: 25 }, (_, i) => timed({ id: `run:k${i}@wasm`, verdict: 'pass' }));
    const text = renderCheckTable(outcome([...passes, REGRESSED]), TABLE_OPTIONS);
    expect(text).toContain('... and 25 more pass');
    expect(text).not.toContain('run:k0@wasm');
    const few = renderCheckTable(outcome(passes.slice(0, 20)), TABLE_OPTIONS);
    expect(few).toContain('run:k19@wasm');
    expect(few).not.toContain('more pass');
  });

  it('scales seconds per row so both sides share a unit', () => {
    const v = timed({ id: 'a', verdict: 'pass', baseline: 9.5e-4, current: 1.01e-3, change: 0.063 });
    expect(renderCheckTable(outcome([v]), TABLE_OPTIONS)).toMatch(/0\.9500\s+1\.010\s+ms/);
    const us = timed({ id: 'b', verdict: 'pass', baseline: 4.2e-6, current: 4.3e-6 });
    expect(renderCheckTable(outcome([us]), TABLE_OPTIONS)).toMatch(/4\.200\s+4\.300\s+µs/);
  });
});

describe('renderCheckMarkdown', () => {
  it('matches the snapshot', async () => {
    await expect(renderCheckMarkdown(ALL, TABLE_OPTIONS)).toMatchFileSnapshot('__snapshots__/check.md');
  });

  it('has a status heading, escapes | in cells, folds pass rows, quotes mismatches', () => {
    const md = renderCheckMarkdown(ALL, TABLE_OPTIONS);
    expect(md.split('\n')[0]).toBe('## tppbench check: 2 regressed');
    expect(md).toContain('attention\\<causal>\\|h=8&d=64@webgpu');
    expect(md).toContain('> - backend differs: baseline wasm, current webgpu \\| \\<device> & more');
    expect(md).toMatch(
      /<details><summary>2 pass<\/summary>\n\n\| verdict[^\n]*\n[^\n]*\n\| pass \| run:stream-copy@wasm /,
    );
    expect(md).not.toContain(BEL);
    // every table row has as many unescaped separators as the header
    for (const line of md.split('\n').filter((l) => l.startsWith('|'))) {
      expect(line.replace(/\\\|/g, '').split('|').length, line).toBe(12);
    }
    const clean = renderCheckMarkdown(outcome([timed({ id: 'a', verdict: 'pass' })]), TABLE_OPTIONS);
    expect(clean.split('\n')[0]).toBe('## tppbench check: pass');
    expect(clean).toContain('No regressions');
    expect(clean).not.toMatch(/NaN|Infinity|undefined/);
  });
});

describe('renderJunit', () => {
  it('matches the snapshot', async () => {
    await expect(renderJunit(ALL, JUNIT_OPTIONS)).toMatchFileSnapshot('__snapshots__/check.xml');
  });

  it('is well-formed XML with one testcase per metric and the right counts', () => {
    const xml = renderJunit(ALL, JUNIT_OPTIONS);
    const names = checkXml(xml);
    expect(names.filter((n) => n === 'testcase')).toHaveLength(8);
    expect(names.filter((n) => n === 'failure')).toHaveLength(2);
    expect(names.filter((n) => n === 'skipped')).toHaveLength(3);
    expect(xml).toContain(
      '<testsuite name="tppbench check" tests="8" failures="2" errors="0" skipped="3" timestamp="2026-11-30T07:00:00Z" time="0">',
    );
    expect(xml).toContain('name="run:attention&lt;causal&gt;|h=8&amp;d=64@webgpu"');
    expect(xml).toContain('classname="attention&lt;causal&gt; &amp; co"');
    expect(xml).toContain('name="run:oddname@wasm"');
  });

  it('puts the numbers in the failure', () => {
    const xml = renderJunit(ALL, JUNIT_OPTIONS);
    expect(xml).toContain(
      '<failure message="median +21.3% past 5% (p 0.0002)" type="regressed">baseline 1.230 ms, current 1.492 ms, change +21.3% [95% CI +18.0%, +24.9%], p 0.0002, threshold 5%.',
    );
    expect(xml).toContain(
      '<failure message="value +4.0% past 1e-7%" type="regressed">baseline 12.50 ms, current 13.00 ms',
    );
  });

  it('fails a missing baseline only with failOnMissing', () => {
    const o = outcome([timed({ id: 'x', verdict: 'missing-baseline', baseline: null, change: null })]);
    expect(renderJunit(o, JUNIT_OPTIONS)).toContain('failures="0" errors="0" skipped="1"');
    const strict = renderJunit(o, { ...JUNIT_OPTIONS, failOnMissing: true });
    expect(strict).toContain('failures="1" errors="0" skipped="0"');
    expect(strict).toContain('type="missing-baseline"');
    checkXml(strict);
  });

  it('escapes quotes and drops forbidden characters', () => {
    expect(escapeXml(`a"b'c<d>&e\tf\ng${BEL}h\r\ud800i\ufffe😀`)).toBe(
      'a&quot;b&apos;c&lt;d&gt;&amp;e&#9;f&#10;ghi😀',
    );
    const names = checkXml(renderJunit(outcome([]), JUNIT_OPTIONS));
    expect(names).toEqual(['testsuites', 'testsuite']);
  });

  it('has a well-formedness check that rejects broken XML', () => {
    const prolog = '<?xml version="1.0" encoding="UTF-8"?>\n';
    expect(() => checkXml(`${prolog}<a><b></a></b>`)).toThrow();
    expect(() => checkXml(`${prolog}<a name="x<y"/>`)).toThrow();
    expect(() => checkXml(`${prolog}<a>x & y</a>`)).toThrow();
    expect(() => checkXml(`${prolog}<a>${BEL}</a>`)).toThrow();
    expect(() => checkXml(`${prolog}<a>`)).toThrow();
    expect(checkXml(`${prolog}<a x="&amp;"><b/></a>`)).toEqual(['a', 'b']);
  });

  it('is deterministic', () => {
    expect(renderJunit(ALL, JUNIT_OPTIONS)).toBe(renderJunit(ALL, JUNIT_OPTIONS));
  });
});
