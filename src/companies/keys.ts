import { randomBase64Url, sha256Hex } from "../shared/crypto.ts";
import { apiKeyPrefix } from "./auth.ts";

export interface IssuedKey {
  /** Shown to the caller once; never stored. */
  secret: string;
  keyHash: string;
  /** Enough of the key for a person to tell keys apart in a list. */
  displayPrefix: string;
}

export async function issueApiKey(): Promise<IssuedKey> {
  const secret = `${apiKeyPrefix}${randomBase64Url(32)}`;
  return { secret, keyHash: await sha256Hex(secret), displayPrefix: secret.slice(0, apiKeyPrefix.length + 6) };
}
