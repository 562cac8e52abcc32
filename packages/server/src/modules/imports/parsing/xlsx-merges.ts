// Merged cells of an XLSX, found before the rows are read. A worksheet's XML lists its merges
// (<mergeCell ref="A2:A5"/>) after all its rows, so a streaming reader learns of them too late. This
// first pass inflates each worksheet entry and only scans the text for mergeCell elements: no XML
// parse and nothing kept but the ranges, so it costs a fraction of the row pass and constant memory.
import type { Readable } from 'node:stream';
import { openZipEntries, SHEET_PATH } from './xlsx-zip.js';

export interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

const MERGE_CELL = /<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"/g;
/** Enough of the previous chunk to complete an element cut between two chunks. */
const TAIL = 256;

export function columnNumber(letters: string): number {
  let number = 0;
  for (const letter of letters) number = number * 26 + (letter.charCodeAt(0) - 64);
  return number;
}

/** Merged ranges of every worksheet, keyed by the number N of xl/worksheets/sheetN.xml (exceljs's worksheet id). */
export async function readXlsxMerges(input: Readable): Promise<Map<string, MergeRange[]>> {
  const merges = new Map<string, MergeRange[]>();
  for await (const entry of openZipEntries(input)) {
    const match = SHEET_PATH.exec(entry.path);
    if (!match) {
      // Drained by reading (autodrain's promise never settles when the file is cut inside the entry).
      for await (const chunk of entry) void chunk;
      continue;
    }
    const ranges: MergeRange[] = [];
    let carry = '';
    for await (const chunk of entry) {
      const text = carry + (chunk as Buffer).toString('latin1'); // refs and tag names are ASCII
      if (!text.includes('mergeCell')) {
        carry = text.slice(-TAIL);
        continue;
      }
      MERGE_CELL.lastIndex = 0;
      let found: RegExpExecArray | null;
      let consumed = 0;
      while ((found = MERGE_CELL.exec(text))) {
        if (found[3]) ranges.push({ top: Number(found[2]), left: columnNumber(found[1]), bottom: Number(found[4]), right: columnNumber(found[3]) });
        consumed = MERGE_CELL.lastIndex;
      }
      carry = text.slice(Math.max(consumed, text.length - TAIL));
    }
    if (ranges.length) merges.set(match[1], ranges);
  }
  return merges;
}

/**
 * Fills merged cells while rows stream by in increasing order: the top-left value of each range is
 * remembered when its row passes and written into every other cell of the range. Memory is one entry
 * per range, however many rows a range spans.
 */
export class MergeFiller {
  private readonly pending: MergeRange[];
  private next = 0;
  private active: { range: MergeRange; value: string }[] = [];

  constructor(ranges: MergeRange[]) {
    this.pending = ranges.filter((range) => range.top !== range.bottom || range.left !== range.right).sort((a, b) => a.top - b.top);
  }

  get isEmpty(): boolean {
    return this.pending.length === 0;
  }

  /** Fills the cells (0-based columns) of a row (1-based number). */
  fill(rowNumber: number, cells: string[]): string[] {
    while (this.next < this.pending.length && this.pending[this.next].top <= rowNumber) {
      const range = this.pending[this.next++];
      if (range.bottom >= rowNumber) this.active.push({ range, value: range.top === rowNumber ? (cells[range.left - 1] ?? '') : '' });
    }
    if (this.active.some((entry) => entry.range.bottom < rowNumber)) this.active = this.active.filter((entry) => entry.range.bottom >= rowNumber);
    for (const { range, value } of this.active) {
      for (let column = range.left; column <= range.right; column++) {
        if (rowNumber === range.top && column === range.left) continue;
        while (cells.length < column) cells.push('');
        if (!cells[column - 1]) cells[column - 1] = value;
      }
    }
    return cells;
  }

  /** Whether a row the sheet has no element for lies inside a merged range that has a value (so it must be made up). */
  covers(rowNumber: number): boolean {
    return this.active.some((entry) => entry.value !== '' && entry.range.top < rowNumber && entry.range.bottom >= rowNumber);
  }
}
