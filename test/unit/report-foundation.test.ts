import { describe, expect, it } from 'vitest';
import { classifyParts } from '../../src/api/classify.ts';
import { renderClassify } from '../../src/report/classify.ts';
import { formatNumber, renderTable } from '../../src/report/table.ts';

describe('pure renderers', () => {
  it('renderTable pads columns and right-aligns numbers', () => {
    expect(
      renderTable(
        [{ header: 'id' }, { header: 'TPP', align: 'right' }],
        [
          ['h100-sxm', '15,832'],
          ['h20', '2,368'],
        ],
      ),
    ).toMatchInlineSnapshot(`
      "id           TPP
      --------  ------
      h100-sxm  15,832
      h20        2,368"
    `);
  });

  it('formatNumber never prints NaN', () => {
    expect(formatNumber(Number.NaN)).toBe('n/a');
    expect(formatNumber(null)).toBe('n/a');
    expect(formatNumber(1234.567, 1)).toBe('1,234.6');
  });

  it('renderClassify shows one block per GPU with each rule', () => {
    const text = renderClassify(classifyParts({ gpus: ['h800'] }), ['oct-2023', 'oct-2022']);
    expect(text).toMatchInlineSnapshot(`
      "H800 SXM5 80GB [h800-sxm]: TPP 15,832 (fp8), PD 19.45, data center
        3A090 (Oct 2023)  3A090.a.1       TPP 15,832 is 11,032 above 3A090.a.1's 4,800: controlled (3A090.a.1)
        3A090 (Oct 2022)  not controlled  I/O GB/s 528 is 72 below 3A090.a (2022)'s 600: not controlled"
    `);
  });
});
