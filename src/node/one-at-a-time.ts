/**
 * Work for one worker that takes one task at a time (the Node host's OCR):
 * tasks run in the order they came, one after another, and at most
 * `waitingMax` may wait. Past that, and once closed, a task is refused at
 * once instead of queued: a queue without a bound lets one client hold the
 * worker for everyone (a photo takes seconds; a request may carry several).
 */
export class OneAtATime {
  readonly #waitingMax: number;
  #waiting = 0;
  #closed = false;
  // The task before the next one, settled either way: the next waits for it.
  #previous: Promise<unknown> = Promise.resolve();

  constructor(waitingMax: number) {
    this.#waitingMax = waitingMax;
  }

  /** Tasks queued or running now. */
  get waiting(): number {
    return this.#waiting;
  }

  /** Runs `task` after those before it; `refuse()` is thrown instead when the queue is full or closed. */
  run<Result>(task: () => Promise<Result>, refuse: (why: "full" | "closed") => Error): Promise<Result> {
    if (this.#closed) return Promise.reject(refuse("closed"));
    if (this.#waiting >= this.#waitingMax) return Promise.reject(refuse("full"));
    this.#waiting++;
    const running = this.#previous.then(() => (this.#closed ? Promise.reject(refuse("closed")) : task())).finally(() => this.#waiting--);
    this.#previous = running.catch(() => undefined);
    return running;
  }

  /** Refuses what is queued and not yet started, and everything after; resolves when the running task has settled. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#previous;
  }
}
