import { describe, expect, it } from "vitest";
import { amountOf, extractReceipt, type Extracted } from "./extract.ts";

interface ReceiptCase {
  /** What the receipt shows the extractor can cope with. */
  behaviour: string;
  text: string;
  expected: Extracted;
}

const nothing: Extracted = {
  vendor: null,
  date: null,
  totalMinor: null,
  taxMinor: null,
  tipMinor: null,
  currency: null,
  cardLast4: null,
  paidInCash: false,
  tipLeftOut: false,
};

const cases: readonly ReceiptCase[] = [
  {
    behaviour: "a US grocery slip: coupon line, percent on the tax line, no currency sign, masked Visa",
    text: `FRESH HARVEST GROCERS
1120 Oak Ridge Blvd
Springfield, IL 62704
(217) 555-0143
03/14/2025  18:42
ORGANIC BANANAS        1.29
WHOLE MILK 1GAL        4.49
SOURDOUGH LOAF         5.99
CHEDDAR 8OZ            3.79
MFR COUPON            -1.00
SUBTOTAL              14.56
TAX 2.25%              0.33
TOTAL                 14.89
VISA ************4821
AUTH 004417
THANK YOU FOR SHOPPING`,
    expected: { ...nothing, vendor: "FRESH HARVEST GROCERS", date: "2025-03-14", totalMinor: 1489, taxMinor: 33, cardLast4: "4821" },
  },
  {
    behaviour: "a restaurant slip with the tip written in: the grand total is what was charged",
    text: `The Copper Kettle Bistro
88 Harbor St, Portland ME
Server: Dana   Table 12
Date: Mar 14, 2025 7:55 PM
2 Lobster Roll        $58.00
1 Clam Chowder        $9.50
2 Iced Tea            $7.00
Subtotal             $74.50
Sales Tax 8%          $5.96
Total                $80.46
Tip                  $14.50
Grand Total          $94.96
MASTERCARD ending 9902`,
    expected: { ...nothing, vendor: "The Copper Kettle Bistro", date: "2025-03-14", totalMinor: 9496, taxMinor: 596, tipMinor: 1450, currency: "USD", cardLast4: "9902" },
  },
  {
    behaviour: "a restaurant slip with a blank tip line and printed suggestions, which are not a tip",
    text: `LUNA TAQUERIA
455 Valencia St
San Francisco CA 94103
Check #3391  Server: Marco
04/02/2025 12:31
Carnitas Burrito     12.95
Horchata              3.50
Chips & Salsa         4.25
Subtotal             20.70
Tax                   1.78
Amount Due           22.48

Tip: ______________
Total: ______________

Card # XXXX1234
Suggested gratuity:
18% = 4.05   20% = 4.50   22% = 4.95`,
    expected: { ...nothing, vendor: "LUNA TAQUERIA", date: "2025-04-02", totalMinor: 2248, taxMinor: 178, cardLast4: "1234", tipLeftOut: true },
  },
  {
    behaviour: "a hardware store paid in cash, where the cash tendered is larger than the total",
    text: `Ridgeline Hardware & Supply
2290 County Rd 9
Boulder, CO 80301
TRANS 88213  REG 02  CASHIER: PAT
05/09/25 10:14 AM
WOOD SCREWS #8 1-1/4    6.47
DUCT TAPE 60YD          8.99
2 @ 3.49  PAINT ROLLER  6.98
SUBTOTAL               22.44
SALES TAX 4.1%          0.92
TOTAL                 $23.36
CASH TENDERED         $40.00
CHANGE DUE            $16.64`,
    expected: { ...nothing, vendor: "Ridgeline Hardware & Supply", date: "2025-05-09", totalMinor: 2336, taxMinor: 92, currency: "USD", paidInCash: true },
  },
  {
    behaviour: "a gas pump slip, whose gallons and price per gallon have three decimals and are not amounts",
    text: `SUMMIT FUEL STOP
Exit 42 I-80
Date 2025-03-14  Time 07:12
Pump 06
Unleaded  12.418 GAL @ $3.289/GAL
FUEL TOTAL    $40.84
DEBIT ****5519
APPROVED`,
    expected: { ...nothing, vendor: "SUMMIT FUEL STOP", date: "2025-03-14", totalMinor: 4084, currency: "USD", cardLast4: "5519" },
  },
  {
    behaviour: "an online order confirmation: the shop's name under the heading, an items subtotal, a long-form date",
    text: `Order Confirmation
Northwind Outfitters
Order #NW-448812
Order placed: March 3, 2025
Items (2):
Trail Runner Shoes, Size 10      $129.00
Merino Wool Socks (3-pack)        $24.00
Item(s) Subtotal:               $153.00
Shipping & Handling:              $0.00
Estimated tax to be collected:   $12.24
Order Total:                    $165.24
Payment method: Visa ending in 4821`,
    expected: { ...nothing, vendor: "Northwind Outfitters", date: "2025-03-03", totalMinor: 16524, taxMinor: 1224, currency: "USD", cardLast4: "4821" },
  },
  {
    behaviour: "a German bakery slip: SUMME, comma decimals, day-first dots, the cash given larger than the sum, MwSt",
    text: `Bäckerei Sonnenkorn
Hauptstraße 12
80331 München
Tel. 089 123456
14.03.2025 08:17
2x Brezel              1,90
Roggenbrot 750g        3,45
Cappuccino             2,80
SUMME EUR              8,15
Gegeben BAR           10,00
Rückgeld               1,85
MwSt 7%  netto 7,62  MwSt 0,53`,
    // "BAR" is German for cash, but also a word in many restaurants' names: it is not read as cash.
    expected: { ...nothing, vendor: "Bäckerei Sonnenkorn", date: "2025-03-14", totalMinor: 815, taxMinor: 53, currency: "EUR" },
  },
  {
    behaviour: "a French café slip: TOTAL HT below TOTAL TTC, TVA, a euro sign after the amount, a spaced-out card mask",
    text: `CAFÉ DES ARTS
21 rue de la Paix
75002 Paris
Le 14/03/2025 à 13:05
1 Croque-monsieur        9,50
1 Salade niçoise        12,80
2 Eau minérale           5,00
TOTAL HT                24,82
TVA 10,00%               2,48
TOTAL TTC               27,30 €
CB **** **** **** 7731`,
    expected: { ...nothing, vendor: "CAFÉ DES ARTS", date: "2025-03-14", totalMinor: 2730, taxMinor: 248, currency: "EUR", cardLast4: "7731" },
  },
  {
    behaviour: "a UK pub slip: the balance due printed before the VAT line, a VAT number that is no amount, a spelled-out date",
    text: `The Red Lion
High Street, Oxford OX1 4AB
VAT Reg No. GB 123 4567 89
14 March 2025 21:40
2 x Pint Bitter       £9.80
Fish & Chips         £15.50
Sticky Toffee Pud     £6.95
Balance Due          £32.25
VAT @ 20%             £5.38
Card # ************0067`,
    expected: { ...nothing, vendor: "The Red Lion", date: "2025-03-14", totalMinor: 3225, taxMinor: 538, currency: "GBP", cardLast4: "0067" },
  },
  {
    behaviour: "a Spanish restaurant slip: IVA, Fecha, the euro sign on the total line",
    text: `Restaurante El Faro
C/ Mayor 14, 28013 Madrid
NIF B-12345678
Fecha: 14/03/2025  Hora: 14:22
2 Menú del día        29,00
1 Caña                 2,50
BASE IMPONIBLE        28,64
IVA 10%                2,86
TOTAL €               31,50
Tarjeta ************2210`,
    expected: { ...nothing, vendor: "Restaurante El Faro", date: "2025-03-14", totalMinor: 3150, taxMinor: 286, currency: "EUR", cardLast4: "2210" },
  },
  {
    behaviour: "a Canadian bookshop slip: C$ amounts, the total above the HST line",
    text: `Northern Lights Books
1450 Granville St, Vancouver BC
2025-03-14 15:05
Field Guide to BC Birds   C$34.95
Notebook                   C$8.50
TOTAL                     C$49.10
  HST 13%                  C$5.65
VISA ************4821`,
    expected: { ...nothing, vendor: "Northern Lights Books", date: "2025-03-14", totalMinor: 4910, taxMinor: 565, currency: "CAD", cardLast4: "4821" },
  },
  {
    behaviour: "an OCR'd deli slip: zeros for O in words, uneven spacing, dot leaders, a card mask spaced out",
    text: `  C0RNER DELI  &  GR1LL
 417 W 4th Av
 Date:03/14/2025   11:02
 TURKEY CLUB ...... 9.25
 CHIPS        1.50
 SUBT0TAL     10.75
 TAX           0.94
 T0TAL      $ 11.69
 VISA  * * * * 3310`,
    expected: { ...nothing, vendor: "C0RNER DELI & GR1LL", date: "2025-03-14", totalMinor: 1169, taxMinor: 94, currency: "USD", cardLast4: "3310" },
  },
  {
    behaviour: "an OCR'd diner slip paid in cash: T0TAL, an O for the last 0 of the total, cash tendered above it",
    text: `Maple Street Diner
03/14/2025
Pancakes     8.95
Coffee       2.60
Subtotal    11.55
Tax          0.95
T0TAL     $ 12.5O
Cash tendered  20.00
Change          7.50`,
    expected: { ...nothing, vendor: "Maple Street Diner", date: "2025-03-14", totalMinor: 1250, taxMinor: 95, currency: "USD", paidInCash: true },
  },
  {
    behaviour: "a return receipt: refund lines and a negative total",
    text: `BRIGHTLINE ELECTRONICS
RETURN RECEIPT
2025-03-14 16:20
RETURN  USB-C HUB          -49.99
RETURN  HDMI CABLE 2M      -12.99
SUBTOTAL                   -62.98
TAX                         -5.20
TOTAL                      -68.18
REFUND TO VISA ************4821   -68.18`,
    expected: { ...nothing, vendor: "BRIGHTLINE ELECTRONICS", date: "2025-03-14", totalMinor: -6818, taxMinor: -520, cardLast4: "4821" },
  },
  {
    behaviour: "a furniture invoice with US thousands separators",
    text: `Pinecrest Furniture Co.
Invoice date: 02/28/2025
Sofa, 3-seat, Oatmeal      1,099.00
Delivery & setup              89.00
Subtotal                   1,188.00
Tax 3.9%                      46.33
Total                     $1,234.33
Paid  MASTERCARD ending 9902`,
    expected: { ...nothing, vendor: "Pinecrest Furniture Co.", date: "2025-02-28", totalMinor: 123_433, taxMinor: 4633, currency: "USD", cardLast4: "9902" },
  },
  {
    behaviour: "a German invoice with European thousands separators and the VAT included in the Gesamtbetrag",
    text: `Elektro Maier GmbH
Industriestr. 5, 70565 Stuttgart
Rechnung / Datum: 14.03.2025
1x Waschmaschine WM-8       1.199,00
1x Lieferung                   38,56
Gesamtbetrag EUR            1.237,56
darin MwSt 19%                197,59
Zahlung: Mastercard ****9902`,
    expected: { ...nothing, vendor: "Elektro Maier GmbH", date: "2025-03-14", totalMinor: 123_756, taxMinor: 19_759, currency: "EUR", cardLast4: "9902" },
  },
  {
    behaviour: "a pharmacy slip whose total savings line is larger than the total",
    text: `CORNERSTONE PHARMACY
Store #0412  (614) 555-0199
2025-03-14 09:47
ALLERGY RELIEF 30CT     24.99
  REG PRICE 34.99  YOU SAVE 10.00
VITAMIN D3 2000IU       11.49
SUBTOTAL                36.48
TAX                      2.74
TOTAL                   39.22
TOTAL SAVINGS           41.50
DEBIT CARD XXXXXXXXXXXX6620
CASH BACK                0.00`,
    expected: { ...nothing, vendor: "CORNERSTONE PHARMACY", date: "2025-03-14", totalMinor: 3922, taxMinor: 274, cardLast4: "6620" },
  },
  {
    behaviour: "a coffee shop slip with a gratuity line filled in",
    text: `Blue Heron Coffee Roasters
Mar 14, 2025  8:03 AM
Oat Latte 16oz      $5.75
Almond Croissant    $4.25
Subtotal           $10.00
Tax                 $0.90
Gratuity            $2.00
Total              $12.90
Visa Contactless
Card # XXXX1234`,
    expected: { ...nothing, vendor: "Blue Heron Coffee Roasters", date: "2025-03-14", totalMinor: 1290, taxMinor: 90, tipMinor: 200, currency: "USD", cardLast4: "1234" },
  },
  {
    behaviour: "a copy-shop slip with no date, no tax and no tender",
    text: `QUICKPRINT COPY CENTER
Self-serve copies  x42    4.20
Binding                   3.50
Total                     7.70
Thank you!`,
    expected: { ...nothing, vendor: "QUICKPRINT COPY CENTER", totalMinor: 770 },
  },
  {
    behaviour: "text of nothing but whitespace",
    text: "   \n\t  \r\n  ",
    expected: nothing,
  },
];

describe("extractReceipt", () => {
  it.each(cases)("reads every field of $behaviour", ({ text, expected }) => {
    expect(extractReceipt(text)).toEqual(expected);
  });

  it("reads a receipt with Windows line endings as it reads the same receipt with Unix ones", () => {
    for (const { text } of cases) expect(extractReceipt(text.replace(/\n/g, "\r\n"))).toEqual(extractReceipt(text));
  });

  it("does not take a year, a ZIP code or a phone number for an amount when no amount is printed", () => {
    expect(extractReceipt("Harbor View Marina\nSlip 14, Dock B\nOpen 2025 season\n(207) 555-0188\n04101").totalMinor).toBeNull();
  });
});

describe("amountOf", () => {
  it.each([
    ["12.34", 1234],
    ["$1,234.56", 123_456],
    ["1.234,56", 123_456],
    ["1 234,56", 123_456],
    ["€ 8,15", 815],
    ["-3.10", -310],
    ["0.07", 7],
  ])("reads %s as %i minor units, the last separator being the decimal one", (token, minor) => {
    expect(amountOf(token)).toBe(minor);
  });

  it.each(["12", "12.5", "3.289", "abc"])("refuses %s, which has no two-decimal part", (token) => {
    expect(amountOf(token)).toBeNull();
  });
});
