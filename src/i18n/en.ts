// English.
import type { Messages } from "./messages.js";

export const en: Messages = {
  name: "English",
  verdicts: {
    authentic: "Genuine product",
    caution: "Genuine, not in a shop yet",
    recalled: "Recalled by its maker",
    warning: "Check this product",
    counterfeit: "Not a genuine code",
    unreadable: "This code cannot be read",
    unavailable: "This code cannot be checked right now",
  },
  reasons: {
    "signature-missing": () => "The code carries no signature, so it cannot be checked.",
    "signature-invalid": () => "The code's signature does not match the one the manufacturer registered.",
    "not-commissioned": () => "No manufacturer ever registered this code.",
    "maker-key-revoked": () => "The manufacturer's key that signed this code was compromised before it was registered.",
    "gtin-not-makers": () => "The product number does not belong to the manufacturer that signed this code.",
    "lot-mismatch": () => "The lot number in this code does not match the one its manufacturer signed.",
    recalled: (c) =>
      c.day ? `The manufacturer recalled this product on ${c.day}.` : "The manufacturer has recalled this product.",
    "reported-stolen": () => "This product was reported stolen.",
    destroyed: () => "This product was recorded as destroyed.",
    "not-in-shop": () =>
      "This genuine product has not reached a shop yet: it is still with its manufacturer or a distributor.",
    "in-transit": () => "This genuine product is on its way between two companies and has not reached a shop yet.",
    "at-retailer": (c) => `This genuine product was delivered to ${c.at}, where it is on sale.`,
    sold: (c) =>
      `This genuine product was sold${c.at ? ` by ${c.at}` : ""} on ${c.day}. If it is offered to you as new, it is a copy.`,
    claimed: (c) =>
      `This genuine product was claimed by its owner on ${c.day}. If you are buying it sealed in a shop, it is a copy.`,
    "often-checked": () =>
      "This code has been checked on many days since it was sold. That is normal when a product changes hands; if you are buying it as new, ask for its claim code.",
    "event-key-compromised": () =>
      "Part of this product's history was signed with a key that was later reported compromised.",
    authentic: () => "This product was registered by its manufacturer and its history checks out.",
    "nfc-tapped": () => "The NFC tag itself answered this tap: this is the tagged product, not a copy of its link.",
    "nfc-already-checked": (c) => `This tap was already checked on ${c.day}. Tap the tag again to check it now.`,
    "nfc-replayed": () =>
      "This link was read from the tag before it was tapped again: it is a copied link, which proves nothing about the product in front of you.",
    "nfc-invalid": () => "The NFC data in this link was not made by this product's tag.",
    "nfc-key-revoked": () =>
      "The key of this product's NFC tag was reported compromised, so a tap can no longer prove it is genuine.",
    "nfc-not-tapped": () =>
      "This product has an NFC tag, but this link carries no data from a tap: a printed, typed or copied link proves nothing on its own.",
    "seal-opened-before-sale": () => "Its tamper seal shows it was opened, and it has not been sold yet.",
    "seal-opened": () => "Its tamper seal shows it was opened after it was sold.",
  },
  next: {
    shelf:
      "If you are in this shop, you can buy it with confidence. If you are somewhere else, this code was copied: do not buy it.",
    sold: "Buying it second-hand? Ask the seller to pass it on with its claim code. Offered as new in a shop? Do not buy it and tell the shop.",
    claimed:
      "If it is yours, nothing to do. If you are being sold it sealed, do not buy it: the real one already has an owner.",
    authentic: "Nothing to do: this product checks out.",
    caution:
      "If you are being sold this in a shop, ask the shop where it came from: it has not been delivered to a shop yet.",
    recalled: "Stop using it and follow the manufacturer's instructions below.",
    stolen: "Do not buy it. If you already have it, contact the shop where you bought it or the police.",
    destroyed: "Do not buy it: this product should no longer exist.",
    compromised: "Be careful: ask the seller for proof of where it comes from before you buy.",
    counterfeit: "Do not buy it. If you already did, take it back to where you bought it.",
    unreadable:
      "Scan the code again, or type the address exactly as printed. This alone does not mean the product is fake.",
    unavailable: "Please try again later: the problem is on our side, not with your product.",
    "tap-again":
      "Hold your phone to the tag on the product and open the link it gives: only a fresh tap proves the product is here.",
    "seal-opened": "Do not buy it as new: it was opened before it was sold. Ask the shop why.",
  },
  roles: {
    manufacturer: "manufacturer",
    distributor: "distributor",
    retailer: "retailer",
    repairer: "repairer",
    owner: "its owner",
    unknown: "unknown party",
  },
  steps: {
    commission: "Made and registered",
    ship: "Shipped",
    receive: "Received",
    sell: "Sold",
    recall: "Recalled",
    "report-stolen": "Reported stolen",
    destroy: "Destroyed",
    return: "Returned to the shop",
    repair: "Repaired",
    claim: "Claimed by its owner",
    transfer: "Passed to a new owner",
  },
  partyIn: (role, country) => (country ? `a ${role} in ${country}` : `a ${role}`),
  page: {
    product: "Product",
    name: "Name",
    website: "Manufacturer's website",
    support: "Contact the manufacturer's support",
    gtin: "Product number (GTIN)",
    serial: "Serial",
    lot: "Lot",
    expiry: "Expiry",
    manufacturer: "Manufacturer",
    journey: "Journey",
    by: (who) => `by ${who}`,
    whatNow: "What to do",
    recallNotice: "The manufacturer's recall notice",
    claimIt: "Bought this? Claim it with the code inside the packaging",
    manageIt: "Is this yours? Transfer or release it",
    proofs: "Everything above can be re-checked independently:",
    proofsLink: "the proofs as JSON",
    proofFile: "or as a file to check offline (.tlog-proof)",
    language: "Language",
    privacyHeading: "Your privacy",
    privacy:
      "This check is anonymous. tagtrail does not keep your IP address, your browser or device details, a cookie, or the time of your scan. It only adds one to a count of checks for this product on today's date, and deletes those counts after a while. If you claim a product you own, tagtrail keeps only a key your browser made for that product, and the date: no name, no e-mail, no account.",
    unreadable:
      "The address does not hold a complete product code: it may have a typo or have been cut off, or the label may be damaged.",
    unavailable: "The verification service has a problem on its side, not with your product.",
  },
  report: {
    heading: "Report a suspect product",
    intro:
      "Tell the manufacturer, anonymously. Do not write your name or contact details: we keep only the product, the answer you saw, today's date and your words.",
    place: "Where did you buy it (or see it)?",
    places: { shop: "In a shop", online: "Online", market: "At a market", other: "Elsewhere" },
    text: "What seems wrong? (up to 500 characters)",
    send: "Send the report",
    thanks: "Thank you. Your report was stored without anything that identifies you.",
    tooMany: "This product has already had many reports today. Thank you: we have enough.",
  },
};
