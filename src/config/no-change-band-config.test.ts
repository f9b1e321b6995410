import { describe, expect, it } from 'vitest';
import { BenchConfigSchema, DEFAULT_REGRESSION } from './schema.js';
import { validate } from './validate.js';

describe('regression.noChangeBandUs in bench.config.ts', () => {
  it('defaults to the steps a nightly comparison should not miss, per verdict percentile', () => {
    expect(DEFAULT_REGRESSION.noChangeBandUs).toEqual({ '50': 100, '90': 200, '99': 1000, '99.9': 2000 });
  });

  it('takes percentiles as keys and says which field is wrong, and why', () => {
    expect(validate(BenchConfigSchema, { regression: { noChangeBandUs: { '99': 500 } } }, 'bench.config.ts').regression.noChangeBandUs).toEqual({ '99': 500 });
    expect(() => validate(BenchConfigSchema, { regression: { noChangeBandUs: { p99: 500 } } }, 'bench.config.ts')).toThrow(/regression\.noChangeBandUs.*a percentile such as "99"/s);
    expect(() => validate(BenchConfigSchema, { regression: { noChangeBandUs: { '99': -1 } } }, 'bench.config.ts')).toThrow(/regression\.noChangeBandUs\.99/);
  });
});
