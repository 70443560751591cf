/**
 * ECDSA over a caller-supplied digest (sign and verify with `prehashed=true`), which node:crypto
 * has no API for: its ECDSA always hashes the message itself. The scalar multiplication that
 * touches the secret nonce is OpenSSL's (createECDH); the modular arithmetic with the private key
 * is blinded. Verification uses only public values, so plain BigInt point arithmetic is fine.
 */
import { createECDH, randomBytes } from "node:crypto";

export interface CurveParams {
  /** OpenSSL's name, for createECDH. */
  openssl: "prime256v1" | "secp384r1" | "secp521r1";
  p: bigint;
  /** b of y^2 = x^3 - 3x + b. */
  b: bigint;
  n: bigint;
  gx: bigint;
  gy: bigint;
  /** Bytes of a coordinate or scalar. */
  size: number;
}

const h = (s: string) => BigInt(`0x${s.replace(/\s/g, "")}`);

export const CURVES: Record<"P-256" | "P-384" | "P-521", CurveParams> = {
  "P-256": {
    openssl: "prime256v1",
    p: h("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff"),
    b: h("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b"),
    n: h("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551"),
    gx: h("6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"),
    gy: h("4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5"),
    size: 32,
  },
  "P-384": {
    openssl: "secp384r1",
    p: h("fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff"),
    b: h("b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef"),
    n: h("ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973"),
    gx: h("aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7"),
    gy: h("3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f"),
    size: 48,
  },
  "P-521": {
    openssl: "secp521r1",
    p: (1n << 521n) - 1n,
    b: h(`0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf
          073573df883d2c34f1ef451fd46b503f00`),
    n: h(
      "01ff ffffffff ffffffff ffffffff ffffffff ffffffff ffffffff ffffffff fffffffa" +
        "51868783 bf2f966b 7fcc0148 f709a5d0 3bb5c9b8 899c47ae bb6fb71e 91386409",
    ),
    gx: h(`00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8
           de3348b3c1856a429bf97e7e31c2e5bd66`),
    gy: h(`011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad07
           61353c7086a272c24088be94769fd16650`),
    size: 66,
  },
};

const mod = (a: bigint, m: bigint) => {
  const r = a % m;
  return r < 0n ? r + m : r;
};

function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  let result = 1n;
  let b = mod(base, m);
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return result;
}

/** Inverse modulo a prime. */
const inv = (a: bigint, m: bigint) => modPow(a, m - 2n, m);

export function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString("hex")}`);
}

export function bigIntToBytes(v: bigint, size: number): Buffer {
  return Buffer.from(v.toString(16).padStart(size * 2, "0"), "hex");
}

/** The digest as an integer: its leftmost bits, as many as the group order has (SEC 1). */
export function digestToInt(c: CurveParams, digest: Uint8Array): bigint {
  const orderBits = c.n.toString(2).length;
  const d = digest.subarray(0, Math.ceil(orderBits / 8));
  const excess = d.length * 8 - orderBits;
  const e = bytesToBigInt(d);
  return excess > 0 ? e >> BigInt(excess) : e;
}

/** Uniform in [1, n-1]. */
function randomScalar(n: bigint, size: number): bigint {
  for (;;) {
    const k = bytesToBigInt(randomBytes(size)) % (1n << BigInt(n.toString(2).length));
    if (k > 0n && k < n) return k;
  }
}

/** ECDSA signature (r, s) of a digest with private scalar d. */
export function signDigest(c: CurveParams, d: bigint, digest: Uint8Array): { r: bigint; s: bigint } {
  const e = digestToInt(c, digest);
  for (;;) {
    const k = randomScalar(c.n, c.size);
    const ecdh = createECDH(c.openssl);
    ecdh.setPrivateKey(bigIntToBytes(k, c.size));
    const point = ecdh.getPublicKey();
    const r = mod(bytesToBigInt(point.subarray(1, 1 + c.size)), c.n);
    if (r === 0n) continue;
    const blind = randomScalar(c.n, c.size);
    const numerator = mod(blind * e + mod(blind * r, c.n) * d, c.n);
    const s = mod(inv(mod(blind * k, c.n), c.n) * numerator, c.n);
    if (s !== 0n) return { r, s };
  }
}

type Jacobian = [bigint, bigint, bigint];

function double(c: CurveParams, [x, y, z]: Jacobian): Jacobian {
  const { p } = c;
  if (z === 0n || y === 0n) return [1n, 1n, 0n];
  const delta = (z * z) % p;
  const gamma = (y * y) % p;
  const beta = (x * gamma) % p;
  const alpha = mod(3n * (x - delta) * (x + delta), p);
  const x3 = mod(alpha * alpha - 8n * beta, p);
  const z3 = mod((y + z) * (y + z) - gamma - delta, p);
  const y3 = mod(alpha * (4n * beta - x3) - 8n * gamma * gamma, p);
  return [x3, y3, z3];
}

function add(c: CurveParams, a: Jacobian, b: Jacobian): Jacobian {
  const { p } = c;
  if (a[2] === 0n) return b;
  if (b[2] === 0n) return a;
  const z1z1 = (a[2] * a[2]) % p;
  const z2z2 = (b[2] * b[2]) % p;
  const u1 = (a[0] * z2z2) % p;
  const u2 = (b[0] * z1z1) % p;
  const s1 = (a[1] * z2z2 * b[2]) % p;
  const s2 = (b[1] * z1z1 * a[2]) % p;
  if (u1 === u2) return s1 === s2 ? double(c, a) : [1n, 1n, 0n];
  const hh = mod(u2 - u1, p);
  const rr = mod(s2 - s1, p);
  const h2 = (hh * hh) % p;
  const h3 = (h2 * hh) % p;
  const x3 = mod(rr * rr - h3 - 2n * u1 * h2, p);
  const y3 = mod(rr * (u1 * h2 - x3) - s1 * h3, p);
  const z3 = (hh * a[2] * b[2]) % p;
  return [x3, y3, z3];
}

/** u·G + v·Q in one pass of doublings (Shamir's trick). */
function multiplyAdd(c: CurveParams, u: bigint, g: Jacobian, v: bigint, q: Jacobian): Jacobian {
  const gq = add(c, g, q);
  const bits = Math.max(u.toString(2).length, v.toString(2).length);
  let acc: Jacobian = [1n, 1n, 0n];
  for (let i = bits - 1; i >= 0; i--) {
    acc = double(c, acc);
    const bu = (u >> BigInt(i)) & 1n;
    const bv = (v >> BigInt(i)) & 1n;
    if (bu && bv) acc = add(c, acc, gq);
    else if (bu) acc = add(c, acc, g);
    else if (bv) acc = add(c, acc, q);
  }
  return acc;
}

/** Whether (x, y) is a point of the curve. */
export function onCurve(c: CurveParams, x: bigint, y: bigint): boolean {
  return mod(y * y - (x * x * x - 3n * x + c.b), c.p) === 0n;
}

/** Verifies an ECDSA signature of a digest against the public point (qx, qy). */
export function verifyDigest(
  c: CurveParams,
  q: { x: bigint; y: bigint },
  digest: Uint8Array,
  r: bigint,
  s: bigint,
): boolean {
  if (r <= 0n || r >= c.n || s <= 0n || s >= c.n || !onCurve(c, q.x, q.y)) return false;
  const w = inv(s, c.n);
  const e = digestToInt(c, digest);
  const sum = multiplyAdd(c, mod(e * w, c.n), [c.gx, c.gy, 1n], mod(r * w, c.n), [q.x, q.y, 1n]);
  if (sum[2] === 0n) return false;
  const zInv = inv(sum[2], c.p);
  const x = mod(sum[0] * zInv * zInv, c.p);
  return mod(x, c.n) === r;
}
