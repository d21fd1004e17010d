import { describe, expect, it } from "vitest";
import { defaultDatabaseUrl, defaultPort, readNodeConfig } from "./config.ts";

describe("readNodeConfig", () => {
  it("needs no settings at all", () => {
    const { llm, ...rest } = readNodeConfig({});
    expect(rest).toEqual({
      port: defaultPort,
      hostname: "127.0.0.1",
      databaseUrl: defaultDatabaseUrl,
      databaseAuthToken: undefined,
      adminToken: undefined,
      importBytesMax: 10 * 1024 * 1024,
      documentBytesMax: 10 * 1024 * 1024,
      uploadsInFlightBytesMax: 64 * 1024 * 1024,
      shutdownGraceMs: 10_000,
      limits: { rulesPerCompanyMax: 1000, apiKeysPerCompanyMax: 50, bankAccountsPerCompanyMax: 100, requestsPerKeyPerMinute: 600 },
    });
    // The LLM tier is the offline mock until LLM_PROVIDER says otherwise.
    expect(llm.provider?.name).toBe("mock");
  });

  it("reads IMPORT_MAX_BYTES, and refuses what is not a positive whole number of bytes", () => {
    expect(readNodeConfig({ IMPORT_MAX_BYTES: "1048576" }).importBytesMax).toBe(1_048_576);
    expect(readNodeConfig({ IMPORT_MAX_BYTES: "" }).importBytesMax).toBe(10 * 1024 * 1024);
    for (const bad of ["0", "-5", "ten", "1.5", "1e400"]) {
      expect(() => readNodeConfig({ IMPORT_MAX_BYTES: bad })).toThrow(/IMPORT_MAX_BYTES must be a positive whole number of bytes/);
    }
  });

  it("reads UPLOADS_IN_FLIGHT_MAX_BYTES, and refuses what is not a positive whole number of bytes", () => {
    expect(readNodeConfig({ UPLOADS_IN_FLIGHT_MAX_BYTES: "2097152" }).uploadsInFlightBytesMax).toBe(2_097_152);
    expect(() => readNodeConfig({ UPLOADS_IN_FLIGHT_MAX_BYTES: "lots" })).toThrow(/UPLOADS_IN_FLIGHT_MAX_BYTES must be a positive whole number of bytes/);
  });

  it("reads SHUTDOWN_GRACE_MS, 0 included, and refuses what is not a whole number of milliseconds", () => {
    expect(readNodeConfig({ SHUTDOWN_GRACE_MS: "2500" }).shutdownGraceMs).toBe(2500);
    expect(readNodeConfig({ SHUTDOWN_GRACE_MS: "0" }).shutdownGraceMs).toBe(0);
    expect(readNodeConfig({ SHUTDOWN_GRACE_MS: " " }).shutdownGraceMs).toBe(10_000);
    // 2^31 ms and more: Node's setTimeout would fire at once and cut every request.
    for (const bad of ["-1", "ten", "1.5", "1e3", "2147483648", "99999999999999999999"]) {
      expect(() => readNodeConfig({ SHUTDOWN_GRACE_MS: bad })).toThrow(`SHUTDOWN_GRACE_MS must be a whole number of milliseconds from 0 to 2147483647 (about 24 days), not "${bad}"`);
    }
    expect(readNodeConfig({ SHUTDOWN_GRACE_MS: "2147483647" }).shutdownGraceMs).toBe(2_147_483_647);
  });

  it("reads PORT, DATABASE_URL and ADMIN_TOKEN, treating an empty token as unset", () => {
    expect(readNodeConfig({ PORT: "8080", DATABASE_URL: "libsql://books.example", ADMIN_TOKEN: "" })).toMatchObject({
      port: 8080,
      databaseUrl: "libsql://books.example",
      adminToken: undefined,
    });
  });

  it("treats empty variables as unset", () => {
    const { llm: _unset, ...empty } = readNodeConfig({ PORT: "", HOST: " ", DATABASE_URL: "", ADMIN_TOKEN: "", LLM_PROVIDER: "" });
    const { llm: _default, ...defaults } = readNodeConfig({});
    expect(empty).toEqual(defaults);
    expect(_unset.provider?.name).toBe(_default.provider?.name);
  });

  it.each(["eighty", "-1", "70000", "80.5"])("refuses PORT=%s with a message naming it", (port) => {
    expect(() => readNodeConfig({ PORT: port })).toThrow(`PORT must be an integer from 0 to 65535, not "${port}"`);
  });
});
