import * as hdr from 'hdr-histogram-js';

/** A latency histogram in whole microseconds (1 µs .. 60 s, 3 significant digits). */
export type LatencyHistogram = hdr.Histogram;

const HIGHEST_TRACKABLE_US = 60_000_000;

export function newLatencyHistogram(): LatencyHistogram {
  return hdr.build({
    bitBucketSize: 64,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_TRACKABLE_US,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });
}

/** Records one latency; sub-microsecond values count as 1 µs, values past 60 s as 60 s. */
export function recordUs(histogram: LatencyHistogram, us: number): void {
  histogram.recordValue(Math.min(HIGHEST_TRACKABLE_US, Math.max(1, Math.round(us))));
}

/** HdrHistogram's compressed base64 form, what HDR tools exchange. */
export function encodeHistogram(histogram: LatencyHistogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

export function decodeHistogram(base64: string): LatencyHistogram {
  return hdr.decodeFromCompressedBase64(base64, 64, false);
}

export function percentileUs(histogram: LatencyHistogram, percentile: number): number {
  return histogram.getValueAtPercentile(percentile);
}
