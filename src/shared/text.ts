/** "Café", "Cafe" and "CAFÉ" compare alike once folded: accents off (by Unicode decomposition), lower case. */
export function withoutAccents(text: string): string {
  return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
}

/** Two blanks in a row, or a blank other than the space: what collapseSpaces would change. */
export const hasUnevenSpace = (text: string): boolean => /\s\s|[^\S ]/.test(text);

/** Every run of whitespace as one space. Most texts have none to collapse, and are returned without a replace. */
export const collapseSpaces = (text: string): string => (hasUnevenSpace(text) ? text.replace(/\s+/g, " ") : text);
