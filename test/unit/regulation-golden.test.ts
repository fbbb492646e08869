import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/hardware/catalog.ts';
import { type ClassifyInput, classify, regulatoryProfile } from '../../src/regulation/index.ts';

const catalog = loadCatalog();
const profile = (id: string) => regulatoryProfile(catalog.get(id));

// Hand-computed: TPP = dense TOPS x bit length at the best precision; PD = TPP / die mm².
describe('TPP and PD golden numbers', () => {
  it.each([
    ['h100-sxm', 1979 * 8, 15832 / 814],
    ['h20', 296 * 8, 2368 / 814],
    ['a800-sxm', 624 * 8, 4992 / 826],
    ['rtx-4090', 660.6 * 8, 5284.8 / 608.5],
    ['rtx-4090d', ((660.6 * 114) / 128) * 8, (((660.6 * 114) / 128) * 8) / 608.5],
    ['rtx-5090', 1676 * 4, 6704 / 750],
    ['rtx-5090d', 1187.5 * 4, 4750 / 750],
    ['l20', 239 * 8, 1912 / 609],
  ])('%s: TPP %d', (id, tpp, pd) => {
    const p = profile(id);
    expect(p.tpp).toBeCloseTo(tpp, 6);
    expect(p.pd).toBeCloseTo(pd, 6);
  });

  it('rounds to the published figures', () => {
    expect(Math.round(profile('h100-sxm').tpp!)).toBe(15832);
    expect(profile('h100-sxm').pd!.toFixed(2)).toBe('19.45');
    expect(Math.round(profile('h20').tpp!)).toBe(2368);
    expect(profile('h20').pd!.toFixed(2)).toBe('2.91');
    expect(Math.round(profile('a800-sxm').tpp!)).toBe(4992);
    expect(Math.round(profile('rtx-4090').tpp!)).toBe(5285);
    expect(Math.round(profile('rtx-4090d').tpp!)).toBe(4707);
    expect(Math.round(profile('rtx-5090').tpp!)).toBe(6704);
    expect(Math.round(profile('rtx-5090d').tpp!)).toBe(4750);
    expect(Math.round(profile('l20').tpp!)).toBe(1912);
    expect(profile('l20').pd!.toFixed(2)).toBe('3.14');
  });
});

describe('3A090 verdicts of catalog parts', () => {
  it('H100 SXM is 3A090.a.1 under the 2023 rule', () => {
    const v = profile('h100-sxm').verdicts['oct-2023']!;
    expect(v.status).toBe('controlled');
    expect(v.clause).toBe('3A090.a.1');
    expect(v.summary).toContain('11,032 above');
  });

  it('H20 is not controlled, and says by how much it misses b.1 and b.2', () => {
    const v = profile('h20').verdicts['oct-2023']!;
    expect(v.status).toBe('not-controlled');
    expect(v.summary).toBe(
      "TPP 2,368 is 32 below 3A090.b.1's 2,400; PD 2.91 is 0.29 below b.2's 3.2: not controlled",
    );
  });

  it('A800 is 3A090.a under 2023 but escaped 2022 (400 + 64 GB/s < 600)', () => {
    const p = profile('a800-sxm');
    expect(p.verdicts['oct-2023']!.clause).toBe('3A090.a.1');
    expect(p.verdicts['oct-2022']!.status).toBe('not-controlled');
    expect(p.verdicts['oct-2022']!.summary).toContain('I/O GB/s 464 is 136 below');
  });

  it('H800 escaped 2022 by NVLink alone; H100 did not', () => {
    expect(profile('h800-sxm').verdicts['oct-2022']!.status).toBe('not-controlled');
    expect(profile('h100-sxm').verdicts['oct-2022']!.status).toBe('controlled');
  });

  it('RTX 4090 is controlled although consumer; 4090D and 5090D are out under Note 2; 5090 is in', () => {
    expect(profile('rtx-4090').verdicts['oct-2023']!.clause).toBe('3A090.a.1');
    expect(profile('rtx-4090d').verdicts['oct-2023']!.status).toBe('excluded-note-2');
    expect(profile('rtx-4090d').verdicts['oct-2023']!.summary).toContain('would be 3A090.a.2');
    expect(profile('rtx-5090').verdicts['oct-2023']!.status).toBe('controlled');
    expect(profile('rtx-5090d').verdicts['oct-2023']!.status).toBe('excluded-note-2');
  });

  it('L20 is not controlled (PD 3.14 is 0.06 below 3.2)', () => {
    const v = profile('l20').verdicts['oct-2023']!;
    expect(v.status).toBe('not-controlled');
    expect(v.summary).toContain('PD 3.14 is 0.06 below');
  });

  it('H200 is eligible for the Jan-2026 case-by-case review; B200 is not', () => {
    expect(profile('h200-sxm').verdicts['jan-2026']!.status).toBe('eligible-case-by-case');
    const b200 = profile('b200').verdicts['jan-2026']!;
    expect(b200.status).toBe('presumption-of-denial');
    expect(b200.summary).toContain('TPP 36,000 is 15,000 above');
  });

  it('B200 has no disclosed die area: PD is unknown but TPP alone decides a.1', () => {
    const p = profile('b200');
    expect(p.pd).toBeNull();
    expect(p.verdicts['oct-2023']!.clause).toBe('3A090.a.1');
  });
});

const part = (tpp: number | null, pd: number | null, datacenter: boolean | null = true): ClassifyInput => ({
  name: 'test part',
  tpp,
  pd,
  datacenter,
  ioBytesPerSec: null,
  dramBandwidthBytesPerSec: null,
});
const oct2023 = (tpp: number | null, pd: number | null, dc: boolean | null = true) =>
  classify(part(tpp, pd, dc), 'oct-2023');

describe('2023 rule boundaries (thresholds are inclusive where the rule says "or more")', () => {
  it('TPP exactly 4800 is a.1; just below is not', () => {
    expect(oct2023(4800, 1).clause).toBe('3A090.a.1');
    expect(oct2023(4799.999, 2).clause).toBe('3A090.b.1');
    expect(oct2023(4799.999, 1).status).toBe('not-controlled');
    expect(oct2023(4800, 1).summary).toContain("exactly at 3A090.a.1's 4,800");
  });

  it('TPP exactly 1600 with PD exactly 5.92 is a.2', () => {
    expect(oct2023(1600, 5.92).clause).toBe('3A090.a.2');
    expect(oct2023(1599.99, 5.92).status).toBe('not-controlled');
    expect(oct2023(1600, 5.919).clause).toBe('3A090.b.2');
  });

  it('PD exactly 3.2 with TPP 1600 is b.2; PD just below is not controlled', () => {
    expect(oct2023(1600, 3.2).clause).toBe('3A090.b.2');
    expect(oct2023(1600, 3.199).status).toBe('not-controlled');
  });

  it('PD exactly 1.6 with TPP 2400 is b.1; below 1.6 is not controlled', () => {
    expect(oct2023(2400, 1.6).clause).toBe('3A090.b.1');
    expect(oct2023(2400, 1.599).status).toBe('not-controlled');
    expect(oct2023(2399.9, 1.6).status).toBe('not-controlled');
  });

  it('Note 2: a consumer part is out below 4800 and in at exactly 4800', () => {
    expect(oct2023(4799, 7, false).status).toBe('excluded-note-2');
    expect(oct2023(4800, 7, false).clause).toBe('3A090.a.1');
  });

  it('unknown PD with TPP between 1600 and 4800 is indeterminate, never a guess', () => {
    expect(oct2023(3000, null).status).toBe('indeterminate');
    expect(oct2023(1000, null).status).toBe('not-controlled');
  });

  it('the 2022 rule needs both TPP >= 4800 and I/O >= 600 GB/s', () => {
    const io = (tpp: number, gbps: number) =>
      classify({ ...part(tpp, 10), ioBytesPerSec: gbps * 1e9 }, 'oct-2022').status;
    expect(io(4800, 600)).toBe('controlled');
    expect(io(4800, 599.9)).toBe('not-controlled');
    expect(io(4799, 900)).toBe('not-controlled');
  });

  it('the Jan-2026 test is strict: 21,000 and 6,500 GB/s themselves are not eligible', () => {
    const jan = (tpp: number, gbps: number) =>
      classify({ ...part(tpp, 10), dramBandwidthBytesPerSec: gbps * 1e9 }, 'jan-2026').status;
    expect(jan(20999, 6499)).toBe('eligible-case-by-case');
    expect(jan(21000, 6499)).toBe('presumption-of-denial');
    expect(jan(20999, 6500)).toBe('presumption-of-denial');
  });
});

describe('what-if rules', () => {
  const custom = (input: ClassifyInput, minTpp: number, minPd?: number, capGBps?: number) =>
    classify(input, 'custom', {
      minTpp,
      minPd,
      maxDramBandwidthBytesPerSec: capGBps === undefined ? undefined : capGBps * 1e9,
    });

  it('catches on TPP and PD together', () => {
    expect(custom(part(2368, 2.91), 2000, 2.5).status).toBe('controlled');
    expect(custom(part(2368, 2.91), 2000, 3).status).toBe('not-controlled');
  });

  it('a bandwidth cap catches a low-TPP part with high DRAM bandwidth (the H20 letter logic)', () => {
    const h20 = { ...part(2368, 2.91), dramBandwidthBytesPerSec: 4000e9 };
    const v = custom(h20, 4800, undefined, 3500);
    expect(v.status).toBe('controlled');
    expect(v.clause).toBe('what-if bandwidth cap');
  });
});
