// A witness's HTTP API (C2SP tlog-witness): POST /add-checkpoint, and GET / saying who it is and
// which logs it follows. Plain text in and out, as the spec defines; bodies are small.
import { Hono } from "hono";
import type { Witness } from "../service/witness.js";
import { onError } from "./errors.js";
import { limitBody } from "./route-kit.js";

/** An add-checkpoint body: 63 proof lines and a checkpoint with a few signatures fit in 16 KiB. */
const ADD_CHECKPOINT_LIMIT = 16 * 1024;

export function witnessApp(witness: Witness, info: { readonly name: string; readonly vkey: string }): Hono {
  const app = new Hono();
  app.onError(onError);
  app.use("/add-checkpoint", limitBody(ADD_CHECKPOINT_LIMIT));
  app.post("/add-checkpoint", async (c) => {
    const answer = witness.addCheckpoint(await c.req.text());
    return c.body(answer.body, answer.status, { "content-type": answer.contentType, "cache-control": "no-store" });
  });
  app.get("/", (c) => c.json({ name: info.name, vkey: info.vkey, logs: [...witness.logs.keys()] }));
  return app;
}
