import { describe, expect, it } from "vitest";
import { defaultSeedOptions } from "../seed/dataset.ts";
import { parsePilotArgs } from "./cli.ts";

describe("the pilot's flags", () => {
  it("defaults to the generator's defaults, the embedded host and reports/ where the command was typed", () => {
    expect(parsePilotArgs([], "/home/me/books")).toEqual({ data: null, url: null, out: "/home/me/books/reports", bookkeeper: true, llm: { LLM_PROVIDER: "mock" }, seedOptions: defaultSeedOptions });
  });

  it("resolves folders from where the command was typed and keeps the URL as given", () => {
    const parsed = parsePilotArgs(["--data", "seed/out", "--out", "/tmp/r", "--url", "http://127.0.0.1:8787"], "/home/me/books");
    expect(parsed).toMatchObject({ data: "/home/me/books/seed/out", out: "/tmp/r", url: "http://127.0.0.1:8787/" });
  });

  it("passes the generator's options through", () => {
    const parsed = parsePilotArgs(["--seed", "7", "--companies", "3", "--months", "4", "--new-vendors-after", "2"], "/");
    expect(parsed).toMatchObject({ seedOptions: { ...defaultSeedOptions, seed: 7, companies: 3, months: 4, newVendorsAfter: 2 } });
    expect(parsePilotArgs(["--bookkeeper", "off"], "/")).toMatchObject({ bookkeeper: false });
  });

  it.each([
    [["--data", "x", "--seed", "7"], /--seed describes generated data; --data books a folder as it is/],
    [["--data", "x", "--months", "2"], /--months describes generated data/],
    [["--data", ""], /--data needs a folder/],
    [["--out", ""], /--out needs a folder/],
    [["--companies", "0"], /companies must be a whole number from 1 to 500, not 0/],
    [["--seed", "4294967296"], /seed must be a whole number from 0 to 4294967295/],
    [["--seed", "99999999999999999999"], /--seed is too large: 99999999999999999999/],
    [["--months", "two"], /--months must be a whole number, not "two"/],
    [["--months=-1"], /--months must be a whole number, not "-1"/],
    [["--months", "-1"], /--months.*ambiguous/],
    [["--url", "ftp://example.com"], /--url must start with http:\/\/ or https:\/\/, not ftp:/],
    [["--url", "not a url"], /--url must be a URL such as http:\/\/127\.0\.0\.1:8787/],
    [["--url", "http://127.0.0.1:8787/?a=1"], /--url is where the API lives, without \?query or #fragment/],
    [["--url", "http://127.0.0.1:8787/#top"], /--url is where the API lives, without \?query or #fragment/],
    [["--out", "a", "--out", "b"], /--out is given twice/],
    [["--bookkeeper", "maybe"], /--bookkeeper is on or off, not "maybe"/],
    [["--data", "x", "--new-vendors-after", "6"], /--new-vendors-after describes generated data/],
    [["--new-vendors-after", "12"], /new-vendors-after must be a whole number of months from 0 to 11/],
    [["--sede", "1"], /Unknown option '--sede'/],
    [["extra"], /Unexpected argument 'extra'/],
  ])("refuses %j", (args, message) => {
    expect(() => parsePilotArgs(args, "/")).toThrow(message);
  });
});
