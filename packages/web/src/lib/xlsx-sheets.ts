// The sheet names of an .xlsx file, read in the browser before the upload so the user can choose one.
// Only the ZIP central directory and xl/workbook.xml are read (File.slice), whatever the file's size;
// the workbook entry is inflated with the browser's DecompressionStream.

export interface ByteSource {
  size: number;
  read(start: number, end: number): Promise<Uint8Array>;
}

export function fileSource(file: Blob): ByteSource {
  return { size: file.size, read: async (start, end) => new Uint8Array(await file.slice(start, end).arrayBuffer()) };
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

async function inflateRaw(data: Uint8Array): Promise<Uint8Array> {
  const input = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(data);
      controller.close();
    },
  });
  const stream = input.pipeThrough(new DecompressionStream('deflate-raw') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Names of the workbook's sheets in order; [] when the bytes are not a readable workbook. */
export async function readXlsxSheetNames(source: ByteSource): Promise<string[]> {
  try {
    const tailSize = Math.min(source.size, 65_557);
    const tail = await source.read(source.size - tailSize, source.size);
    const tailView = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
    let eocd = -1;
    for (let index = tail.length - 22; index >= 0; index--) {
      if (tailView.getUint32(index, true) === EOCD) {
        eocd = index;
        break;
      }
    }
    if (eocd < 0) return [];
    const entries = tailView.getUint16(eocd + 10, true);
    const directorySize = tailView.getUint32(eocd + 12, true);
    const directoryOffset = tailView.getUint32(eocd + 16, true);
    const directory = await source.read(directoryOffset, directoryOffset + directorySize);
    const view = new DataView(directory.buffer, directory.byteOffset, directory.byteLength);
    const decoder = new TextDecoder();
    let position = 0;
    for (let entry = 0; entry < entries && position + 46 <= directory.length; entry++) {
      if (view.getUint32(position, true) !== CENTRAL) return [];
      const method = view.getUint16(position + 10, true);
      const compressedSize = view.getUint32(position + 20, true);
      const nameLength = view.getUint16(position + 28, true);
      const extraLength = view.getUint16(position + 30, true);
      const commentLength = view.getUint16(position + 32, true);
      const localOffset = view.getUint32(position + 42, true);
      const name = decoder.decode(directory.subarray(position + 46, position + 46 + nameLength));
      position += 46 + nameLength + extraLength + commentLength;
      if (name !== 'xl/workbook.xml') continue;
      const header = await source.read(localOffset, localOffset + 30);
      const headerView = new DataView(header.buffer, header.byteOffset, header.byteLength);
      if (headerView.getUint32(0, true) !== LOCAL) return [];
      const dataStart = localOffset + 30 + headerView.getUint16(26, true) + headerView.getUint16(28, true);
      const raw = await source.read(dataStart, dataStart + compressedSize);
      const xml = decoder.decode(method === 8 ? await inflateRaw(raw) : raw);
      return sheetNamesOf(xml);
    }
    return [];
  } catch {
    return [];
  }
}

/** `<sheet name="…">` elements of workbook.xml, XML entities decoded. */
export function sheetNamesOf(xml: string): string[] {
  const names: string[] = [];
  for (const match of xml.matchAll(/<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"/g)) names.push(decodeEntities(match[1]));
  return names;
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (whole, entity: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (entity in named) return named[entity];
    const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
  });
}
