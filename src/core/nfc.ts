// NFC tags (NTAG 424 DNA, SUN in AES mode) in tagtrail: a batch master key and the per-tag keys
// diversified from it (AN10922), the commitments the log carries instead of the key and the UID,
// the tag URL with its SUN mirror (the maker's signed GS1 Digital Link URL plus e, f and m), the
// SDM settings an encoding station writes, the check of a tap, and a software tag that makes taps
// (for tests and the demo). Pure; the AES block cipher is injected (./sun.ts).
import { concatBytes, constantTimeEqual, fromHex, toBase64Url, toHex, utf8 } from "./bytes.js";
import { statementBytes } from "./canonical.js";
import { isSaltedCommitment, opensSaltedCommitment, saltedCommitment } from "./commitment.js";
import type { Sha256 } from "./crypto.js";
import {
  type AesBlock,
  diversifyAes128 as diversify,
  encryptFileData,
  encryptPiccData,
  type SunMessage,
  sdmMac,
  verifySun,
} from "./sun.js";

export const NFC_KEY_BYTES = 16;
export const UID_BYTES = 7;
/** NTAG 424 DNA's ISO DF name (its NDEF application), part of every key's diversification input. */
const DF_NAME = Uint8Array.of(0xd2, 0x76, 0x00, 0x00, 0x85, 0x01, 0x01);
/** The tag's five application keys: 0 changes the others, 1 reads the SUN metadata, 2 MACs and encrypts. */
export const KEY_NUMBERS = { appMaster: 0, metaRead: 1, fileRead: 2 } as const;
const KEY_COUNT = 5;

/** A tag's bytes as hex (UID), upper case as NXP's tools print them. */
export const hexUpper = (b: Uint8Array) => toHex(b).toUpperCase();

/**
 * Every key of one tag: AN10922 AES-128 diversification of the batch master key with
 * UID ‖ DF name ‖ key number, so one tag's keys say nothing about another's.
 */
export function tagKeys(aes: AesBlock, master: Uint8Array, uid: Uint8Array): Uint8Array[] {
  return Array.from({ length: KEY_COUNT }, (_, n) => tagKey(aes, master, uid, n));
}

function tagKey(aes: AesBlock, master: Uint8Array, uid: Uint8Array, n: number): Uint8Array {
  if (master.length !== NFC_KEY_BYTES || uid.length !== UID_BYTES)
    throw new RangeError("a 16-byte key and a 7-byte UID");
  return diversify(aes, master, concatBytes(uid, DF_NAME, Uint8Array.of(n)));
}

/** The two keys a tap is checked with (a verifier may keep them per tag): SDM meta read and file read. */
export interface TapKeys {
  readonly metaRead: Uint8Array;
  readonly fileRead: Uint8Array;
}

export function tapKeys(aes: AesBlock, master: Uint8Array, uid: Uint8Array): TapKeys {
  return {
    metaRead: tagKey(aes, master, uid, KEY_NUMBERS.metaRead),
    fileRead: tagKey(aes, master, uid, KEY_NUMBERS.fileRead),
  };
}

/** What the log records of a batch master key: SHA-256("tagtrail/v1/nfc-batch-key\n" ‖ JCS{key}), base64url. */
export function batchKeyCommitment(sha256: Sha256, key: Uint8Array): string {
  return toBase64Url(sha256(statementBytes("nfc-batch-key", { key: toBase64Url(key) })));
}

/** A batch's ID: the first 16 characters (96 bits) of its key's commitment. */
export function batchIdOf(commitment: string): string {
  return commitment.slice(0, 16);
}

export const BATCH_ID = /^[A-Za-z0-9_-]{16}$/;

/** The binding a commission carries: which batch's keys the tag holds, and a commitment to its UID. */
export interface NfcBinding {
  readonly batch: string;
  /** Salted commitment (./commitment.ts, kind "nfc-uid") to {gtin, serial, batch, uid}. */
  readonly uid: string;
}

type TagRef = { readonly gtin: string; readonly serial: string };

const uidFields = (tag: TagRef, batch: string, uid: Uint8Array) => ({
  gtin: tag.gtin,
  serial: tag.serial,
  batch,
  uid: hexUpper(uid),
});

export function bindUid(
  sha256: Sha256,
  tag: TagRef,
  batch: string,
  uid: Uint8Array,
  random: (n: number) => Uint8Array,
): NfcBinding {
  return { batch, uid: saltedCommitment(sha256, "nfc-uid", uidFields(tag, batch, uid), random) };
}

export function isNfcBinding(b: NfcBinding): boolean {
  return BATCH_ID.test(b.batch) && isSaltedCommitment(b.uid);
}

/** Does `uid` open the binding's commitment for this tag? */
export function opensUidBinding(sha256: Sha256, tag: TagRef, binding: NfcBinding, uid: Uint8Array): boolean {
  return opensSaltedCommitment(sha256, "nfc-uid", uidFields(tag, binding.batch, uid), binding.uid);
}

/** The SUN query parameters tagtrail's tags mirror: encrypted PICC data, encrypted file data (TagTamper), MAC. */
export const SUN_PARAMS = { picc: "e", file: "f", mac: "m" } as const;

/**
 * The file data's plaintext on a TagTamper tag: the two status characters the tag mirrors (as the
 * NTAG 424 DNA TT data sheet describes: permanent state, then current; C closed, O opened, I not
 * set up), then these 14 fixed characters, which a tap's decrypted data must repeat.
 */
const SEAL_FILLER = "tagtrail-tt-v1";

export type SealState = "closed" | "opened" | "unknown";

export function sealState(status: string): SealState {
  if (status.includes("O")) return "opened";
  return status === "CC" ? "closed" : "unknown";
}

/** A tap's SUN data as the URL carries it, and the bytes its MAC covers. */
export interface SunTap extends SunMessage {
  readonly macInput: Uint8Array;
}

/**
 * Reads a URL's SUN parameters: "absent" if it has none (a printed or typed link), "malformed"
 * if they are not what a tag mirrors. Attacker-controlled input.
 */
export function parseSunParams(get: (name: string) => string | undefined): SunTap | "absent" | "malformed" {
  const [e, f, m] = [get(SUN_PARAMS.picc), get(SUN_PARAMS.file), get(SUN_PARAMS.mac)];
  if (e === undefined && f === undefined && m === undefined) return "absent";
  const hex = (text: string | undefined, chars: number) => (text?.length === chars ? fromHex(text) : undefined);
  const encPiccData = hex(e, 32);
  const mac = hex(m, 16);
  const encFileData = f === undefined ? undefined : hex(f, 32);
  if (!encPiccData || !mac || (f !== undefined && !encFileData)) return "malformed";
  return {
    encPiccData,
    mac,
    ...(encFileData ? { encFileData } : {}),
    // The MAC covers what the tag wrote from the file data to the MAC: "<F as upper hex>&m=".
    macInput: encFileData ? utf8(`${hexUpper(encFileData)}&${SUN_PARAMS.mac}=`) : new Uint8Array(0),
  };
}

/** A tap, checked: the counter it carries and, on a TagTamper tag, the seal's state. */
export type TapCheck =
  | { readonly ok: false }
  | { readonly ok: true; readonly counter: number; readonly seal?: SealState };

/**
 * Checks a tap's SUN data against the tag it claims to be: its UID (from its binding) and its
 * keys (tapKeys of the batch key), or the batch key itself.
 */
export function checkTap(aes: AesBlock, key: Uint8Array | TapKeys, uid: Uint8Array, tap: SunTap): TapCheck {
  const keys = key instanceof Uint8Array ? tapKeys(aes, key, uid) : key;
  const reading = verifySun(aes, keys, tap, tap.macInput);
  if (!reading || !constantTimeEqual(reading.uid, uid)) return { ok: false };
  if (!reading.fileData) return { ok: true, counter: reading.counter };
  const text = new TextDecoder().decode(reading.fileData);
  if (text.slice(2) !== SEAL_FILLER) return { ok: false };
  return { ok: true, counter: reading.counter, seal: sealState(text.slice(0, 2)) };
}

/** Where the tag writes each mirror, as offsets in its NDEF file (NTAG 424 DNA file 02, 256 bytes). */
export interface SdmSettings {
  readonly fileNo: 2;
  /** Key numbers: SDMMetaRead decrypts e, SDMFileRead keys the MAC and f, SDMCtrRet reads the counter. */
  readonly sdmMetaRead: number;
  readonly sdmFileRead: number;
  readonly sdmCtrRet: number;
  readonly uidMirror: true;
  readonly readCtrMirror: true;
  readonly piccDataOffset: number;
  readonly sdmMacInputOffset: number;
  readonly sdmMacOffset: number;
  /** TagTamper only: the encrypted file data and the seal status inside it. */
  readonly sdmEncOffset?: number;
  readonly sdmEncLength?: number;
  readonly ttStatusOffset?: number;
  /** The whole NDEF file to write (NLEN ‖ one URI record), hex. */
  readonly ndefFile: string;
}

const NDEF_FILE_BYTES = 256;

/**
 * The URL a tag is written with (its signed tag URL, then zeroed SUN fields) and the SDM settings
 * that make the tag fill them in on every tap. Throws if it does not fit the tag's NDEF file.
 */
export function sunTemplate(tagUrl: string, tamper: boolean): { url: string; settings: SdmSettings } {
  const fileField = `00${SEAL_FILLER}${"0".repeat(16)}`;
  const url =
    `${tagUrl}&${SUN_PARAMS.picc}=${"0".repeat(32)}` +
    (tamper ? `&${SUN_PARAMS.file}=${fileField}` : "") +
    `&${SUN_PARAMS.mac}=${"0".repeat(16)}`;
  const scheme = url.startsWith("https://") ? 0x04 : url.startsWith("http://") ? 0x03 : undefined;
  if (scheme === undefined) throw new RangeError("a tag URL starts with https:// (or http:// for a local demo)");
  const text = utf8(url.slice(scheme === 0x04 ? 8 : 7));
  const payload = 1 + text.length;
  const short = payload <= 255;
  // NLEN (2) ‖ header: D1 01 <len> 55 (short record) or C1 01 <len×4> 55, then the URI code.
  const header = short
    ? Uint8Array.of(0xd1, 0x01, payload, 0x55)
    : Uint8Array.of(0xc1, 0x01, 0, 0, payload >> 8, payload & 0xff, 0x55);
  const record = concatBytes(header, Uint8Array.of(scheme), text);
  const file = concatBytes(Uint8Array.of(record.length >> 8, record.length & 0xff), record);
  if (file.length > NDEF_FILE_BYTES) {
    throw new RangeError(`the tag URL needs ${file.length} bytes; an NTAG 424 DNA NDEF file holds ${NDEF_FILE_BYTES}`);
  }
  const base = file.length - text.length;
  const at = (name: string) => base + url.slice(scheme === 0x04 ? 8 : 7).indexOf(`&${name}=`) + name.length + 2;
  const macOffset = at(SUN_PARAMS.mac);
  const encOffset = tamper ? at(SUN_PARAMS.file) : undefined;
  return {
    url,
    settings: {
      fileNo: 2,
      sdmMetaRead: KEY_NUMBERS.metaRead,
      sdmFileRead: KEY_NUMBERS.fileRead,
      sdmCtrRet: KEY_NUMBERS.metaRead,
      uidMirror: true,
      readCtrMirror: true,
      piccDataOffset: at(SUN_PARAMS.picc),
      sdmMacInputOffset: encOffset ?? macOffset,
      sdmMacOffset: macOffset,
      ...(encOffset === undefined ? {} : { sdmEncOffset: encOffset, sdmEncLength: 32, ttStatusOffset: encOffset }),
      ndefFile: hexUpper(file),
    },
  };
}

/**
 * A software tag: the URL a personalised tag with this UID and key would produce at `counter`,
 * from its template (with the seal in `seal` on a TagTamper template). For tests and the demo.
 */
export function simulateTap(
  aes: AesBlock,
  master: Uint8Array,
  uid: Uint8Array,
  template: string,
  counter: number,
  random: (n: number) => Uint8Array,
  seal: "CC" | "OO" | "OC" | "II" = "CC",
): string {
  const keys = tagKeys(aes, master, uid);
  const picc = { uid, counter };
  const u = new URL(template);
  const e = encryptPiccData(aes, keys[KEY_NUMBERS.metaRead] as Uint8Array, picc, random(5));
  u.searchParams.set(SUN_PARAMS.picc, hexUpper(e));
  let input: Uint8Array = new Uint8Array(0);
  if (u.searchParams.has(SUN_PARAMS.file)) {
    const f = hexUpper(encryptFileData(aes, keys[KEY_NUMBERS.fileRead] as Uint8Array, picc, utf8(seal + SEAL_FILLER)));
    u.searchParams.set(SUN_PARAMS.file, f);
    input = utf8(`${f}&${SUN_PARAMS.mac}=`);
  }
  u.searchParams.set(SUN_PARAMS.mac, hexUpper(sdmMac(aes, keys[KEY_NUMBERS.fileRead] as Uint8Array, picc, input)));
  return u.toString();
}
