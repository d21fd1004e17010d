import { randomBase64Url, sha256Hex } from "../shared/crypto.ts";
import { apiKeyPrefix } from "./auth.ts";

export interface IssuedKey {
  /** Shown to the caller once; never stored. */
  secret: string;
  keyHash: string;
  /** Enough of the key for a person to tell keys apart in a list. */
  displayPrefix: string;
}

export function issueApiKey(): IssuedKey {
  const secret = `${apiKeyPrefix}${randomBase64Url(32)}`;
  return { secret, keyHash: sha256Hex(secret), displayPrefix: secret.slice(0, apiKeyPrefix.length + 6) };
}
