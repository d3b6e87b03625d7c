import { readFileSync } from "node:fs";

/** One entry of a zip's central directory: its path and the Unix mode the writer recorded. */
export interface ZipEntry {
  name: string;
  unixMode: number;
}

/** Reads a zip's central directory (enough to check names and permissions without unzipping). */
export function zipEntries(path: string): ZipEntry[] {
  const zip = readFileSync(path);
  const endSignature = 0x06054b50;
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== endSignature) end--;
  if (end < 0) throw new Error(`${path} is not a zip file`);
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error(`${path}: bad central directory entry ${i}`);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const externalAttributes = zip.readUInt32LE(offset + 38);
    const name = zip.toString("utf8", offset + 46, offset + 46 + nameLength);
    entries.push({ name, unixMode: externalAttributes >>> 16 });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
