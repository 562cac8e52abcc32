// An admin's own DOCX template: written in Word or LibreOffice with placeholders such as {number},
// {buyer.inn}, {totalInWords} and a table row {#lines}{name} … {amount}{/lines}; checked on upload
// (a broken file, a broken tag or an unknown placeholder is a 400 naming the file field and the tag)
// and filled in with docxtemplater.
import PizZip from 'pizzip';
import Docxtemplater from 'docxtemplater';
import InspectModule from 'docxtemplater/js/inspect-module.js';
import { documentLinePlaceholders, documentPlaceholders } from '@svyaz/shared';
import { AppError } from '../../core/errors.js';

/** {supplier.name} reads scope.supplier.name; inside a loop the line's own fields come first. */
function dottedParser(tag: string) {
  return {
    get(scope: unknown): unknown {
      if (tag === '.') return scope;
      return tag.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), scope);
    },
  };
}

const fileProblem = (problem: string) => new AppError('VALIDATION_FAILED', { message: `file: ${problem}`, details: [{ field: 'file', problem }] });

function compile(content: Buffer, modules: unknown[] = []): Docxtemplater {
  let zip: PizZip;
  try {
    zip = new PizZip(content);
  } catch {
    throw fileProblem('is not a DOCX file (it cannot be opened as a ZIP archive)');
  }
  if (!zip.file('word/document.xml')) throw fileProblem('is not a DOCX file (word/document.xml is missing)');
  try {
    return new Docxtemplater(zip, { paragraphLoop: true, linebreaks: true, parser: dottedParser, modules, nullGetter: () => '' } as never);
  } catch (error) {
    const errors = ((error as { properties?: { errors?: { properties?: { explanation?: string; xtag?: string } }[] } }).properties?.errors ?? []) as { properties?: { explanation?: string } }[];
    const explanation = errors.map((item) => item.properties?.explanation).filter(Boolean).slice(0, 3).join('; ') || (error as Error).message;
    throw fileProblem(`has a broken placeholder: ${explanation}`);
  }
}

/** Checks an uploaded template and returns the placeholders it uses (loops as 'lines', their fields as 'lines.name'). */
export function inspectDocxTemplate(content: Buffer): string[] {
  const inspect = new InspectModule();
  compile(content, [inspect]);
  const tags = inspect.getAllTags() as Record<string, Record<string, unknown>>;
  const used: string[] = [];
  const unknown: string[] = [];
  for (const [tag, inner] of Object.entries(tags)) {
    if (tag === 'lines') {
      used.push('lines');
      for (const field of Object.keys(inner ?? {})) {
        if ((documentLinePlaceholders as readonly string[]).includes(field) || (documentPlaceholders as readonly string[]).includes(field)) used.push(`lines.${field}`);
        else unknown.push(`{${field}} inside {#lines}`);
      }
    } else if ((documentPlaceholders as readonly string[]).includes(tag) && Object.keys(inner ?? {}).length === 0) used.push(tag);
    else unknown.push(`{${tag}}`);
  }
  if (unknown.length) throw fileProblem(`uses unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; known: ${documentPlaceholders.map((name) => `{${name}}`).join(', ')}, and {#lines}…{/lines} with ${documentLinePlaceholders.map((name) => `{${name}}`).join(', ')}`);
  return used;
}

/** Fills an uploaded template in. */
export function renderDocxTemplate(content: Buffer, values: Record<string, unknown>): Buffer {
  const template = compile(content);
  template.render(values);
  return template.getZip().generate({ type: 'nodebuffer', compression: 'DEFLATE' }) as Buffer;
}
