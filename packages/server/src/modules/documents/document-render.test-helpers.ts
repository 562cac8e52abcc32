// Reading a rendered PDF back for tests: its text through poppler's pdftotext, and how much ink its
// first page has through pdftoppm.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const testDir = mkdtempSync(join(tmpdir(), 'svyaz-docs-'));
const dir = testDir;
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

/** The PDF's text as pdftotext reads it, whitespace (including no-break spaces) as single spaces. */
export function pdfText(pdf: Buffer, name = 'doc'): string {
  const path = join(dir, `${name}-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(path, pdf);
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).replace(/[\s\u00a0\u202f]+/g, ' ');
}

/** Share of the first page's pixels that are not white, from pdftoppm's greyscale bitmap. */
export function inkShare(pdf: Buffer, pngPath?: string): number {
  const base = join(dir, `page-${Math.random().toString(36).slice(2)}`);
  writeFileSync(`${base}.pdf`, pdf);
  execFileSync('pdftoppm', ['-gray', '-r', '40', '-f', '1', '-l', '1', '-singlefile', `${base}.pdf`, base]);
  if (pngPath) execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', `${base}.pdf`, pngPath.replace(/\.png$/, '')]);
  const pgm = readFileSync(`${base}.pgm`);
  // P5\n<width> <height>\n<max>\n<bytes>
  const header = pgm.subarray(0, 40).toString('latin1').split(/\s+/);
  const width = Number(header[1]);
  const height = Number(header[2]);
  const pixels = pgm.subarray(pgm.length - width * height);
  let dark = 0;
  for (const value of pixels) if (value < 200) dark++;
  return dark / pixels.length;
}

