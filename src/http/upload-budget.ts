/**
 * How many bytes of upload bodies one host (a Node process, or one Worker
 * isolate) holds at once, across requests. Each upload is buffered whole
 * before it is read, so without a bound a storm of large files would take
 * the process's memory; past the bound, an upload is refused with 429 and
 * Retry-After before its body is read. Single-threaded hosts: no locking.
 */
export class UploadBudget {
  readonly bytesMax: number;
  private bytesHeld = 0;

  constructor(bytesMax: number) {
    this.bytesMax = bytesMax;
  }

  get held(): number {
    return this.bytesHeld;
  }

  /**
   * Takes `bytes` if they fit, or if nothing else is held (one upload is
   * always let through, whatever the bound); answers how to give them back,
   * once, or undefined when they do not fit.
   */
  take(bytes: number): (() => void) | undefined {
    if (this.bytesHeld > 0 && this.bytesHeld + bytes > this.bytesMax) return undefined;
    this.bytesHeld += bytes;
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.bytesHeld -= bytes;
    };
  }
}
