// Deutsch.
import type { Messages } from "./messages.js";

export const de: Messages = {
  name: "Deutsch",
  verdicts: {
    authentic: "Echtes Produkt",
    caution: "Echt, aber noch nicht im Handel",
    recalled: "Vom Hersteller zurückgerufen",
    warning: "Bitte prüfen Sie dieses Produkt",
    counterfeit: "Kein echter Code",
    unreadable: "Dieser Code ist nicht lesbar",
    unavailable: "Dieser Code kann gerade nicht geprüft werden",
  },
  reasons: {
    "signature-missing": () => "Der Code trägt keine Signatur und kann daher nicht geprüft werden.",
    "signature-invalid": () => "Die Signatur des Codes stimmt nicht mit der vom Hersteller registrierten überein.",
    "not-commissioned": () => "Kein Hersteller hat diesen Code je registriert.",
    "maker-key-revoked": () =>
      "Der Schlüssel des Herstellers, der diesen Code signiert hat, war schon vor der Registrierung kompromittiert.",
    "gtin-not-makers": () => "Die Produktnummer gehört nicht dem Hersteller, der diesen Code signiert hat.",
    "lot-mismatch": () => "Die Chargennummer in diesem Code stimmt nicht mit der vom Hersteller signierten überein.",
    recalled: (c) =>
      c.day
        ? `Der Hersteller hat dieses Produkt am ${c.day} zurückgerufen.`
        : "Der Hersteller hat dieses Produkt zurückgerufen.",
    "reported-stolen": () => "Dieses Produkt wurde als gestohlen gemeldet.",
    destroyed: () => "Dieses Produkt wurde als vernichtet erfasst.",
    "not-in-shop": () =>
      "Dieses echte Produkt ist noch nicht im Handel angekommen: Es ist noch beim Hersteller oder bei einem Großhändler.",
    "in-transit": () =>
      "Dieses echte Produkt ist zwischen zwei Unternehmen unterwegs und noch nicht im Handel angekommen.",
    "at-retailer": (c) => `Dieses echte Produkt wurde an ${c.at} geliefert und wird dort verkauft.`,
    sold: (c) =>
      `Dieses echte Produkt wurde am ${c.day}${c.at ? ` von ${c.at}` : ""} verkauft. Wird es Ihnen als neu angeboten, ist es eine Kopie.`,
    claimed: (c) =>
      `Dieses echte Produkt wurde am ${c.day} von seinem Besitzer registriert. Wenn Sie es versiegelt im Laden kaufen, ist es eine Kopie.`,
    "often-checked": () =>
      "Dieser Code wurde seit dem Verkauf an vielen Tagen geprüft. Das ist normal, wenn ein Produkt den Besitzer wechselt; wenn Sie es als neu kaufen, fragen Sie nach dem Registrierungscode.",
    "event-key-compromised": () =>
      "Ein Teil der Geschichte dieses Produkts wurde mit einem Schlüssel signiert, der später als kompromittiert gemeldet wurde.",
    authentic: () => "Dieses Produkt wurde von seinem Hersteller registriert und seine Geschichte ist schlüssig.",
    "nfc-tapped": () =>
      "Der NFC-Tag selbst hat auf dieses Antippen geantwortet: Das ist das markierte Produkt, keine Kopie seines Links.",
    "nfc-already-checked": (c) =>
      `Dieses Antippen wurde bereits am ${c.day} geprüft. Tippen Sie den Tag erneut an, um jetzt zu prüfen.`,
    "nfc-replayed": () =>
      "Dieser Link wurde vom Tag gelesen, bevor er erneut angetippt wurde: Es ist ein kopierter Link, der nichts über das Produkt vor Ihnen beweist.",
    "nfc-invalid": () => "Die NFC-Daten in diesem Link stammen nicht vom Tag dieses Produkts.",
    "nfc-key-revoked": () =>
      "Der Schlüssel des NFC-Tags dieses Produkts wurde als kompromittiert gemeldet; ein Antippen kann seine Echtheit nicht mehr beweisen.",
    "nfc-not-tapped": () =>
      "Dieses Produkt hat einen NFC-Tag, aber dieser Link enthält keine Daten eines Antippens: Ein gedruckter, abgetippter oder kopierter Link beweist allein nichts.",
    "seal-opened-before-sale": () =>
      "Sein Manipulationssiegel zeigt, dass es geöffnet wurde, und es wurde noch nicht verkauft.",
    "seal-opened": () => "Sein Manipulationssiegel zeigt, dass es nach dem Verkauf geöffnet wurde.",
  },
  next: {
    shelf:
      "Wenn Sie in diesem Geschäft sind, können Sie es bedenkenlos kaufen. Sind Sie woanders, wurde dieser Code kopiert: Kaufen Sie es nicht.",
    sold: "Gebraucht gekauft? Bitten Sie den Verkäufer, es mit seinem Registrierungscode weiterzugeben. Im Laden als neu angeboten? Kaufen Sie es nicht und sagen Sie es dem Geschäft.",
    claimed:
      "Wenn es Ihnen gehört, ist nichts zu tun. Wird es Ihnen versiegelt verkauft, kaufen Sie es nicht: Das echte hat bereits einen Besitzer.",
    authentic: "Nichts zu tun: Dieses Produkt ist in Ordnung.",
    caution:
      "Wird es Ihnen in einem Geschäft verkauft, fragen Sie, woher es stammt: Es wurde noch an kein Geschäft geliefert.",
    recalled: "Verwenden Sie es nicht mehr und folgen Sie den Anweisungen des Herstellers unten.",
    stolen:
      "Kaufen Sie es nicht. Haben Sie es bereits, wenden Sie sich an das Geschäft, in dem Sie es gekauft haben, oder an die Polizei.",
    destroyed: "Kaufen Sie es nicht: Dieses Produkt dürfte nicht mehr existieren.",
    compromised: "Seien Sie vorsichtig: Lassen Sie sich vor dem Kauf die Herkunft belegen.",
    counterfeit: "Kaufen Sie es nicht. Haben Sie es schon gekauft, bringen Sie es dorthin zurück.",
    unreadable:
      "Scannen Sie den Code erneut oder geben Sie die Adresse genau wie aufgedruckt ein. Das allein bedeutet nicht, dass das Produkt gefälscht ist.",
    unavailable: "Bitte versuchen Sie es später noch einmal: Das Problem liegt bei uns, nicht bei Ihrem Produkt.",
    "tap-again":
      "Halten Sie Ihr Telefon an den Tag am Produkt und öffnen Sie den Link, den er liefert: Nur ein frisches Antippen beweist, dass das Produkt hier ist.",
    "seal-opened":
      "Kaufen Sie es nicht als neu: Es wurde vor dem Verkauf geöffnet. Fragen Sie den Laden nach dem Grund.",
  },
  roles: {
    manufacturer: "Hersteller",
    distributor: "Großhändler",
    retailer: "Händler",
    repairer: "Reparaturbetrieb",
    owner: "Besitzer",
    unknown: "unbekannt",
  },
  steps: {
    commission: "Hergestellt und registriert",
    ship: "Versandt",
    receive: "Empfangen",
    sell: "Verkauft",
    recall: "Zurückgerufen",
    "report-stolen": "Als gestohlen gemeldet",
    destroy: "Vernichtet",
    return: "An das Geschäft zurückgegeben",
    repair: "Repariert",
    claim: "Vom Besitzer registriert",
    transfer: "An einen neuen Besitzer weitergegeben",
  },
  partyIn: (role, country) => (country ? `ein ${role} in ${country}` : `ein ${role}`),
  page: {
    product: "Produkt",
    name: "Name",
    website: "Website des Herstellers",
    support: "Kundendienst des Herstellers kontaktieren",
    gtin: "Produktnummer (GTIN)",
    serial: "Seriennummer",
    lot: "Charge",
    expiry: "Haltbar bis",
    manufacturer: "Hersteller",
    journey: "Weg des Produkts",
    by: (who) => `durch ${who}`,
    whatNow: "Was Sie tun können",
    recallNotice: "Rückrufmitteilung des Herstellers",
    claimIt: "Gekauft? Registrieren Sie es mit dem Code in der Verpackung",
    manageIt: "Gehört es Ihnen? Weitergeben oder freigeben",
    proofs: "Alles oben lässt sich unabhängig nachprüfen:",
    proofsLink: "die Nachweise als JSON",
    proofFile: "oder als Datei zur Offline-Prüfung (.tlog-proof)",
    language: "Sprache",
    privacyHeading: "Ihre Privatsphäre",
    privacy:
      "Diese Prüfung ist anonym. tagtrail speichert weder Ihre IP-Adresse noch Angaben zu Browser oder Gerät, kein Cookie und nicht die Uhrzeit Ihres Scans. Es zählt nur eine Prüfung dieses Produkts für das heutige Datum und löscht diese Zählungen nach einiger Zeit. Wenn Sie ein Produkt registrieren, das Ihnen gehört, speichert tagtrail nur einen Schlüssel, den Ihr Browser für dieses Produkt erzeugt hat, und das Datum: keinen Namen, keine E-Mail, kein Konto.",
    unreadable:
      "Die Adresse enthält keinen vollständigen Produktcode: Vielleicht hat sie einen Tippfehler, ist abgeschnitten, oder das Etikett ist beschädigt.",
    unavailable: "Der Prüfdienst hat ein Problem auf seiner Seite, nicht mit Ihrem Produkt.",
  },
  report: {
    heading: "Verdächtiges Produkt melden",
    intro:
      "Melden Sie es dem Hersteller, anonym. Schreiben Sie weder Ihren Namen noch Kontaktdaten: Wir speichern nur das Produkt, die angezeigte Antwort, das heutige Datum und Ihre Worte.",
    place: "Wo haben Sie es gekauft (oder gesehen)?",
    places: { shop: "In einem Geschäft", online: "Online", market: "Auf einem Markt", other: "Anderswo" },
    text: "Was scheint nicht zu stimmen? (bis zu 500 Zeichen)",
    send: "Meldung senden",
    thanks: "Danke. Ihre Meldung wurde ohne irgendetwas gespeichert, das Sie identifiziert.",
    tooMany: "Zu diesem Produkt gab es heute schon viele Meldungen. Danke: Wir haben genug.",
  },
};
