/**
 * A pure plain-text table renderer: columns padded to their widest cell, numbers right-aligned.
 * @module
 */

/** One column: its header and alignment. */
export interface Column {
  readonly header: string;
  readonly align?: 'left' | 'right';
}

/** Render rows of cells under headers, with a rule under the header row. */
export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    columns
      .map((c, i) => {
        const cell = cells[i] ?? '';
        return c.align === 'right' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!);
      })
      .join('  ')
      .trimEnd();
  return [
    line(columns.map((c) => c.header)),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
  ].join('\n');
}

const FORMATTERS = new Map<number, Intl.NumberFormat>();

/** Format a number with a fixed number of decimals and thousands separators; `null` -> `n/a`. */
export function formatNumber(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  let f = FORMATTERS.get(digits);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    FORMATTERS.set(digits, f);
  }
  return f.format(value);
}
