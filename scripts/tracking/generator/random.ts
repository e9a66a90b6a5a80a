import { createHash } from "node:crypto";

const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

/**
 * A small, fast, seeded PRNG (sfc32, 128 bits of state) seeded from SHA-256 of
 * a text key, so every stream (one per person, one for FX, ...) is independent
 * and the same key always gives the same numbers on every platform.
 */
export class Rng {
    private a: number;
    private b: number;
    private c: number;
    private d: number;

    constructor(key: string) {
        const digest = createHash("sha256").update(key).digest();
        this.a = digest.readUInt32LE(0);
        this.b = digest.readUInt32LE(4);
        this.c = digest.readUInt32LE(8);
        this.d = digest.readUInt32LE(12);
        for (let i = 0; i < 12; i++) this.uint32();
    }

    uint32(): number {
        const t = (((this.a + this.b) | 0) + this.d) | 0;
        this.d = (this.d + 1) | 0;
        this.a = this.b ^ (this.b >>> 9);
        this.b = (this.c + (this.c << 3)) | 0;
        this.c = (this.c << 21) | (this.c >>> 11);
        this.c = (this.c + t) | 0;
        return t >>> 0;
    }

    /** Uniform in [0, 1). */
    float(): number {
        return this.uint32() / 4294967296;
    }

    /** Uniform integer in [min, max], both included. */
    int(min: number, max: number): number {
        return min + Math.floor(this.float() * (max - min + 1));
    }

    /** Uniform real in [min, max). */
    between(min: number, max: number): number {
        return min + this.float() * (max - min);
    }

    chance(probability: number): boolean {
        return this.float() < probability;
    }

    pick<T>(items: readonly T[]): T {
        return items[Math.floor(this.float() * items.length)] as T;
    }

    /** Picks by weight; weights need not sum to 1. */
    weighted<T>(items: readonly (readonly [T, number])[]): T {
        let total = 0;
        for (const [, weight] of items) total += weight;
        let point = this.float() * total;
        for (const [item, weight] of items) {
            point -= weight;
            if (point < 0) return item;
        }
        return items[items.length - 1]![0];
    }

    /** Exponentially distributed with this mean. */
    exponential(mean: number): number {
        return -Math.log(1 - this.float()) * mean;
    }

    /** `digits` lower-case hex digits. */
    hex(digits: number): string {
        let text = "";
        while (text.length < digits) {
            const word = this.uint32();
            text += HEX_BYTES[word >>> 24]! + HEX_BYTES[(word >>> 16) & 255]! + HEX_BYTES[(word >>> 8) & 255]! + HEX_BYTES[word & 255]!;
        }
        return text.length === digits ? text : text.slice(0, digits);
    }

    /** URL-safe random token, like the click ids ad platforms append. */
    token(length: number): string {
        const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let text = "";
        for (let i = 0; i < length; i++) text += alphabet[this.uint32() & 63];
        return text;
    }
}

/**
 * A UUID-shaped id, random-looking but unique by construction: its last 12
 * hex digits are the owner's index (24 bits) and a counter (24 bits).
 */
export function uniqueUuid(rng: Rng, owner: number, counter: number): string {
    const random = rng.hex(15);
    const variant = "89ab"[rng.uint32() & 3];
    const tail = owner.toString(16).padStart(6, "0") + counter.toString(16).padStart(6, "0");
    return `${random.slice(0, 8)}-${random.slice(8, 12)}-4${random.slice(12, 15)}-${variant}${rng.hex(3)}-${tail}`;
}
