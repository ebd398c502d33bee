// Español.
import type { Messages } from "./messages.js";

export const es: Messages = {
  name: "Español",
  verdicts: {
    authentic: "Producto auténtico",
    caution: "Auténtico, aún no está en tiendas",
    recalled: "Retirado por su fabricante",
    warning: "Revise este producto",
    counterfeit: "No es un código auténtico",
    unreadable: "No se puede leer este código",
    unavailable: "No se puede comprobar este código ahora mismo",
  },
  reasons: {
    "signature-missing": () => "El código no lleva firma, así que no se puede comprobar.",
    "signature-invalid": () => "La firma del código no coincide con la que registró el fabricante.",
    "not-commissioned": () => "Ningún fabricante registró nunca este código.",
    "maker-key-revoked": () =>
      "La clave del fabricante que firmó este código estaba comprometida antes de registrarlo.",
    "gtin-not-makers": () => "El número de producto no pertenece al fabricante que firmó este código.",
    "lot-mismatch": () => "El número de lote de este código no coincide con el que firmó su fabricante.",
    recalled: (c) =>
      c.day ? `El fabricante retiró este producto el ${c.day}.` : "El fabricante ha retirado este producto.",
    "reported-stolen": () => "Este producto fue denunciado como robado.",
    destroyed: () => "Este producto consta como destruido.",
    "not-in-shop": () =>
      "Este producto auténtico aún no ha llegado a una tienda: sigue con su fabricante o con un distribuidor.",
    "in-transit": () => "Este producto auténtico está en camino entre dos empresas y aún no ha llegado a una tienda.",
    "at-retailer": (c) => `Este producto auténtico se entregó a ${c.at}, donde está a la venta.`,
    sold: (c) =>
      `Este producto auténtico se vendió${c.at ? ` en ${c.at}` : ""} el ${c.day}. Si se lo ofrecen como nuevo, es una copia.`,
    claimed: (c) =>
      `Su propietario registró este producto auténtico el ${c.day}. Si lo compra precintado en una tienda, es una copia.`,
    "often-checked": () =>
      "Este código se ha comprobado muchos días desde su venta. Es normal cuando un producto cambia de manos; si lo compra como nuevo, pida su código de registro.",
    "event-key-compromised": () =>
      "Parte del historial de este producto se firmó con una clave que después se declaró comprometida.",
    authentic: () => "Este producto fue registrado por su fabricante y su historial es correcto.",
    "nfc-tapped": () =>
      "La propia etiqueta NFC respondió a este toque: es el producto etiquetado, no una copia de su enlace.",
    "nfc-already-checked": (c) =>
      `Este toque ya se comprobó el ${c.day}. Vuelva a acercar el teléfono a la etiqueta para comprobarlo ahora.`,
    "nfc-replayed": () =>
      "Este enlace se leyó de la etiqueta antes de otro toque más reciente: es un enlace copiado, que no demuestra nada sobre el producto que tiene delante.",
    "nfc-invalid": () => "Los datos NFC de este enlace no los generó la etiqueta de este producto.",
    "nfc-key-revoked": () =>
      "La clave de la etiqueta NFC de este producto se notificó como comprometida: un toque ya no puede demostrar que es auténtico.",
    "nfc-not-tapped": () =>
      "Este producto tiene una etiqueta NFC, pero este enlace no trae datos de un toque: un enlace impreso, escrito o copiado no demuestra nada por sí solo.",
    "seal-opened-before-sale": () => "Su precinto antimanipulación muestra que se abrió, y aún no se ha vendido.",
    "seal-opened": () => "Su precinto antimanipulación muestra que se abrió después de venderse.",
  },
  next: {
    shelf:
      "Si está en esta tienda, puede comprarlo con confianza. Si está en otro lugar, este código se ha copiado: no lo compre.",
    sold: "¿Lo compra de segunda mano? Pida al vendedor que se lo transfiera con su código de registro. ¿Se lo ofrecen como nuevo en una tienda? No lo compre y avise a la tienda.",
    claimed:
      "Si es suyo, no tiene que hacer nada. Si se lo venden precintado, no lo compre: el auténtico ya tiene dueño.",
    authentic: "No tiene que hacer nada: este producto es correcto.",
    caution: "Si se lo venden en una tienda, pregunte de dónde viene: aún no se ha entregado a ninguna tienda.",
    recalled: "Deje de usarlo y siga las instrucciones del fabricante que aparecen abajo.",
    stolen: "No lo compre. Si ya lo tiene, contacte con la tienda donde lo compró o con la policía.",
    destroyed: "No lo compre: este producto ya no debería existir.",
    compromised: "Tenga cuidado: pida al vendedor una prueba de su procedencia antes de comprar.",
    counterfeit: "No lo compre. Si ya lo hizo, devuélvalo donde lo compró.",
    unreadable:
      "Escanee el código de nuevo o escriba la dirección tal como está impresa. Esto por sí solo no significa que el producto sea falso.",
    unavailable: "Vuelva a intentarlo más tarde: el problema es nuestro, no de su producto.",
    "tap-again":
      "Acerque el teléfono a la etiqueta del producto y abra el enlace que le da: solo un toque nuevo demuestra que el producto está aquí.",
    "seal-opened": "No lo compre como nuevo: se abrió antes de venderse. Pregunte en la tienda por qué.",
  },
  roles: {
    manufacturer: "fabricante",
    distributor: "distribuidor",
    retailer: "minorista",
    repairer: "taller de reparación",
    owner: "su propietario",
    unknown: "parte desconocida",
  },
  steps: {
    commission: "Fabricado y registrado",
    ship: "Enviado",
    receive: "Recibido",
    sell: "Vendido",
    recall: "Retirado",
    "report-stolen": "Denunciado como robado",
    destroy: "Destruido",
    return: "Devuelto a la tienda",
    repair: "Reparado",
    claim: "Registrado por su propietario",
    transfer: "Transferido a un nuevo propietario",
  },
  partyIn: (role, country) => (country ? `un ${role} (${country})` : `un ${role}`),
  page: {
    product: "Producto",
    name: "Nombre",
    website: "Web del fabricante",
    support: "Contactar con la asistencia del fabricante",
    gtin: "Número de producto (GTIN)",
    serial: "Número de serie",
    lot: "Lote",
    expiry: "Caducidad",
    manufacturer: "Fabricante",
    journey: "Recorrido",
    by: (who) => `por ${who}`,
    whatNow: "Qué hacer",
    recallNotice: "El aviso de retirada del fabricante",
    claimIt: "¿Lo ha comprado? Regístrelo con el código del interior del envase",
    manageIt: "¿Es suyo? Transfiéralo o libérelo",
    proofs: "Todo lo anterior se puede comprobar de forma independiente:",
    proofsLink: "las pruebas en JSON",
    proofFile: "o como archivo para comprobar sin conexión (.tlog-proof)",
    language: "Idioma",
    privacyHeading: "Su privacidad",
    privacy:
      "Esta comprobación es anónima. tagtrail no guarda su dirección IP, ni datos de su navegador o dispositivo, ni cookies, ni la hora del escaneo. Solo suma uno al recuento de comprobaciones de este producto en la fecha de hoy, y borra esos recuentos al cabo de un tiempo. Si registra un producto suyo, tagtrail solo guarda una clave que su navegador creó para ese producto, y la fecha: sin nombre, sin correo, sin cuenta.",
    unreadable:
      "La dirección no contiene un código de producto completo: puede tener una errata, estar cortada o la etiqueta estar dañada.",
    unavailable: "El servicio de verificación tiene un problema por su parte, no con su producto.",
  },
  report: {
    heading: "Denunciar un producto sospechoso",
    intro:
      "Avise al fabricante, de forma anónima. No escriba su nombre ni datos de contacto: solo guardamos el producto, la respuesta que vio, la fecha de hoy y sus palabras.",
    place: "¿Dónde lo compró (o lo vio)?",
    places: { shop: "En una tienda", online: "En internet", market: "En un mercadillo", other: "En otro sitio" },
    text: "¿Qué parece estar mal? (hasta 500 caracteres)",
    send: "Enviar la denuncia",
    thanks: "Gracias. Su denuncia se guardó sin nada que le identifique.",
    tooMany: "Este producto ya ha recibido muchas denuncias hoy. Gracias: tenemos suficientes.",
  },
};
