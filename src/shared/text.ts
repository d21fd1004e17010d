/** "Café", "Cafe" and "CAFÉ" compare alike once folded: accents off (by Unicode decomposition), lower case. */
export function withoutAccents(text: string): string {
  return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
}
