import { Chunker } from "../files/chunker.js";
import type { Dispatcher } from "../pool/dispatcher.js";

export const STDIN_PATH = "<stdin>";

/** Standard input, scanned in chunks as it arrives (config-style: `KEY=value` lines count). */
export async function scanStream(
  input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  dispatcher: Dispatcher,
  chunkSize?: number,
): Promise<void> {
  const docs: Parameters<Dispatcher["addDoc"]>[0][] = [];
  const chunker = new Chunker(STDIN_PATH, (doc) => docs.push(doc), chunkSize, undefined, true);
  const drain = async () => {
    for (const doc of docs.splice(0)) {
      const wait = dispatcher.addDoc(doc);
      if (wait) await wait;
    }
  };
  for await (const piece of input) {
    chunker.push(
      typeof piece === "string" ? Buffer.from(piece, "utf8").toString("latin1") : piece.toString("latin1"),
    );
    await drain();
  }
  chunker.end();
  await drain();
}
