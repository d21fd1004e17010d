/**
 * Vendors a company has never paid before, made up as the year goes on: a
 * new café on the corner, a contractor found last week, a supplier that
 * replaced the old one. Each keeps what it stands in for (its accounts, its
 * amounts, how it is paid) and takes a name of its own, from word lists that
 * no rule pack, model or mock knows. And vendors that change how their bank
 * line reads partway through the year (a new processor, a shortened name).
 * These are what make books hard in life, and what a tier can only learn, not
 * be told.
 */
import type { Rng } from "./rng.ts";
import type { Vendor } from "./model.ts";

const firstWords = [
  "Harbor", "Kestrel", "Juniper", "Copper", "Lantern", "Meridian", "Bluestem", "Granite", "Willow", "Saffron", "Northgate", "Pinecrest", "Foxglove", "Ironwood",
  "Marigold", "Tidewater", "Summit", "Hollow", "Bramble", "Quarry", "Larkspur", "Redbud", "Alder", "Beacon", "Cinder", "Driftwood", "Ember", "Fairview",
  "Gable", "Heron", "Indigo", "Jasper", "Keystone", "Linden", "Maple Row", "Nettle", "Orchard", "Pioneer", "Quill", "Rowan", "Sable", "Thistle", "Umber",
  "Vale", "Wren", "Yarrow", "Zephyr", "Ashgrove", "Birchwood", "Clover", "Dunmore", "Elmstead", "Fernhill", "Goldcrest", "Hawthorn", "Ivywood", "Kingfisher",
];

const secondWords = [
  "& Vine", "Trading", "Works", "Supply", "Collective", "Partners", "Group", "Studio", "Goods", "House", "Company", "Exchange", "Outfitters", "Provisions",
  "& Sons", "Labs", "Market", "Services", "Co-op", "Depot", "Brothers", "Associates", "Mercantile", "Workshop", "Union", "Guild",
];

const abbreviate = (name: string): string =>
  name
    .toUpperCase()
    .replace(/[^A-Z0-9& ]/g, "")
    .split(" ")
    .map((word) => (word.length > 6 ? word.slice(0, 5) : word))
    .join(" ");

/** A name no list of known vendors holds, the same one every time for the same draw. */
export function novelName(rng: Rng): string {
  return `${rng.pick(firstWords)} ${rng.pick(secondWords)}`;
}

/** A vendor like `base` in everything a bookkeeper would book it by, under a name of its own. */
export function novelVendor(base: Vendor, rng: Rng): Vendor {
  const name = novelName(rng);
  const upper = name.toUpperCase();
  // A processor prefix stays: a new café takes cards through the same processors as the old one.
  const prefix = /^(?:SQ \*|TST\* |PAYPAL \*|SP |EB \*)/.exec(base.merchant)?.[0] ?? "";
  return {
    ...base,
    name,
    printed: name,
    merchant: `${prefix}${rng.chance(0.4) ? abbreviate(name) : upper}${base.merchant.includes("{store}") ? " #{store}" : ""}`,
    achCompany: base.achCompany.includes("{client}") ? base.achCompany : upper,
  };
}

/** How a vendor's bank line can come to read differently: another processor, a shortened name, a legal form added. */
export function reprintedVendor(base: Vendor, rng: Rng): Vendor {
  const merchant = base.merchant.replace(/^(?:SQ \*|TST\* |PAYPAL \*|SP |EB \*)/, "");
  const shortened = abbreviate(merchant.replace(/\s*#\{store\}/, ""));
  const variants = [`SQ *${shortened}`, `${shortened} LLC`, `${shortened}${merchant.includes("{store}") ? " #{store}" : ""} ONLINE`, `PAYPAL *${shortened.replace(/ /g, "")}`];
  return { ...base, merchant: rng.pick(variants), achCompany: base.achCompany.includes("{client}") ? base.achCompany : `${abbreviate(base.achCompany)} INC` };
}
