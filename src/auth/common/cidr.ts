/** Bound CIDRs of auth methods: parsing (400 on bad input) and checking a client address. */
import { BlockList, isIP } from "node:net";
import { InvalidRequestError } from "../../errors.js";

/** Canonical "addr/bits" strings for CIDR blocks or single addresses. */
export function parseCIDRList(values: readonly string[], fieldName: string): string[] {
  return values.map((raw) => {
    const [addr, bits, extra] = raw.trim().split("/");
    const family = isIP(addr ?? "");
    const max = family === 4 ? 32 : 128;
    const okBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= max);
    if (family === 0 || extra !== undefined || !okBits) {
      throw new InvalidRequestError(`invalid value for "${fieldName}": expected IP addresses or CIDR blocks`);
    }
    return `${addr}/${bits === undefined ? max : Number(bits)}`;
  });
}

/** True when no CIDRs are bound or the address lies inside one of them (IPv4-mapped IPv6 counts as IPv4). */
export function addressInCIDRs(cidrs: readonly string[], remoteAddress: string): boolean {
  if (cidrs.length === 0) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(remoteAddress);
  const address = mapped ? mapped[1] : remoteAddress;
  const family = isIP(address);
  if (family === 0) return false;
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [net, bits] = cidr.split("/");
    list.addSubnet(net, Number(bits), isIP(net) === 6 ? "ipv6" : "ipv4");
  }
  return list.check(address, family === 6 ? "ipv6" : "ipv4");
}
