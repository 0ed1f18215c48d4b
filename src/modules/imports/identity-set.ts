// Remembers which identities (external id, e-mail, phone) earlier rows of the file used, so a second row
// for the same person is rejected as a duplicate instead of silently merged (merging would make a re-run
// update the member twice and never settle). A 1M-row file holds up to ~3M keys: strings in a Set would
// take hundreds of MB, so keys are kept as 64-bit hashes in typed arrays (~16 bytes per key). Two different
// keys sharing a 64-bit hash is about a one-in-a-million event for a 3M-key file.

function hash64(key: string): [number, number] {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  return [h1 >>> 0 || 1, h2 >>> 0];
}

export class IdentitySet {
  #hi = new Uint32Array(1 << 12);
  #lo = new Uint32Array(1 << 12);
  #row = new Uint32Array(1 << 12);
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** The row that used `key`, if one did. */
  find(key: string): number | undefined {
    const [hi, lo] = hash64(key);
    const mask = this.#hi.length - 1;
    for (let i = (hi ^ lo) & mask; ; i = (i + 1) & mask) {
      if (this.#hi[i] === 0) return undefined;
      if (this.#hi[i] === hi && this.#lo[i] === lo) return this.#row[i];
    }
  }

  /** The row that first used `key`, or undefined (and `key` is now remembered for `row`). */
  claim(key: string, row: number): number | undefined {
    if ((this.#size + 1) * 4 > this.#hi.length * 3) this.#grow();
    const [hi, lo] = hash64(key);
    const mask = this.#hi.length - 1;
    for (let i = (hi ^ lo) & mask; ; i = (i + 1) & mask) {
      if (this.#hi[i] === 0) {
        this.#hi[i] = hi;
        this.#lo[i] = lo;
        this.#row[i] = row;
        this.#size++;
        return undefined;
      }
      if (this.#hi[i] === hi && this.#lo[i] === lo) return this.#row[i];
    }
  }

  #grow(): void {
    const [hi, lo, row] = [this.#hi, this.#lo, this.#row];
    const capacity = hi.length * 2;
    this.#hi = new Uint32Array(capacity);
    this.#lo = new Uint32Array(capacity);
    this.#row = new Uint32Array(capacity);
    const mask = capacity - 1;
    for (let j = 0; j < hi.length; j++) {
      if (hi[j] === 0) continue;
      let i = (hi[j]! ^ lo[j]!) & mask;
      while (this.#hi[i] !== 0) i = (i + 1) & mask;
      this.#hi[i] = hi[j]!;
      this.#lo[i] = lo[j]!;
      this.#row[i] = row[j]!;
    }
  }
}
