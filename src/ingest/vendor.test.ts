import { describe, expect, it } from "vitest";
import { normalizeVendor, vendorKey } from "./vendor.ts";

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

  it.each([
    // References that change every time the vendor is paid, which a vendor must not carry.
    ["ACH DEBIT ADP WAGE PAY WAGE PAY 00267035", "Adp Wage Pay"],
    ["REFUND AMAZON MKTP US*2K4LL1A03 AMZN.COM/BILL WA", "Amazon Mktp"],
    ["FACEBK *KQPD8R8QE", "Facebk"],
    ["FACEBK *AACKKCKUG", "Facebk"],
    ["GOOGLE *GSUITE_W29241YDK", "Gsuite"],
    ["CANVA* KPNUL3PQL SAN FRANCISCO CA", "Canva"],
    ["SLACK T0XP0JT5N55", "Slack"],
    ["CHECKCARD 0330 UPWORK -14Z9GZFZN SANTA CLARA CA 62537814269588377936182", "Upwork"],
    ["Online Transfer to CHK ...7909 transaction#: 96876132033 09/09", "Online Transfer To Chk"],
    ["MOBILE DEPOSIT : REF NUMBER :789474205", "Mobile Deposit Ref Number"],
    // "IN" reads as Indiana, and "ENDING" as its city: still one vendor for every month's payment.
    ["PAYMENT TO CHASE CARD ENDING IN 0412 01/22", "Payment To Chase Card"],
    ["5/3 ONLINE TRANSFER TO CHK 6467", "5/3 Online Transfer To Chk"],
    ["7-ELEVEN 35123 CINCINNATI OH", "7-Eleven"],
  ])("drops references: %j -> %j", (description, vendor) => {
    expect(normalizeVendor(description)).toBe(vendor);
  });

  it("leaves out the receiving company's own name, which banks print in its ACH entries", () => {
    const company = "Liberty Childcare Center";
    expect(normalizeVendor("GUSTO NET KD9JZ71CY 250124 5986990216 LIBERTY CHILDCARE CENTER", company)).toBe("Gusto Net");
    expect(normalizeVendor("THE HARTFORD DES:INS PREM ID:MDDC3ES8GV INDN:LIBERTY CHILDCARE CENTER CO ID:6704863231 PPD", company)).toBe("The Hartford");
    // Another company's statement keeps the words: they are the vendor there.
    expect(normalizeVendor("LIBERTY CHILDCARE CENTER TUITION", "Hamilton Coffee Co.")).toBe("Liberty Childcare Center Tuition");
  });

  it("reads a trailing CO as the company it usually is, and as Colorado only after a city", () => {
    expect(normalizeVendor("SMITH PLUMBING CO")).not.toBe(normalizeVendor("SMITH CATERING CO"));
    expect(normalizeVendor("SMITH PLUMBING CO")).toBe("Smith Plumbing Co");
  });

  it("keys vendors in every script, so that two different ones never share an empty key", () => {
    expect(vendorKey("Пекарня Хлеб")).toBe("пекарня хлеб");
    expect(vendorKey("東京文具店")).not.toBe(vendorKey("Автосервис Ремонт"));
    expect(vendorKey("Café Olé")).toBe("cafe ole");
  });

  it("keeps a vendor that is nothing but the company's own name, without its reference", () => {
    expect(normalizeVendor("HARBOR KILN 40101", "Harbor Kiln")).toBe("Harbor Kiln");
    expect(normalizeVendor("HARBOR KILN 40102", "Harbor Kiln")).toBe(normalizeVendor("HARBOR KILN 40103", "Harbor Kiln"));
  });

  it("gives the same vendor whatever reference a payment carries", () => {
    const printings = ["GUSTO NET KD9JZ71CY 250124 5986990216 ACME LLC", "GUSTO NET FXJFB5KNA 250502 2655335510 ACME LLC", "GUSTO NET 21KD1PK2U 250822 3246615313 ACME LLC"];
    expect(new Set(printings.map((printing) => normalizeVendor(printing, "Acme LLC"))).size).toBe(1);
  });

  it("never returns nothing", () => {
    expect(normalizeVendor("#1234 5678")).not.toBe("");
    expect(normalizeVendor("CHECK 1043")).toBe("Check");
  });
});

describe("vendorKey", () => {
  it("folds case, accents and punctuation, and keeps brand digits", () => {
    expect(vendorKey("Café Bené, Inc.")).toBe("cafe bene inc");
    expect(vendorKey("5/3 Online Transfer")).toBe("5/3 online transfer");
    expect(vendorKey("  Blue   Oak  ")).toBe("blue oak");
  });
});
