/** Whether every CIDR block of a secret ID lies inside one of its role's blocks. */
import { isIPv4 } from "node:net";

interface Block {
  v6: boolean;
  first: bigint;
  last: bigint;
}

function toBigInt(address: string): bigint {
  if (isIPv4(address)) {
    return address.split(".").reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
  }
  const [head, tail = ""] = address.includes("::") ? address.split("::") : [address, undefined];
  const parse = (s: string | undefined) => (s ? s.split(":") : []);
  let groups = parse(head);
  let rest = parse(tail);
  // An embedded IPv4 tail (::ffff:1.2.3.4) counts as two groups.
  const expand = (list: string[]) =>
    list.flatMap((g) => {
      if (!g.includes(".")) return [g];
      const n = toBigInt(g);
      return [(n >> 16n).toString(16), (n & 0xffffn).toString(16)];
    });
  groups = expand(groups);
  rest = expand(rest);
  const missing = address.includes("::") ? 8 - groups.length - rest.length : 0;
  const all = [...groups, ...Array<string>(missing).fill("0"), ...rest];
  return all.reduce((acc, g) => (acc << 16n) | BigInt(Number.parseInt(g || "0", 16)), 0n);
}

/** A canonical "addr/bits" block (as parseCIDRList returns) as its first and last address. */
function block(cidr: string): Block {
  const [addr, bitsText] = cidr.split("/");
  const v6 = !isIPv4(addr);
  const width = v6 ? 128n : 32n;
  const bits = BigInt(Number(bitsText));
  const hostMask = (1n << (width - bits)) - 1n;
  const first = toBigInt(addr) & ~hostMask & ((1n << width) - 1n);
  return { v6, first, last: first | hostMask };
}

export function isCIDRSubset(inner: readonly string[], outer: readonly string[]): boolean {
  if (outer.length === 0) return true;
  const outerBlocks = outer.map(block);
  return inner.every((c) => {
    const b = block(c);
    return outerBlocks.some((o) => o.v6 === b.v6 && o.first <= b.first && b.last <= o.last);
  });
}
