/**
 * Pure renderers of a regression check (`tppbench check`): a terminal table, a GitHub step summary in
 * Markdown and a JUnit XML report. Data in, string out; the CLI decides where each goes and the exit code.
 * Every number is formatted here once: `n/a` for a missing one, never `NaN`, `Infinity` or `undefined`.
 * Rows are ordered by urgency (regressed, improved, inconclusive, missing, pass) and, within a verdict, as
 * the outcome lists them, so the output is deterministic.
 * @module
 */
import type { CheckOutcome, MetricVerdict, VerdictKind } from '../regress/types.ts';
import {
  COLUMNS,
  cells,
  countOf,
  cutMiddle,
  formatChange,
  formatP,
  formatThreshold,
  HEADERS,
  headline,
  numbersLine,
  ordered,
  visible,
} from './check-format.ts';
import { escapeCell, escapeText } from './markdown.ts';
import { fitTable, WIDTH, wrap } from './terminal.ts';

export { cutMiddle, formatChange, formatP, formatThreshold } from './check-format.ts';

/** Options for {@link renderCheckTable}. */
export interface CheckTableOptions {
  /** Use ANSI colour; decided by the caller (a TTY without NO_COLOR), never here. */
  readonly color: boolean;
  /** What the baseline is called in the headline (its file name). */
  readonly baselineLabel: string;
  /** What the current side is called in the headline (its file name). */
  readonly currentLabel: string;
}

/** Options for {@link renderCheckMarkdown}. */
export interface CheckMarkdownOptions {
  readonly baselineLabel: string;
  readonly currentLabel: string;
}

/** Options for {@link renderJunit}. */
export interface JunitOptions {
  /** The `<testsuite name>`. */
  readonly suiteName: string;
  /** ISO 8601 time of the check, given by the caller so the output is deterministic. */
  readonly timestamp: string;
  /** A missing baseline fails (`--fail-on-missing`) instead of being skipped. Default false. */
  readonly failOnMissing?: boolean;
}

/** More pass rows than this are folded into one count line in the terminal. */
const MAX_PASS_ROWS = 20;

/** Terminal columns: the Markdown ones but the reason, which goes on a line of its own under its row. */
const TERMINAL_COLUMNS = COLUMNS.slice(0, -1);

/** Short verdict words for the terminal's narrow first column. */
const LABEL: Record<VerdictKind, string> = {
  regressed: 'regressed',
  improved: 'improved',
  inconclusive: 'inconclusive',
  'missing-baseline': 'no baseline',
  'missing-current': 'no current',
  pass: 'pass',
};

/** The narrowest a metric id is cut to. */
const MIN_ID = 16;

const ESC = '\u001b[';
const sgr = (color: boolean, code: string) => (s: string) =>
  color && s !== '' ? `${ESC}${code}m${s}${ESC}0m` : s;

/** The table's lines, each with the verdict of its row (none for the header and rule). */
function terminalRows(shown: readonly MetricVerdict[]): { line: string; verdict?: VerdictKind }[] {
  const draft = shown.map((v) => [LABEL[v.verdict], ...cells(v, visible(v.id)).slice(1, -1)]);
  const width = (i: number) =>
    Math.max(TERMINAL_COLUMNS[i]!.header.length, ...draft.map((r) => r[i]!.length));
  const others = TERMINAL_COLUMNS.reduce((sum, _, i) => (i === 1 ? sum : sum + width(i) + 2), 0);
  const idRoom = Math.max(MIN_ID, WIDTH - others);
  const rows = draft.map((r) => r.map((cell, i) => (i === 1 ? cutMiddle(cell, idRoom) : cell)));
  const out: { line: string; verdict?: VerdictKind }[] = [];
  const indent = ' '.repeat(width(0) + 2);
  fitTable(TERMINAL_COLUMNS, rows)
    .split('\n')
    .forEach((line, i) => {
      const v = shown[i - 2];
      if (v === undefined) {
        out.push({ line });
        return;
      }
      out.push({ line, verdict: v.verdict });
      if (v.verdict !== 'pass' && v.reason !== '') {
        for (const l of wrap(visible(v.reason), WIDTH, indent)) out.push({ line: l, verdict: v.verdict });
      }
    });
  return out;
}

/**
 * The check for a terminal: a headline with the counts and the two sides, mismatch warnings, and a table
 * of the verdicts, regressions and improvements first, each row but a pass followed by its reason. Ids too
 * long for {@link WIDTH} columns are cut in the middle; more than {@link MAX_PASS_ROWS} pass rows fold into
 * one count line. With `color`, whole rows are red (regressed), green (improved) or yellow (inconclusive,
 * missing), so stripping the ANSI codes gives the plain rendering.
 */
export function renderCheckTable(outcome: CheckOutcome, options: CheckTableOptions): string {
  const bold = sgr(options.color, '1');
  const warn = sgr(options.color, '33');
  const rowStyle: Record<VerdictKind, (s: string) => string> = {
    regressed: sgr(options.color, '31'),
    improved: sgr(options.color, '32'),
    inconclusive: warn,
    'missing-baseline': warn,
    'missing-current': warn,
    pass: (s) => s,
  };
  const verdicts = ordered(outcome.verdicts);
  const passCount = countOf(verdicts, 'pass');
  const shown = passCount > MAX_PASS_ROWS ? verdicts.filter((v) => v.verdict !== 'pass') : verdicts;

  const lines = wrap(
    `${headline(verdicts)} — ${visible(options.baselineLabel)} -> ${visible(options.currentLabel)}`,
  ).map(bold);
  for (const m of outcome.mismatches) lines.push(...wrap(visible(m), WIDTH, 'warning: ').map(warn));
  if (shown.length > 0) {
    lines.push('');
    for (const { line, verdict } of terminalRows(shown)) {
      lines.push(verdict === undefined ? line : rowStyle[verdict](line));
    }
  }
  if (shown.length < verdicts.length) lines.push(`... and ${passCount} more pass`);
  return `${lines.join('\n')}\n`;
}

/** Markdown table of verdicts, cells escaped. */
function markdownRows(verdicts: readonly MetricVerdict[]): string {
  const row = (c: readonly string[]) => `| ${c.join(' | ')} |`;
  return [
    row(HEADERS.map((h) => (h === 'thr' ? 'threshold' : h))),
    row(COLUMNS.map((c) => (c.align === 'right' ? '--:' : '---'))),
    ...verdicts.map((v) => row(cells(v, v.id).map((c) => escapeCell(visible(c))))),
  ].join('\n');
}

/** `<` `>` `&` as entities, for text inside HTML tags that Markdown passes through. */
const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The check as a GitHub step summary: a `## tppbench check: <status>` heading (`N regressed` or `pass`),
 * the counts and the two sides, mismatches as a blockquote, a table of every verdict that is not a pass,
 * and the pass rows folded in a `<details>` block. Cells are escaped (`|` included).
 */
export function renderCheckMarkdown(outcome: CheckOutcome, options: CheckMarkdownOptions): string {
  const verdicts = ordered(outcome.verdicts);
  const regressed = countOf(verdicts, 'regressed');
  const notPass = verdicts.filter((v) => v.verdict !== 'pass');
  const pass = verdicts.filter((v) => v.verdict === 'pass');
  const parts = [
    `## tppbench check: ${regressed > 0 ? `${regressed} regressed` : 'pass'}`,
    `${headline(verdicts)}: ${escapeText(visible(options.baselineLabel))} -> ${escapeText(visible(options.currentLabel))}`,
  ];
  if (outcome.mismatches.length > 0) {
    parts.push(
      ['> **Not comparable:**', ...outcome.mismatches.map((m) => `> - ${escapeCell(visible(m))}`)].join('\n'),
    );
  }
  parts.push(notPass.length > 0 ? markdownRows(notPass) : 'No regressions, improvements or missing metrics.');
  if (pass.length > 0) {
    parts.push(
      `<details><summary>${html(`${pass.length} pass`)}</summary>\n\n${markdownRows(pass)}\n\n</details>`,
    );
  }
  return `${parts.join('\n\n')}\n`;
}

/** Characters dropped from XML: those XML 1.0 forbids (C0 controls but tab and newline), CR, lone surrogates. */
const xmlForbidden = (code: number) =>
  (code < 0x20 && code !== 0x09 && code !== 0x0a) ||
  (code >= 0xd800 && code <= 0xdfff) ||
  code === 0xfffe ||
  code === 0xffff;

/**
 * Text safe in XML content and attributes: `& < > " '` as entities, tab and newline as character
 * references (attributes keep them), every other character XML 1.0 forbids removed (C0 controls, lone
 * surrogates, U+FFFE, U+FFFF).
 */
export function escapeXml(s: string): string {
  return Array.from(s, (c) => (xmlForbidden(c.codePointAt(0)!) ? '' : c))
    .join('')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;');
}

/** `median +21.3% past 5% (p 0.0002)`: the change that failed, against the threshold. */
function failureMessage(v: MetricVerdict): string {
  const what = v.pValue === null ? 'value' : 'median';
  const p = v.pValue === null ? '' : ` (p ${formatP(v.pValue)})`;
  return `${what} ${formatChange(v.change)} past ${formatThreshold(v.threshold)}${p}`;
}

/** Whether a verdict is a JUnit failure: a regression, or a missing baseline with `failOnMissing`. */
const fails = (v: MetricVerdict, failOnMissing: boolean) =>
  v.verdict === 'regressed' || (failOnMissing && v.verdict === 'missing-baseline');

/**
 * One `<testcase>`: a failure for a regression (or a missing baseline with `failOnMissing`), skipped for
 * inconclusive and missing, output for an improvement, empty for a pass.
 */
function testcase(v: MetricVerdict, failOnMissing: boolean): string {
  const open = `    <testcase classname="${escapeXml(v.kernel)}" name="${escapeXml(v.id)}" time="0"`;
  const body = (tag: string) => `${open}>\n      ${tag}\n    </testcase>`;
  if (fails(v, failOnMissing)) {
    const message = v.verdict === 'regressed' ? failureMessage(v) : `no baseline: ${v.reason}`;
    return body(
      `<failure message="${escapeXml(message)}" type="${v.verdict}">${escapeXml(`${numbersLine(v)}. ${v.reason}`)}</failure>`,
    );
  }
  switch (v.verdict) {
    case 'improved':
      return body(`<system-out>${escapeXml(`improved: ${numbersLine(v)}. ${v.reason}`)}</system-out>`);
    case 'pass':
      return `${open}/>`;
    default:
      return body(`<skipped message="${escapeXml(`${v.verdict}: ${v.reason}`)}"/>`);
  }
}

/**
 * The check as JUnit XML: one `<testsuite>` with a `<testcase>` per metric (classname the kernel, name the
 * id) in the outcome's order; each regression a `<failure>` with the numbers, inconclusive and missing
 * metrics `<skipped>` (a missing baseline fails with `failOnMissing`), an improvement a `<system-out>` note;
 * mismatches in the suite's `<system-err>`. Counts come from the verdicts.
 */
export function renderJunit(outcome: CheckOutcome, options: JunitOptions): string {
  const v = outcome.verdicts;
  const failOnMissing = options.failOnMissing ?? false;
  const failures = v.filter((x) => fails(x, failOnMissing)).length;
  const skipped = v.filter(
    (x) => !fails(x, failOnMissing) && x.verdict !== 'pass' && x.verdict !== 'improved',
  ).length;
  const counts = `tests="${v.length}" failures="${failures}" errors="0" skipped="${skipped}"`;
  const suite = escapeXml(options.suiteName);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${suite}" ${counts} time="0">`,
    `  <testsuite name="${suite}" ${counts} timestamp="${escapeXml(options.timestamp)}" time="0">`,
    ...v.map((x) => testcase(x, failOnMissing)),
    ...(outcome.mismatches.length > 0
      ? [`    <system-err>${escapeXml(outcome.mismatches.join('\n'))}</system-err>`]
      : []),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
