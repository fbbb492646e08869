/**
 * `npm run bench [-- <text> | --filter <text>] [-- --save-baseline]`: run every bench/*.bench.ts (or those whose
 * file name contains the filter, given as a flag or as the first positional argument), print medians with
 * ratios against in-run baselines and the committed baseline, and write the run to bench/results/.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatSignificant } from '../src/report/estimate.ts';
import { renderTable } from '../src/report/table.ts';
import { writeFileAtomic } from '../src/util/atomic-write.ts';
import { type BenchFile, type BenchRow, summarize } from './harness.ts';

const here = import.meta.dirname;
const { values, positionals } = parseArgs({
  options: { filter: { type: 'string' }, 'save-baseline': { type: 'boolean', default: false } },
  allowPositionals: true,
});
const filter = values.filter ?? positionals[0];

const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !filter || f.includes(filter))
  .sort();
if (files.length === 0) {
  console.error(`bench: no bench files match ${filter ?? '*'}`);
  process.exit(2);
}

const ratio = (a: number, b: number | undefined) =>
  b === undefined || !(b > 0) ? '' : `${(a / b).toPrecision(3)}x`;

for (const file of files) {
  const name = basename(file, '.bench.ts');
  console.log(`\n== ${name} ==`);
  const started = performance.now();
  const run = (await import(join(here, file))).default as BenchFile;
  const rows: readonly BenchRow[] = await run();
  const baselinePath = join(here, 'baselines', `${name}.json`);
  const committed: Record<string, number> = existsSync(baselinePath)
    ? (JSON.parse(readFileSync(baselinePath, 'utf8')).medians ?? {})
    : {};
  const medians = Object.fromEntries(rows.map((r) => [r.name, summarize(r.samples).median]));
  console.log(
    renderTable(
      [
        { header: 'benchmark' },
        { header: 'median', align: 'right' },
        { header: 'MAD', align: 'right' },
        { header: 'n', align: 'right' },
        { header: 'unit' },
        { header: 'vs in-run baseline', align: 'right' },
        { header: 'vs committed', align: 'right' },
        { header: 'target' },
      ],
      rows.map((r) => {
        const s = summarize(r.samples);
        const met = r.target
          ? r.higherIsBetter
            ? s.median >= r.target.value
            : s.median <= r.target.value
          : undefined;
        return [
          r.name,
          formatSignificant(s.median),
          formatSignificant(s.mad),
          String(s.n),
          r.unit,
          r.baseline ? `${ratio(s.median, medians[r.baseline])} of ${r.baseline}` : '',
          ratio(s.median, committed[r.name]),
          r.target ? `${r.target.text} ${met ? 'met' : 'NOT met'}` : '',
        ];
      }),
    ),
  );
  const record = {
    schemaVersion: 1,
    kind: 'tppbench-bench',
    name,
    date: new Date().toISOString(),
    node: process.version,
    wallTimeS: (performance.now() - started) / 1000,
    medians,
    rows,
  };
  writeFileAtomic(join(here, 'results', `${name}.json`), `${JSON.stringify(record, null, 2)}\n`);
  if (values['save-baseline']) {
    writeFileAtomic(baselinePath, `${JSON.stringify({ ...record, rows: undefined }, null, 2)}\n`);
    console.log(`saved baseline ${baselinePath}`);
  }
}
