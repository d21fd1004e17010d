/** Row ids are random, never derived from content (see DESIGN.md section 5). */
export function newId(): string {
  return crypto.randomUUID();
}
