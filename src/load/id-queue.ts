/** A FIFO of request ids on a growable ring: no allocation per push or shift once grown. */
export class IdQueue {
  private ring = new Float64Array(1024);
  private head = 0;
  length = 0;

  push(id: number): void {
    if (this.length === this.ring.length) this.grow();
    this.ring[(this.head + this.length) % this.ring.length] = id;
    this.length += 1;
  }

  /** The oldest id; only when `length > 0`. */
  shift(): number {
    const id = this.ring[this.head]!;
    this.head = (this.head + 1) % this.ring.length;
    this.length -= 1;
    return id;
  }

  private grow(): void {
    const bigger = new Float64Array(this.ring.length * 2);
    for (let i = 0; i < this.length; i++) bigger[i] = this.ring[(this.head + i) % this.ring.length]!;
    this.ring = bigger;
    this.head = 0;
  }
}
