// Português.
import type { Messages } from "./messages.js";

export const pt: Messages = {
  name: "Português",
  verdicts: {
    authentic: "Produto genuíno",
    caution: "Genuíno, ainda não chegou a uma loja",
    recalled: "Recolhido pelo fabricante",
    warning: "Verifique este produto",
    counterfeit: "Código não genuíno",
    unreadable: "Não é possível ler este código",
    unavailable: "Não é possível verificar este código agora",
  },
  reasons: {
    "signature-missing": () => "O código não tem assinatura, por isso não pode ser verificado.",
    "signature-invalid": () => "A assinatura do código não corresponde à registada pelo fabricante.",
    "not-commissioned": () => "Nenhum fabricante registou alguma vez este código.",
    "maker-key-revoked": () => "A chave do fabricante que assinou este código estava comprometida antes do registo.",
    "gtin-not-makers": () => "O número do produto não pertence ao fabricante que assinou este código.",
    "lot-mismatch": () => "O número de lote deste código não corresponde ao assinado pelo fabricante.",
    recalled: (c) =>
      c.day ? `O fabricante recolheu este produto em ${c.day}.` : "O fabricante recolheu este produto.",
    "reported-stolen": () => "Este produto foi dado como roubado.",
    destroyed: () => "Este produto foi registado como destruído.",
    "not-in-shop": () =>
      "Este produto genuíno ainda não chegou a uma loja: continua com o fabricante ou um distribuidor.",
    "in-transit": () => "Este produto genuíno está a caminho entre duas empresas e ainda não chegou a uma loja.",
    "at-retailer": (c) => `Este produto genuíno foi entregue a ${c.at}, onde está à venda.`,
    sold: (c) =>
      `Este produto genuíno foi vendido${c.at ? ` por ${c.at}` : ""} em ${c.day}. Se lho oferecerem como novo, é uma cópia.`,
    claimed: (c) =>
      `Este produto genuíno foi registado pelo seu dono em ${c.day}. Se o está a comprar selado numa loja, é uma cópia.`,
    "often-checked": () =>
      "Este código foi verificado em muitos dias desde a venda. É normal quando um produto muda de mãos; se o comprar como novo, peça o código de registo.",
    "event-key-compromised": () =>
      "Parte do histórico deste produto foi assinada com uma chave mais tarde dada como comprometida.",
    authentic: () => "Este produto foi registado pelo fabricante e o seu histórico está correto.",
    "nfc-tapped": () =>
      "A própria etiqueta NFC respondeu a este toque: este é o produto etiquetado, não uma cópia da sua ligação.",
    "nfc-already-checked": (c) =>
      `Este toque já foi verificado em ${c.day}. Toque de novo na etiqueta para verificar agora.`,
    "nfc-replayed": () =>
      "Esta ligação foi lida da etiqueta antes de um toque mais recente: é uma ligação copiada, que nada prova sobre o produto à sua frente.",
    "nfc-invalid": () => "Os dados NFC desta ligação não foram gerados pela etiqueta deste produto.",
    "nfc-key-revoked": () =>
      "A chave da etiqueta NFC deste produto foi dada como comprometida: um toque já não pode provar que é autêntico.",
    "nfc-not-tapped": () =>
      "Este produto tem uma etiqueta NFC, mas esta ligação não traz dados de um toque: uma ligação impressa, escrita ou copiada nada prova por si só.",
    "seal-opened-before-sale": () => "O seu selo de inviolabilidade mostra que foi aberto, e ainda não foi vendido.",
    "seal-opened": () => "O seu selo de inviolabilidade mostra que foi aberto depois de ser vendido.",
  },
  next: {
    shelf:
      "Se está nesta loja, pode comprá-lo com confiança. Se está noutro lugar, este código foi copiado: não o compre.",
    sold: "Vai comprá-lo em segunda mão? Peça ao vendedor que lho transfira com o código de registo. Oferecido como novo numa loja? Não o compre e avise a loja.",
    claimed: "Se é seu, não tem nada a fazer. Se lho vendem selado, não o compre: o verdadeiro já tem dono.",
    authentic: "Nada a fazer: este produto está em ordem.",
    caution: "Se lho vendem numa loja, pergunte de onde vem: ainda não foi entregue a nenhuma loja.",
    recalled: "Deixe de o usar e siga as instruções do fabricante abaixo.",
    stolen: "Não o compre. Se já o tem, contacte a loja onde o comprou ou a polícia.",
    destroyed: "Não o compre: este produto já não deveria existir.",
    compromised: "Tenha cuidado: peça ao vendedor prova da origem antes de comprar.",
    counterfeit: "Não o compre. Se já comprou, devolva-o onde o comprou.",
    unreadable:
      "Leia o código de novo ou escreva o endereço exatamente como está impresso. Só por si, isto não significa que o produto seja falso.",
    unavailable: "Tente mais tarde: o problema é do nosso lado, não do seu produto.",
    "tap-again":
      "Encoste o telemóvel à etiqueta do produto e abra a ligação que ela dá: só um toque novo prova que o produto está aqui.",
    "seal-opened": "Não o compre como novo: foi aberto antes de ser vendido. Pergunte à loja porquê.",
  },
  roles: {
    manufacturer: "fabricante",
    distributor: "distribuidor",
    retailer: "retalhista",
    repairer: "reparador",
    owner: "o dono",
    unknown: "parte desconhecida",
  },
  steps: {
    commission: "Fabricado e registado",
    ship: "Enviado",
    receive: "Recebido",
    sell: "Vendido",
    recall: "Recolhido",
    "report-stolen": "Dado como roubado",
    destroy: "Destruído",
    return: "Devolvido à loja",
    repair: "Reparado",
    claim: "Registado pelo dono",
    transfer: "Passado a um novo dono",
  },
  partyIn: (role, country) => (country ? `um ${role} (${country})` : `um ${role}`),
  page: {
    product: "Produto",
    name: "Nome",
    website: "Site do fabricante",
    support: "Contactar o apoio do fabricante",
    gtin: "Número do produto (GTIN)",
    serial: "Número de série",
    lot: "Lote",
    expiry: "Validade",
    manufacturer: "Fabricante",
    journey: "Percurso",
    by: (who) => `por ${who}`,
    whatNow: "O que fazer",
    recallNotice: "O aviso de recolha do fabricante",
    claimIt: "Comprou-o? Registe-o com o código dentro da embalagem",
    manageIt: "É seu? Transfira-o ou liberte-o",
    proofs: "Tudo o que está acima pode ser verificado de forma independente:",
    proofsLink: "as provas em JSON",
    proofFile: "ou como ficheiro para verificar offline (.tlog-proof)",
    language: "Idioma",
    privacyHeading: "A sua privacidade",
    privacy:
      "Esta verificação é anónima. O tagtrail não guarda o seu endereço IP, dados do navegador ou do dispositivo, cookies, nem a hora da leitura. Apenas soma um à contagem de verificações deste produto na data de hoje, e apaga essas contagens ao fim de algum tempo. Se registar um produto seu, o tagtrail guarda apenas uma chave que o seu navegador criou para esse produto, e a data: sem nome, sem e-mail, sem conta.",
    unreadable:
      "O endereço não contém um código de produto completo: pode ter um erro, ter sido cortado, ou a etiqueta pode estar danificada.",
    unavailable: "O serviço de verificação tem um problema do seu lado, não com o seu produto.",
  },
  report: {
    heading: "Denunciar um produto suspeito",
    intro:
      "Avise o fabricante, de forma anónima. Não escreva o seu nome nem contactos: guardamos apenas o produto, a resposta que viu, a data de hoje e as suas palavras.",
    place: "Onde o comprou (ou viu)?",
    places: { shop: "Numa loja", online: "Online", market: "Numa feira", other: "Noutro lugar" },
    text: "O que parece estar errado? (até 500 caracteres)",
    send: "Enviar a denúncia",
    thanks: "Obrigado. A sua denúncia foi guardada sem nada que o identifique.",
    tooMany: "Este produto já recebeu muitas denúncias hoje. Obrigado: temos que cheguem.",
  },
};
