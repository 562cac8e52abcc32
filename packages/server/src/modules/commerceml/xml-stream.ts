// Streaming reader of CommerceML files: bytes in, small element trees out. The encoding comes from the
// byte-order mark or the XML declaration (1C writes windows-1251 or UTF-8 with a BOM) and is decoded with
// iconv-lite chunk by chunk; saxes parses the text as it arrives. Only the elements the caller asks for
// (one Товар, one Предложение, one Документ) are built as trees, each handed over as soon as it closes,
// so memory holds one chunk and the items not yet written, never the file.
import iconv from 'iconv-lite';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { AppError } from '../../core/errors.js';

export interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
  /** The line the element starts on (1-based). */
  line: number;
}

export interface XmlHandlers {
  /** Element paths ("КоммерческаяИнформация/Каталог/Товары/Товар") whose subtrees are wanted. */
  isItem(path: string): boolean;
  onItem(node: XmlNode, path: string): void;
  /** Every opening tag outside the collected items (the root's ВерсияСхемы, Каталог's attributes). */
  onOpen?(name: string, attributes: Record<string, string>, path: string, line: number): void;
  /** Called after each decoded chunk was parsed: the place to write what has piled up. */
  drain(): Promise<void>;
}

/** A problem at a place in the file: 400 naming the element path and the line. */
export function xmlProblem(path: string, line: number, problem: string): AppError {
  const field = `${path} (line ${line})`;
  return new AppError('VALIDATION_FAILED', { message: `${field}: ${problem}`, details: [{ field, problem, path, line }] });
}

const HEAD_BYTES = 512;

/** The encoding of a file from its first bytes: a BOM first, then the XML declaration, UTF-8 by default. */
export function detectEncoding(head: Buffer): { encoding: string; bomLength: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  const declaration = /^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head.toString('latin1'));
  const encoding = declaration ? declaration[1].toLowerCase() : 'utf-8';
  if (!iconv.encodingExists(encoding)) throw xmlProblem('xml', 1, `the encoding ${declaration![1]} is not supported (use windows-1251 or UTF-8)`);
  return { encoding, bomLength: 0 };
}

/** Reads the file through the handlers; throws an AppError at the first broken piece of XML. */
export async function readXmlStream(source: AsyncIterable<Buffer | Uint8Array | string>, handlers: XmlHandlers): Promise<void> {
  const parser = new SaxesParser<{ position: true; xmlns: false }>({ position: true, xmlns: false });
  const stack: string[] = [];
  const nodes: XmlNode[] = [];
  let collectDepth = -1;
  let path = '';
  let failure: AppError | null = null;
  parser.on('error', (error) => {
    failure ??= xmlProblem(path || 'xml', parser.line, `the XML is broken: ${error.message.replace(/^[^:]*:\d+:\d+: /, '')}`);
    throw failure;
  });
  parser.on('opentag', (tag: SaxesTagPlain) => {
    stack.push(tag.name);
    path = stack.join('/');
    if (collectDepth >= 0 || handlers.isItem(path)) {
      const node: XmlNode = { name: tag.name, attributes: tag.attributes as Record<string, string>, children: [], text: '', line: parser.line };
      if (collectDepth >= 0) nodes[nodes.length - 1].children.push(node);
      else collectDepth = stack.length;
      nodes.push(node);
    } else handlers.onOpen?.(tag.name, tag.attributes as Record<string, string>, path, parser.line);
  });
  const onText = (text: string) => {
    if (nodes.length) nodes[nodes.length - 1].text += text;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    if (collectDepth >= 0) {
      const node = nodes.pop()!;
      node.text = node.text.trim();
      if (stack.length === collectDepth) {
        collectDepth = -1;
        handlers.onItem(node, path);
      }
    }
    stack.pop();
    path = stack.join('/');
  });

  let decoder: ReturnType<typeof iconv.getDecoder> | null = null;
  let head = Buffer.alloc(0);
  const feed = async (text: string) => {
    if (!text) return;
    parser.write(text);
    await handlers.drain();
  };
  for await (const piece of source) {
    if (typeof piece === 'string') {
      await feed(piece.replace(/^\uFEFF/, ''));
      continue;
    }
    const chunk = Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
    if (!decoder) {
      head = Buffer.concat([head, chunk]);
      if (head.length < HEAD_BYTES) continue;
      const { encoding, bomLength } = detectEncoding(head);
      decoder = iconv.getDecoder(encoding);
      await feed(decoder.write(head.subarray(bomLength)));
      continue;
    }
    await feed(decoder.write(chunk));
  }
  if (!decoder && head.length) {
    const { encoding, bomLength } = detectEncoding(head);
    decoder = iconv.getDecoder(encoding);
    await feed(decoder.write(head.subarray(bomLength)));
  }
  if (decoder) await feed(decoder.end() ?? '');
  parser.close();
  await handlers.drain();
}

// ---------------------------------------------------------------- reading the element trees

export function child(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((candidate) => candidate.name === name);
}

export function childrenOf(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((candidate) => candidate.name === name);
}

/** Text of a child element ('' when absent). */
export function textOf(node: XmlNode, name: string): string {
  return child(node, name)?.text ?? '';
}

/** Children of a list element: childrenIn(товар, 'Группы', 'Ид'). */
export function childrenIn(node: XmlNode, list: string, name: string): XmlNode[] {
  const container = child(node, list);
  return container ? childrenOf(container, name) : [];
}
