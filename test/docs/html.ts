/**
 * HTML parsed by linkedom, seen through the few DOM parts the tests read:
 * linkedom's own types lean on the DOM library, which this project (typed for
 * Workers and Node) leaves out, so they would resolve to nothing.
 */
import { parseHTML } from "linkedom";

export interface PageElement {
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  querySelector(selectors: string): PageElement | null;
  querySelectorAll(selectors: string): ArrayLike<PageElement> & Iterable<PageElement>;
}

export interface PageDocument extends PageElement {
  readonly title: string;
}

export function parsePage(html: string): PageDocument {
  const window: unknown = parseHTML(html);
  return (window as { document: PageDocument }).document;
}
