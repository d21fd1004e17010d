import { describe, expect, it } from "vitest";
import { OneAtATime } from "./one-at-a-time.ts";

/** A task that resolves when told to, and records when it started. */
function controlled(log: string[], name: string): { task: () => Promise<string>; finish: () => void } {
  let finish = (): void => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    task: async () => {
      log.push(`start ${name}`);
      await done;
      return name;
    },
    finish: () => finish(),
  };
}

const refuse = (why: "full" | "closed"): Error => new Error(why);
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe("OneAtATime", () => {
  it("runs tasks in the order they came, one after another, a failure included", async () => {
    const queue = new OneAtATime(8);
    const log: string[] = [];
    const a = controlled(log, "a");
    const b = controlled(log, "b");
    const first = queue.run(async () => {
      await a.task();
      throw new Error("a failed");
    }, refuse);
    const second = queue.run(b.task, refuse);
    await settle();
    expect(log).toEqual(["start a"]);
    a.finish();
    await expect(first).rejects.toThrow("a failed");
    b.finish();
    await expect(second).resolves.toBe("b");
    expect(log).toEqual(["start a", "start b"]);
    expect(queue.waiting).toBe(0);
  });

  it("refuses at once past waitingMax, and takes tasks again as they finish", async () => {
    const queue = new OneAtATime(2);
    const log: string[] = [];
    const a = controlled(log, "a");
    const b = controlled(log, "b");
    const running = [queue.run(a.task, refuse), queue.run(b.task, refuse)];
    await expect(queue.run(() => Promise.resolve("c"), refuse)).rejects.toThrow("full");
    a.finish();
    b.finish();
    await Promise.all(running);
    await expect(queue.run(() => Promise.resolve("d"), refuse)).resolves.toBe("d");
  });

  it("once closed, refuses what waits and what comes, and lets the running task finish", async () => {
    const queue = new OneAtATime(8);
    const log: string[] = [];
    const a = controlled(log, "a");
    const running = queue.run(a.task, refuse);
    const queued = queue.run(() => Promise.resolve("never"), refuse);
    await settle();
    const closed = queue.close();
    await expect(queue.run(() => Promise.resolve("late"), refuse)).rejects.toThrow("closed");
    a.finish();
    await expect(running).resolves.toBe("a");
    await expect(queued).rejects.toThrow("closed");
    await closed;
    expect(log).toEqual(["start a"]);
  });
});
