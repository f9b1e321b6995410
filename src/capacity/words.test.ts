import { expect, it } from 'vitest';
import { ciText, moneyText, pText, rpsText, signedUsText, usText } from './words.js';

it('writes µs below a millisecond and ms with at most two decimals above', () => {
  expect([usText(0), usText(999.4), usText(-999.4), usText(999.6), usText(1000), usText(1444), usText(-2500), usText(12_345)]).toEqual(['0 µs', '999 µs', '-999 µs', '1 ms', '1 ms', '1.44 ms', '-2.5 ms', '12.35 ms']);
});

it('signs a tax with + or a true minus sign, and writes an interval with an unknown end as unknown', () => {
  expect([signedUsText(340), signedUsText(0), signedUsText(-1200)]).toEqual(['+340 µs', '+0 µs', '−1.2 ms']);
  expect(ciText([-380, 4700])).toBe('[−380 µs, +4.7 ms]');
  expect([ciText([null, 470]), ciText([380, null])]).toEqual(['unknown', 'unknown']);
});

it('rates, percentiles and money', () => {
  expect(rpsText(1999.6)).toBe('2000 rps');
  expect([pText(99), pText(99.9), pText(99.90000000001)]).toEqual(['p99', 'p99.9', 'p99.9']);
  expect([moneyText(0.011805, 'USD'), moneyText(12.44, 'EUR'), moneyText(1234, 'USD')]).toEqual(['0.0118 USD', '12.4 EUR', '1230 USD']);
});
