// Italiano.
import type { Messages } from "./messages.js";

export const it: Messages = {
  name: "Italiano",
  verdicts: {
    authentic: "Prodotto autentico",
    caution: "Autentico, non ancora in negozio",
    recalled: "Richiamato dal produttore",
    warning: "Controlla questo prodotto",
    counterfeit: "Codice non autentico",
    unreadable: "Questo codice non è leggibile",
    unavailable: "Al momento questo codice non può essere verificato",
  },
  reasons: {
    "signature-missing": () => "Il codice non ha una firma, quindi non può essere verificato.",
    "signature-invalid": () => "La firma del codice non corrisponde a quella registrata dal produttore.",
    "not-commissioned": () => "Nessun produttore ha mai registrato questo codice.",
    "maker-key-revoked": () =>
      "La chiave del produttore che ha firmato questo codice era compromessa prima della registrazione.",
    "gtin-not-makers": () => "Il numero di prodotto non appartiene al produttore che ha firmato questo codice.",
    "lot-mismatch": () => "Il numero di lotto di questo codice non corrisponde a quello firmato dal produttore.",
    recalled: (c) =>
      c.day
        ? `Il produttore ha richiamato questo prodotto il ${c.day}.`
        : "Il produttore ha richiamato questo prodotto.",
    "reported-stolen": () => "Questo prodotto è stato denunciato come rubato.",
    destroyed: () => "Questo prodotto risulta distrutto.",
    "not-in-shop": () =>
      "Questo prodotto autentico non è ancora arrivato in un negozio: è ancora presso il produttore o un distributore.",
    "in-transit": () => "Questo prodotto autentico è in viaggio tra due aziende e non è ancora arrivato in un negozio.",
    "at-retailer": (c) => `Questo prodotto autentico è stato consegnato a ${c.at}, dove è in vendita.`,
    sold: (c) =>
      `Questo prodotto autentico è stato venduto${c.at ? ` da ${c.at}` : ""} il ${c.day}. Se ti viene offerto come nuovo, è una copia.`,
    claimed: (c) =>
      `Questo prodotto autentico è stato registrato dal suo proprietario il ${c.day}. Se lo stai comprando sigillato in un negozio, è una copia.`,
    "often-checked": () =>
      "Questo codice è stato verificato in molti giorni dalla vendita. È normale quando un prodotto cambia proprietario; se lo compri come nuovo, chiedi il suo codice di registrazione.",
    "event-key-compromised": () =>
      "Parte della storia di questo prodotto è stata firmata con una chiave poi segnalata come compromessa.",
    authentic: () => "Questo prodotto è stato registrato dal produttore e la sua storia è in regola.",
    "nfc-tapped": () =>
      "Il tag NFC stesso ha risposto a questo tocco: è il prodotto etichettato, non una copia del suo link.",
    "nfc-already-checked": (c) =>
      `Questo tocco è già stato verificato il ${c.day}. Avvicina di nuovo il telefono al tag per verificare ora.`,
    "nfc-replayed": () =>
      "Questo link è stato letto dal tag prima di un tocco più recente: è un link copiato, che non prova nulla sul prodotto che hai davanti.",
    "nfc-invalid": () => "I dati NFC di questo link non sono stati generati dal tag di questo prodotto.",
    "nfc-key-revoked": () =>
      "La chiave del tag NFC di questo prodotto è stata segnalata come compromessa: un tocco non può più provare che è autentico.",
    "nfc-not-tapped": () =>
      "Questo prodotto ha un tag NFC, ma questo link non contiene dati di un tocco: un link stampato, digitato o copiato da solo non prova nulla.",
    "seal-opened-before-sale": () =>
      "Il suo sigillo antimanomissione mostra che è stato aperto, e non è ancora stato venduto.",
    "seal-opened": () => "Il suo sigillo antimanomissione mostra che è stato aperto dopo la vendita.",
  },
  next: {
    shelf:
      "Se sei in questo negozio, puoi comprarlo con fiducia. Se sei altrove, questo codice è stato copiato: non comprarlo.",
    sold: "Lo compri usato? Chiedi al venditore di trasferirtelo con il suo codice di registrazione. Offerto come nuovo in negozio? Non comprarlo e avvisa il negozio.",
    claimed:
      "Se è tuo, non devi fare nulla. Se te lo vendono sigillato, non comprarlo: quello vero ha già un proprietario.",
    authentic: "Non devi fare nulla: questo prodotto è in regola.",
    caution: "Se te lo vendono in un negozio, chiedi da dove viene: non è ancora stato consegnato a nessun negozio.",
    recalled: "Smetti di usarlo e segui le istruzioni del produttore qui sotto.",
    stolen: "Non comprarlo. Se lo hai già, contatta il negozio dove l’hai comprato o la polizia.",
    destroyed: "Non comprarlo: questo prodotto non dovrebbe più esistere.",
    compromised: "Fai attenzione: chiedi al venditore una prova della provenienza prima di comprare.",
    counterfeit: "Non comprarlo. Se l’hai già fatto, riportalo dove l’hai comprato.",
    unreadable:
      "Scansiona di nuovo il codice o digita l’indirizzo esattamente come stampato. Questo da solo non significa che il prodotto sia falso.",
    unavailable: "Riprova più tardi: il problema è da parte nostra, non del tuo prodotto.",
    "tap-again":
      "Avvicina il telefono al tag sul prodotto e apri il link che ti dà: solo un tocco nuovo prova che il prodotto è qui.",
    "seal-opened": "Non comprarlo come nuovo: è stato aperto prima della vendita. Chiedi al negozio perché.",
  },
  roles: {
    manufacturer: "produttore",
    distributor: "distributore",
    retailer: "rivenditore",
    repairer: "riparatore",
    owner: "il proprietario",
    unknown: "parte sconosciuta",
  },
  steps: {
    commission: "Prodotto e registrato",
    ship: "Spedito",
    receive: "Ricevuto",
    sell: "Venduto",
    recall: "Richiamato",
    "report-stolen": "Denunciato come rubato",
    destroy: "Distrutto",
    return: "Restituito al negozio",
    repair: "Riparato",
    claim: "Registrato dal proprietario",
    transfer: "Passato a un nuovo proprietario",
  },
  partyIn: (role, country) => (country ? `un ${role} (${country})` : `un ${role}`),
  page: {
    product: "Prodotto",
    name: "Nome",
    website: "Sito del produttore",
    support: "Contatta l’assistenza del produttore",
    gtin: "Numero di prodotto (GTIN)",
    serial: "Numero di serie",
    lot: "Lotto",
    expiry: "Scadenza",
    manufacturer: "Produttore",
    journey: "Percorso",
    by: (who) => `da ${who}`,
    whatNow: "Cosa fare",
    recallNotice: "L’avviso di richiamo del produttore",
    claimIt: "L’hai comprato? Registralo con il codice nella confezione",
    manageIt: "È tuo? Trasferiscilo o rilascialo",
    proofs: "Tutto quanto sopra può essere verificato in modo indipendente:",
    proofsLink: "le prove in JSON",
    proofFile: "o come file da verificare offline (.tlog-proof)",
    language: "Lingua",
    privacyHeading: "La tua privacy",
    privacy:
      "Questa verifica è anonima. tagtrail non conserva il tuo indirizzo IP, i dati del browser o del dispositivo, cookie né l’ora della scansione. Aggiunge solo uno al conteggio delle verifiche di questo prodotto per la data di oggi, e cancella questi conteggi dopo un po’ di tempo. Se registri un prodotto tuo, tagtrail conserva solo una chiave creata dal tuo browser per quel prodotto, e la data: nessun nome, nessuna e-mail, nessun account.",
    unreadable:
      "L’indirizzo non contiene un codice prodotto completo: potrebbe avere un errore di battitura, essere troncato, o l’etichetta potrebbe essere danneggiata.",
    unavailable: "Il servizio di verifica ha un problema dalla sua parte, non con il tuo prodotto.",
  },
  report: {
    heading: "Segnala un prodotto sospetto",
    intro:
      "Avvisa il produttore, in forma anonima. Non scrivere il tuo nome né i tuoi contatti: conserviamo solo il prodotto, la risposta che hai visto, la data di oggi e le tue parole.",
    place: "Dove l’hai comprato (o visto)?",
    places: { shop: "In un negozio", online: "Online", market: "A un mercato", other: "Altrove" },
    text: "Cosa sembra non andare? (fino a 500 caratteri)",
    send: "Invia la segnalazione",
    thanks: "Grazie. La tua segnalazione è stata salvata senza nulla che ti identifichi.",
    tooMany: "Questo prodotto ha già ricevuto molte segnalazioni oggi. Grazie: ne abbiamo abbastanza.",
  },
};
