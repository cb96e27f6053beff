/**
 * Reads a stream of chunks, but never more than `maxBytes`: past the cap it
 * stops and lets go of the source (a for-await `return` destroys a Node
 * stream and cancels a web stream), so a huge or endless file costs at most
 * the cap. Undefined when the source had more than `maxBytes`.
 */
export async function readCapped(
  chunks: AsyncIterable<Uint8Array | string>,
  maxBytes: number,
): Promise<Buffer | undefined> {
  const parts: Buffer[] = [];
  let total = 0;
  for await (const chunk of chunks) {
    let buffer: Buffer;
    if (typeof chunk === 'string') {
      buffer = Buffer.from(chunk);
    } else {
      buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    }
    total += buffer.length;
    if (total > maxBytes) {
      return undefined;
    }
    parts.push(buffer);
  }
  return Buffer.concat(parts);
}
