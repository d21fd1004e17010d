import { describe, expect, it } from "vitest";
import { normalizeVendor } from "./vendor.ts";

describe("normalizeVendor", () => {
  it.each([
    ["CARD PURCHASE 03/13 KROGER #417 CINCINNATI OH CARD 0412", "Kroger"],
    ["CHECKCARD 0301 STAPLES 00451 CINCINNATI OH 24431065071234567890123", "Staples"],
    ["PURCHASE AUTHORIZED ON 03/13 WAL-MART #2253 CINCINNATI OH S585071456789012 CARD 1234", "Wal-Mart"],
    ["DEBIT CARD PURCHASE AT SPEEDWAY 07413, WEST CHESTER, OH ON 0314 FROM CARD#: XXXXXXXXXXXX1234", "Speedway"],
    ["POS DEBIT SQ *BLUE OAK COFFEE RO CINCINNATI OH", "Blue Oak Coffee Ro"],
    ["TST* SKYLINE CHILI CLIFTO", "Skyline Chili Clifto"],
    ["PAYPAL *ENVATO CINCINNATI OH", "Envato"],
    ["AMAZON MKTPL*RA4KL2JH3 SEATTLE WA", "Amazon Mktpl"],
    ["ORIG CO NAME:SQUARE INC ORIG ID:9424300002 DESC DATE:250313 CO ENTRY DESCR:SQ250313 SEC:CCD", "Square Inc"],
    ["STRIPE DES:TRANSFER ID:ST-X9Y8 INDN:CINCY WEB BUILDERS CO ID:4270465600 CCD", "Stripe"],
    ["DUKE ENERGY OH K UTILITY PMT    PPD ID: 6492909242", "Duke Energy Oh K Utility Pmt"],
    ["GUSTO            NET F4XWPH7XD    PPD ID: 8525770904", "Gusto"],
    ["WAL-MART #2253        CINCINNATI     OH", "Wal-Mart"],
    ["ACH DEBIT CAMICO MUTUAL INS PREM 82030024", "Camico Mutual Ins Prem"],
    ["UBER   *TRIP HELP.UBER.COM SAN FRANCISCO CA", "Uber"],
    ["AMAZON WEB SERVICES SEATTLE WA", "Amazon Web Services"],
    ["MONTHLY SERVICE FEE", "Monthly Service Fee"],
    ["Albert Heijn 1234", "Albert Heijn"],
  ])("%j -> %j", (description, vendor) => {
    expect(normalizeVendor(description)).toBe(vendor);
  });

  it("never returns nothing", () => {
    expect(normalizeVendor("#1234 5678")).not.toBe("");
    expect(normalizeVendor("CHECK 1043")).toBe("Check");
  });
});
