// The claim page's script, served as /assets/claim.js by both runtimes (a string, so neither
// needs a file at run time). Written without template literals so it can sit in String.raw.
export const CLAIM_SCRIPT = String.raw`// tagtrail's claim page, in the owner's browser: it makes an Ed25519 key on this device (Web
// Crypto, kept non-extractable in IndexedDB: no account, no e-mail, no cookie), claims the product
// with the code from inside its packaging, and later passes it on or releases it. Only the public
// key and a signature ever leave the device. The statements it signs are core/event.ts
// HolderStatement, as "tagtrail/v1/holder\n" || JCS(statement) (core/canonical.ts).
(() => {
  "use strict";
  const main = document.querySelector("main[data-gtin]");
  const gtin = main.dataset.gtin;
  const serial = main.dataset.serial;
  const tagPath = encodeURIComponent(gtin) + "/" + encodeURIComponent(serial);
  const $ = (id) => document.getElementById(id);
  const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  const encoder = new TextEncoder();

  const b64u = (bytes) =>
    btoa(String.fromCharCode(...new Uint8Array(bytes)))
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/, "");
  // core/claim.ts normalizeClaimCode: case, dashes and spaces ignored; I and L read as 1, O as 0.
  const normalize = (typed) => {
    const c = typed.toUpperCase().replace(/[\s-]/g, "").replace(/[IL]/g, "1").replace(/O/g, "0");
    return c.length === 20 && [...c].every((ch) => ALPHABET.includes(ch)) ? c : undefined;
  };
  const format = (code) => code.match(/.{1,4}/g).join("-");
  // RFC 8785 for flat objects of ASCII strings: keys sorted, no whitespace, undefined omitted.
  const jcs = (o) =>
    "{" +
    Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => JSON.stringify(k) + ":" + JSON.stringify(o[k]))
      .join(",") +
    "}";
  const statementBytes = (kind, body) => encoder.encode("tagtrail/v1/" + kind + "\n" + jcs(body));
  const today = () => new Date().toISOString().slice(0, 10);

  // The device's keys, one per product.
  const openDb = () =>
    new Promise((resolve, reject) => {
      const r = indexedDB.open("tagtrail", 1);
      r.onupgradeneeded = () => r.result.createObjectStore("holders");
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  const keys = async (mode, op) => {
    const db = await openDb();
    return new Promise((resolve, reject) => {
      const tx = db.transaction("holders", mode);
      const req = op(tx.objectStore("holders"));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error);
    });
  };
  const id = gtin + "/" + serial;
  const loadKey = () => keys("readonly", (s) => s.get(id));
  const saveKey = (v) => keys("readwrite", (s) => s.put(v, id));
  const dropKey = () => keys("readwrite", (s) => s.delete(id));
  const newKey = async () => {
    const pair = await crypto.subtle.generateKey({ name: "Ed25519" }, false, ["sign", "verify"]);
    return { privateKey: pair.privateKey, publicKey: b64u(await crypto.subtle.exportKey("raw", pair.publicKey)) };
  };

  const say = (text, state) => {
    const out = $("claim-status");
    out.textContent = text;
    out.dataset.state = state;
  };
  const problem = async (r) => {
    const p = await r.json().catch(() => ({}));
    const e = new Error(p.detail || p.title || "The server answered " + r.status + ".");
    e.code = p.code;
    return e;
  };
  const status = async () => {
    const r = await fetch("/v1/tags/" + tagPath + "/holder", { headers: { accept: "application/json" } });
    if (!r.ok) throw await problem(r);
    return r.json();
  };
  /** Signs and sends one statement, linked to the chain's newest entry (read again once if it moved). */
  const send = async (make, key) => {
    for (let attempt = 0; ; attempt++) {
      const statement = make((await status()).head);
      const bytes = statementBytes("holder", statement);
      const signature = b64u(await crypto.subtle.sign("Ed25519", key.privateKey, bytes));
      const r = await fetch("/v1/holder-statements", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ statement, signature }),
      });
      if (r.ok) return r.json();
      const e = await problem(r);
      if (e.code !== "wrong-prev" || attempt > 0) throw e;
    }
  };
  const base = (type, prev, holder) => ({ type, gtin, serial, prev, holder, day: today() });

  const show = (panels) => {
    for (const p of document.querySelectorAll("[data-panel]")) p.hidden = !panels.includes(p.dataset.panel);
  };
  const render = async () => {
    const [st, mine] = await Promise.all([status(), loadKey()]);
    if (st.owner && mine && mine.publicKey === st.owner) {
      $("owner-since").textContent = st.since;
      show(["owner"]);
    } else if (st.owner) {
      $("claimed-since").textContent = st.since;
      show(["claimed", "receive"]);
    } else if (st.custody === "destroyed") {
      show(["closed"]);
    } else if (st.claimable) {
      show(["claim", "receive"]);
    } else {
      show(["unclaimable", "receive"]);
    }
    if (mine && !st.owner) $("receive-key").textContent = mine.publicKey;
  };
  const act = (fn) => async (event) => {
    event?.preventDefault();
    try {
      await fn();
    } catch (e) {
      say(e.message, "error");
    }
  };

  $("claim-form").addEventListener(
    "submit",
    act(async () => {
      const code = normalize($("code").value);
      if (!code) return say("That is not a claim code: it has 20 letters and digits, as printed inside the packaging.", "error");
      const key = (await loadKey()) ?? (await newKey());
      // Kept before it is used: a claim that lands must never leave its key behind.
      await saveKey(key);
      await send((prev) => ({ ...base("claim", prev, key.publicKey), code }), key);
      $("code").value = "";
      say("Claimed: this product is now registered to this device, and to no one's name.", "ok");
      await render();
    }),
  );
  $("offer").addEventListener(
    "click",
    act(async () => {
      const key = await loadKey();
      const code = [...crypto.getRandomValues(new Uint8Array(20))].map((b) => ALPHABET[b & 31]).join("");
      const salt = crypto.getRandomValues(new Uint8Array(16));
      const body = { gtin, serial, salt: b64u(salt), code };
      const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", statementBytes("claim", body)));
      const offer = new Uint8Array(48);
      offer.set(salt);
      offer.set(digest, 16);
      await send((prev) => ({ ...base("transfer", prev, key.publicKey), offer: b64u(offer) }), key);
      await dropKey();
      const link = location.origin + "/claim/01/" + encodeURIComponent(gtin) + "/21/" + encodeURIComponent(serial) + "#" + code;
      $("offer-code").textContent = format(code);
      $("offer-link").textContent = link;
      $("offer-link").href = link;
      $("offer-result").hidden = false;
      say("Transferred: the new owner claims it with this one-time code.", "ok");
      await render();
    }),
  );
  $("handover-form").addEventListener(
    "submit",
    act(async () => {
      const to = $("to").value.trim();
      if (!/^[A-Za-z0-9_-]{43}$/.test(to)) return say("That is not a device key: it has 43 letters, digits, - and _.", "error");
      const key = await loadKey();
      await send((prev) => ({ ...base("transfer", prev, key.publicKey), to }), key);
      await dropKey();
      say("Transferred to the new owner's device.", "ok");
      await render();
    }),
  );
  $("release").addEventListener(
    "click",
    act(async () => {
      const key = await loadKey();
      await send((prev) => base("transfer", prev, key.publicKey), key);
      await dropKey();
      say("Released: the shop can now record the return.", "ok");
      await render();
    }),
  );
  $("receive").addEventListener(
    "click",
    act(async () => {
      const key = (await loadKey()) ?? (await newKey());
      await saveKey(key);
      $("receive-key").textContent = key.publicKey;
    }),
  );

  const fromLink = location.hash.slice(1);
  if (fromLink) {
    try {
      $("code").value = decodeURIComponent(fromLink);
    } catch (e) {
      $("code").value = fromLink;
    }
    // The code stays out of the history and out of any later link.
    history.replaceState(null, "", location.pathname);
  }
  act(async () => {
    if (!window.crypto?.subtle || !window.indexedDB) throw new Error("This browser cannot keep a key: try another one.");
    // Ask the browser not to evict the device's keys (Safari drops unused sites' storage otherwise).
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
    await render();
  })();
})();
`;
