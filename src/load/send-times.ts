/** Each request's intended and actual send time (µs from the trial start), by request id: two growable arrays, no object per request. */
export class SendTimes {
  private intended: Float64Array;
  private fired: Float64Array;

  constructor(expectedRequests: number) {
    this.intended = new Float64Array(expectedRequests);
    this.fired = new Float64Array(expectedRequests);
  }

  set(id: number, intendedUs: number, firedUs: number): void {
    if (id >= this.intended.length) this.grow();
    this.intended[id] = intendedUs;
    this.fired[id] = firedUs;
  }

  intendedUs(id: number): number {
    return this.intended[id]!;
  }

  firedUs(id: number): number {
    return this.fired[id]!;
  }

  private grow(): void {
    const size = this.intended.length * 2;
    const intended = new Float64Array(size);
    const fired = new Float64Array(size);
    intended.set(this.intended);
    fired.set(this.fired);
    this.intended = intended;
    this.fired = fired;
  }
}
