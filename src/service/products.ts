// What makers say about their products: a name per language, a short description, an image and a
// support page on their own domain. One signed statement a request, logged; the newest per GTIN is
// what every verify answer shows, so nobody but the maker can rename a product.
import { toBase64Url } from "../core/bytes.js";
import { entryBytes, type ProductStatement, productSigningBytes } from "../core/event.js";
import { productRefusal } from "../core/rules/product.js";
import { CLOCK_SKEW_MS, type ServiceContext } from "./context.js";
import { DomainError, type ProductCode } from "./errors.js";
import { signingMaker } from "./maker-statement.js";

export interface ProductItem {
  readonly product: ProductStatement;
  readonly signature: Uint8Array;
}

export class Products {
  constructor(private readonly ctx: ServiceContext) {}

  async describe({ product: p, signature }: ProductItem): Promise<{ leafIndex: number; leafHash: string }> {
    const { ctx } = this;
    const now = ctx.now();
    const refuse = (code: ProductCode, detail: string): never => {
      throw new DomainError("product", code, detail);
    };
    if (Date.parse(p.time) > now + CLOCK_SKEW_MS) refuse("time-in-future", "the statement's time is in the future");
    const actor = await signingMaker(
      ctx,
      "product",
      p.actor,
      productSigningBytes(p),
      signature,
      "the product statement",
    );
    const described = await ctx.store.product(p.gtin);
    const ruled = productRefusal(p, actor, described?.makerParty);
    if (ruled) refuse(ruled.code, ruled.detail);
    const leaf = entryBytes({ kind: "product", product: p, signature: toBase64Url(signature) });
    const { firstIndex } = await ctx.store.commit(
      [{ kind: "product", product: { gtin: p.gtin, makerParty: actor.party, statement: p }, leaf }],
      now,
      ctx.log.seal,
    );
    return { leafIndex: firstIndex, leafHash: toBase64Url(ctx.log.hasher.hashLeaf(leaf)) };
  }
}
