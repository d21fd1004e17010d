/** Who is calling: the operator (admin token) or one company's API key. */
export type Principal = { kind: "admin" } | { kind: "company"; companyId: string; apiKeyId: string };
