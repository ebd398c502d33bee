// Custody events: a batch of signed events appended to their tags' chains, all or none. Each is
// authenticated by its actor's signature, not by a token.
import { createRoute, OpenAPIHono, type z } from "@hono/zod-openapi";
import type { Custody } from "../service/custody.js";
import { EntryResults } from "./answers.js";
import { type BatchCheck, batchBody } from "./batch-body.js";
import { BATCH_BODY_LIMIT, jsonAnswer, jsonBody, limitBody, refusals } from "./route-kit.js";
import { EventsBody } from "./schemas.js";
import { validationHook } from "./validation.js";

// Documented from its schema like the others, but the body is checked by batchBody: pre-scanned,
// then parsed and validated without holding the event loop.
const eventsRoute = createRoute({
  method: "post",
  path: "/v1/events",
  summary: "Append signed custody events (up to 10,000); all are accepted or none",
  request: { body: jsonBody(EventsBody) },
  responses: { 200: jsonAnswer("Accepted (or already, identically)", EntryResults), ...refusals },
});

export function eventRoutes(custody: Custody, checkBatch?: BatchCheck): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.use("/v1/events", limitBody(BATCH_BODY_LIMIT));

  app.openAPIRegistry.registerPath(eventsRoute);
  app.post("/v1/events", batchBody("events", checkBatch), async (c) => {
    const { events } = c.req.valid("json");
    const results = await custody.events(
      events.map(({ event, signature }) => ({
        event: {
          type: event.type,
          gtin: event.gtin,
          serial: event.serial,
          prev: event.prev,
          actor: event.actor,
          time: event.time,
          ...(event.to === undefined ? {} : { to: event.to }),
          ...(event.country === undefined ? {} : { country: event.country }),
          ...(event.claim === undefined ? {} : { claim: event.claim }),
        },
        signature,
      })),
    );
    return c.json({ results } satisfies z.input<typeof EntryResults>, 200);
  });

  return app;
}
