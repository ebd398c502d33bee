// Français.
import type { Messages } from "./messages.js";

export const fr: Messages = {
  name: "Français",
  verdicts: {
    authentic: "Produit authentique",
    caution: "Authentique, pas encore en magasin",
    recalled: "Rappelé par son fabricant",
    warning: "Vérifiez ce produit",
    counterfeit: "Code non authentique",
    unreadable: "Ce code est illisible",
    unavailable: "Ce code ne peut pas être vérifié pour le moment",
  },
  reasons: {
    "signature-missing": () => "Le code ne porte aucune signature : il ne peut pas être vérifié.",
    "signature-invalid": () => "La signature du code ne correspond pas à celle enregistrée par le fabricant.",
    "not-commissioned": () => "Aucun fabricant n’a jamais enregistré ce code.",
    "maker-key-revoked": () => "La clé du fabricant qui a signé ce code était compromise avant son enregistrement.",
    "gtin-not-makers": () => "Le numéro de produit n’appartient pas au fabricant qui a signé ce code.",
    "lot-mismatch": () => "Le numéro de lot de ce code ne correspond pas à celui signé par son fabricant.",
    recalled: (c) => (c.day ? `Le fabricant a rappelé ce produit le ${c.day}.` : "Le fabricant a rappelé ce produit."),
    "reported-stolen": () => "Ce produit a été déclaré volé.",
    destroyed: () => "Ce produit a été enregistré comme détruit.",
    "not-in-shop": () =>
      "Ce produit authentique n’est pas encore arrivé en magasin : il est encore chez son fabricant ou un distributeur.",
    "in-transit": () =>
      "Ce produit authentique est en route entre deux entreprises et n’est pas encore arrivé en magasin.",
    "at-retailer": (c) => `Ce produit authentique a été livré à ${c.at}, où il est en vente.`,
    sold: (c) =>
      `Ce produit authentique a été vendu${c.at ? ` par ${c.at}` : ""} le ${c.day}. Si on vous le propose neuf, c’est une copie.`,
    claimed: (c) =>
      `Ce produit authentique a été enregistré par son propriétaire le ${c.day}. Si vous l’achetez scellé en magasin, c’est une copie.`,
    "often-checked": () =>
      "Ce code a été vérifié de nombreux jours depuis sa vente. C’est normal quand un produit change de main ; si vous l’achetez neuf, demandez son code d’enregistrement.",
    "event-key-compromised": () =>
      "Une partie de l’historique de ce produit a été signée avec une clé déclarée compromise par la suite.",
    authentic: () => "Ce produit a été enregistré par son fabricant et son historique est cohérent.",
    "nfc-tapped": () =>
      "La puce NFC elle-même a répondu à ce contact : c'est bien le produit marqué, pas une copie de son lien.",
    "nfc-already-checked": (c) =>
      `Ce contact a déjà été vérifié le ${c.day}. Approchez de nouveau votre téléphone de la puce pour vérifier maintenant.`,
    "nfc-replayed": () =>
      "Ce lien a été lu sur la puce avant un contact plus récent : c'est un lien copié, qui ne prouve rien sur le produit devant vous.",
    "nfc-invalid": () => "Les données NFC de ce lien n'ont pas été produites par la puce de ce produit.",
    "nfc-key-revoked": () =>
      "La clé de la puce NFC de ce produit a été signalée comme compromise : un contact ne peut plus prouver qu'il est authentique.",
    "nfc-not-tapped": () =>
      "Ce produit a une puce NFC, mais ce lien ne contient aucune donnée d'un contact : un lien imprimé, saisi ou copié ne prouve rien à lui seul.",
    "seal-opened-before-sale": () =>
      "Son scellé d'inviolabilité montre qu'il a été ouvert, et il n'a pas encore été vendu.",
    "seal-opened": () => "Son scellé d'inviolabilité montre qu'il a été ouvert après sa vente.",
  },
  next: {
    shelf:
      "Si vous êtes dans ce magasin, vous pouvez l’acheter en confiance. Si vous êtes ailleurs, ce code a été copié : ne l’achetez pas.",
    sold: "Vous l’achetez d’occasion ? Demandez au vendeur de vous le transmettre avec son code d’enregistrement. Proposé neuf en magasin ? Ne l’achetez pas et prévenez le magasin.",
    claimed:
      "S’il est à vous, rien à faire. Si on vous le vend scellé, ne l’achetez pas : le vrai a déjà un propriétaire.",
    authentic: "Rien à faire : ce produit est en règle.",
    caution: "Si on vous le vend en magasin, demandez d’où il vient : il n’a encore été livré à aucun magasin.",
    recalled: "Cessez de l’utiliser et suivez les instructions du fabricant ci-dessous.",
    stolen: "Ne l’achetez pas. Si vous l’avez déjà, contactez le magasin où vous l’avez acheté ou la police.",
    destroyed: "Ne l’achetez pas : ce produit ne devrait plus exister.",
    compromised: "Soyez prudent : demandez au vendeur une preuve de provenance avant d’acheter.",
    counterfeit: "Ne l’achetez pas. Si c’est déjà fait, rapportez-le là où vous l’avez acheté.",
    unreadable:
      "Scannez à nouveau le code ou saisissez l’adresse exactement comme imprimée. Cela ne signifie pas à lui seul que le produit est faux.",
    unavailable: "Veuillez réessayer plus tard : le problème vient de chez nous, pas de votre produit.",
    "tap-again":
      "Approchez votre téléphone de la puce du produit et ouvrez le lien qu'elle donne : seul un contact récent prouve que le produit est là.",
    "seal-opened": "Ne l'achetez pas comme neuf : il a été ouvert avant d'être vendu. Demandez pourquoi au magasin.",
  },
  roles: {
    manufacturer: "fabricant",
    distributor: "distributeur",
    retailer: "détaillant",
    repairer: "réparateur",
    owner: "son propriétaire",
    unknown: "partie inconnue",
  },
  steps: {
    commission: "Fabriqué et enregistré",
    ship: "Expédié",
    receive: "Reçu",
    sell: "Vendu",
    recall: "Rappelé",
    "report-stolen": "Déclaré volé",
    destroy: "Détruit",
    return: "Retourné au magasin",
    repair: "Réparé",
    claim: "Enregistré par son propriétaire",
    transfer: "Transmis à un nouveau propriétaire",
  },
  partyIn: (role, country) => (country ? `un ${role} (${country})` : `un ${role}`),
  page: {
    product: "Produit",
    name: "Nom",
    website: "Site du fabricant",
    support: "Contacter le service client du fabricant",
    gtin: "Numéro de produit (GTIN)",
    serial: "Numéro de série",
    lot: "Lot",
    expiry: "Date limite",
    manufacturer: "Fabricant",
    journey: "Parcours",
    by: (who) => `par ${who}`,
    whatNow: "Que faire",
    recallNotice: "L’avis de rappel du fabricant",
    claimIt: "Vous l’avez acheté ? Enregistrez-le avec le code dans l’emballage",
    manageIt: "Il est à vous ? Transmettez-le ou libérez-le",
    proofs: "Tout ce qui précède peut être vérifié de façon indépendante :",
    proofsLink: "les preuves en JSON",
    proofFile: "ou en fichier à vérifier hors ligne (.tlog-proof)",
    language: "Langue",
    privacyHeading: "Votre vie privée",
    privacy:
      "Cette vérification est anonyme. tagtrail ne conserve ni votre adresse IP, ni les détails de votre navigateur ou appareil, ni cookie, ni l’heure de votre scan. Il ajoute seulement un au nombre de vérifications de ce produit pour la date du jour, et supprime ces compteurs après un certain temps. Si vous enregistrez un produit qui vous appartient, tagtrail ne conserve qu’une clé créée par votre navigateur pour ce produit, et la date : ni nom, ni e-mail, ni compte.",
    unreadable:
      "L’adresse ne contient pas de code produit complet : elle comporte peut-être une faute de frappe, a été tronquée, ou l’étiquette est abîmée.",
    unavailable: "Le service de vérification a un problème de son côté, pas avec votre produit.",
  },
  report: {
    heading: "Signaler un produit suspect",
    intro:
      "Prévenez le fabricant, anonymement. N’écrivez ni votre nom ni vos coordonnées : nous ne gardons que le produit, la réponse affichée, la date du jour et vos mots.",
    place: "Où l’avez-vous acheté (ou vu) ?",
    places: { shop: "En magasin", online: "En ligne", market: "Sur un marché", other: "Ailleurs" },
    text: "Qu’est-ce qui semble anormal ? (500 caractères au plus)",
    send: "Envoyer le signalement",
    thanks: "Merci. Votre signalement a été enregistré sans rien qui vous identifie.",
    tooMany: "Ce produit a déjà reçu de nombreux signalements aujourd’hui. Merci : nous en avons assez.",
  },
};
