// How much of a file reads as UTF-8, counted byte by byte over any number of chunks: the evidence behind the
// encoding the importer picks. One stray invalid byte in a file full of valid Hebrew UTF-8 is a damaged UTF-8
// file, not a Windows-1255 one; a Windows-1255 file has almost no valid multi-byte sequence at all.

export interface EncodingEvidence {
  /** The file starts with the UTF-8 byte order mark (Excel's "CSV UTF-8"). */
  bom: boolean;
  /** Characters written with 2–4 bytes that are valid UTF-8 (Hebrew, Persian, emoji…). */
  validMultibyte: number;
  /** Bytes that cannot be UTF-8 where they stand. */
  invalidBytes: number;
  /** validMultibyte / (validMultibyte + invalidBytes); 1 for a file without non-ASCII bytes. */
  utf8Share: number;
}

/** Below this share of valid UTF-8 among the non-ASCII text, a file without a BOM is a legacy code page. */
export const UTF8_SHARE_THRESHOLD = 0.5;

/** The second byte's range for each lead byte (RFC 3629 table 3-7); later bytes are always 80–BF. */
function sequence(lead: number): { length: number; min: number; max: number } | undefined {
  if (lead >= 0xc2 && lead <= 0xdf) return { length: 2, min: 0x80, max: 0xbf };
  if (lead === 0xe0) return { length: 3, min: 0xa0, max: 0xbf };
  if (lead === 0xed) return { length: 3, min: 0x80, max: 0x9f };
  if (lead >= 0xe1 && lead <= 0xef) return { length: 3, min: 0x80, max: 0xbf };
  if (lead === 0xf0) return { length: 4, min: 0x90, max: 0xbf };
  if (lead >= 0xf1 && lead <= 0xf3) return { length: 4, min: 0x80, max: 0xbf };
  if (lead === 0xf4) return { length: 4, min: 0x80, max: 0x8f };
  return undefined;
}

export class Utf8Evidence {
  #bom = false;
  #start = true;
  #valid = 0;
  #invalid = 0;
  /** The sequence under way: bytes still expected, the bytes seen so far. */
  #expect = 0;
  #seen = 0;
  #next: { min: number; max: number } = { min: 0x80, max: 0xbf };

  push(chunk: Uint8Array): void {
    let i = 0;
    if (this.#start && chunk.length > 0) {
      this.#start = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        this.#bom = true;
        i = 3;
      }
    }
    for (; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (this.#expect > 0) {
        if (byte >= this.#next.min && byte <= this.#next.max) {
          this.#seen++;
          this.#next = { min: 0x80, max: 0xbf };
          if (--this.#expect === 0) this.#valid++;
          continue;
        }
        // The sequence broke off: its bytes so far are invalid, and this byte starts afresh.
        this.#invalid += this.#seen;
        this.#expect = 0;
      }
      if (byte < 0x80) continue;
      const seq = sequence(byte);
      if (!seq) {
        this.#invalid++;
        continue;
      }
      this.#expect = seq.length - 1;
      this.#seen = 1;
      this.#next = { min: seq.min, max: seq.max };
    }
  }

  end(): EncodingEvidence {
    if (this.#expect > 0) this.#invalid += this.#seen;
    this.#expect = 0;
    const total = this.#valid + this.#invalid;
    return {
      bom: this.#bom,
      validMultibyte: this.#valid,
      invalidBytes: this.#invalid,
      utf8Share: total === 0 ? 1 : this.#valid / total,
    };
  }
}

/** UTF-8 when the file says so (BOM) or mostly reads as UTF-8; otherwise the Hebrew Windows code page. */
export function encodingFromEvidence(evidence: EncodingEvidence): 'utf8' | 'windows-1255' {
  return evidence.bom || evidence.utf8Share >= UTF8_SHARE_THRESHOLD ? 'utf8' : 'windows-1255';
}

/** Evidence for a whole buffer (the inspection of a file's first bytes; a sequence cut at the end is not held against it). */
export function evidenceOf(bytes: Uint8Array, complete: boolean): EncodingEvidence {
  const scan = new Utf8Evidence();
  let end = bytes.length;
  if (!complete) {
    // Step back over a multi-byte character cut off by the end of the prefix.
    let back = 0;
    while (back < 3 && end - back - 1 >= 0 && (bytes[end - back - 1]! & 0xc0) === 0x80) back++;
    const lead = bytes[end - back - 1];
    if (lead !== undefined && lead >= 0xc0) end = end - back - 1;
  }
  scan.push(bytes.subarray(0, end));
  return scan.end();
}
