import { BlockList, isIP } from "node:net";
import { InvalidRequestError } from "../../errors.js";

/** Parses bound CIDRs (CIDR blocks or single addresses) into canonical strings; 400 on bad input. */
export function parseCIDRs(values: readonly string[], fieldName: string): string[] {
  return values.map((raw) => {
    const v = raw.trim();
    const [addr, bits, extra] = v.split("/");
    const family = isIP(addr ?? "");
    const max = family === 4 ? 32 : 128;
    const okBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= max);
    if (family === 0 || extra !== undefined || !okBits) {
      throw new InvalidRequestError(`invalid value for "${fieldName}": expected IP addresses or CIDR blocks`);
    }
    return bits === undefined ? `${addr}/${max}` : `${addr}/${Number(bits)}`;
  });
}

function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1] : address;
}

/** True if no CIDRs are bound, or the remote address is inside one of them. */
export function addressAllowed(cidrs: readonly string[], remoteAddress: string): boolean {
  if (cidrs.length === 0) return true;
  const address = normalizeAddress(remoteAddress);
  const family = isIP(address);
  if (family === 0) return false;
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [net, bits] = cidr.split("/");
    list.addSubnet(net, Number(bits), isIP(net) === 6 ? "ipv6" : "ipv4");
  }
  return list.check(address, family === 6 ? "ipv6" : "ipv4");
}
