// People and companies for the demo and benchmark data: Russian names with correct gender
// agreement (Иванов Иван Петрович / Иванова Анна Петровна), international ones, valid INN/KPP/OGRN.
import { completeInn10, completeInn12, completeOgrn } from '@svyaz/shared';
import type { SeededRandom } from './seeded-random.js';
import {
  companySuffixes,
  companyWords,
  englishCompanyWords,
  englishFirstNames,
  englishPositions,
  englishSuffixes,
  englishSurnames,
  femaleFirstNames,
  foreignPlaces,
  industries,
  industryProfiles,
  maleFirstNames,
  patronymicStems,
  places,
  positions,
  sizes,
  sources,
  surnames,
} from './demo-vocabulary.js';

const TRANSLIT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r',
  с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

export function transliterate(text: string): string {
  return Array.from(text.toLowerCase(), (char) => TRANSLIT[char] ?? char)
    .join('')
    .replace(/[^a-z0-9]+/g, '');
}

function feminineSurname(surname: string): string {
  if (surname.endsWith('ий') || surname.endsWith('ой')) return `${surname.slice(0, -2)}ая`;
  if (/(ов|ев|ёв|ин|ын)$/.test(surname)) return `${surname}а`;
  return surname;
}

export interface PersonName {
  firstName: string;
  lastName: string;
  middleName: string | null;
  email: string;
  position: string;
}

export function makePerson(random: SeededRandom, index: number, international: boolean): PersonName {
  if (international) {
    const firstName = random.pick(englishFirstNames);
    const lastName = random.pick(englishSurnames);
    return { firstName, lastName, middleName: null, email: `${transliterate(firstName)}.${transliterate(lastName)}${index}@example.com`, position: random.pick(englishPositions) };
  }
  const female = random.chance(0.5);
  const [stem, suffix] = random.pick(patronymicStems);
  const middleName = `${stem}${female ? (suffix === 'ов' ? 'овна' : suffix === 'ев' ? 'евна' : `${suffix}на`) : suffix === 'ов' ? 'ович' : suffix === 'ев' ? 'евич' : `${suffix}ич`}`;
  const masculine = random.pick(surnames);
  const lastName = female ? feminineSurname(masculine) : masculine;
  const firstName = random.pick(female ? femaleFirstNames : maleFirstNames);
  return { firstName, lastName, middleName, email: `${transliterate(firstName)[0]}.${transliterate(lastName)}${index}@mail.example.ru`, position: random.pick(positions) };
}

export function mobilePhone(random: SeededRandom): string {
  return `+79${random.int(0, 9)}${random.int(0, 9)}${random.digits(7)}`;
}

/**
 * The phone itself, or, if another record of the seed has it already, the nearest free number with the same
 * prefix (the last three digits counted up). Foreign demo numbers vary in their last three digits only (the
 * numbering plans' ranges for fiction), so a hundred and sixty foreign companies in five cities would share
 * some; without a free number within a thousand the phone stays as drawn. No random draw is used, so
 * everything seeded after a company stays as it was.
 */
export function uniquePhone(phone: string, taken: Set<string>): string {
  let candidate = phone;
  for (let step = 1; taken.has(candidate) && step < 1000; step++) {
    const last = (Number(phone.slice(-3)) + step) % 1000;
    candidate = phone.slice(0, -3) + String(last).padStart(3, '0');
  }
  taken.add(candidate);
  return candidate;
}

export interface CompanyValues {
  name: string;
  legalForm: string | null;
  inn: string | null;
  kpp: string | null;
  ogrn: string | null;
  industry: string;
  size: string;
  region: string;
  city: string;
  address: string;
  website: string;
  phones: string[];
  emails: string[];
  source: string;
}

export function makeCompany(random: SeededRandom, index: number): CompanyValues {
  const industry = random.pick(industries);
  const size = random.weighted(sizes, industryProfiles[industry].sizes);
  const source = random.weighted(sources, industryProfiles[industry].sources);
  if (random.chance(0.08)) {
    const place = random.pick(foreignPlaces);
    const name = `${random.pick(englishCompanyWords)} ${random.pick(englishSuffixes)} ${index}`;
    const domain = transliterate(name);
    return {
      name: `${name} ${place.country === 'DE' ? 'GmbH' : place.country === 'GB' ? 'Ltd' : 'LLC'}`,
      legalForm: null, inn: null, kpp: null, ogrn: null, industry, size, source,
      region: place.region, city: place.city, address: `${place.city}, ${random.int(1, 200)} Main Street`,
      website: `https://${domain}.example.com`, phones: [`${place.phone()}${random.digits(3)}`.replace(/\s/g, '')], emails: [`info@${domain}.example.com`],
    };
  }
  const place = random.pick(places);
  const soleTrader = random.chance(0.12);
  const word = random.pick(companyWords);
  const suffix = random.pick(companySuffixes[industry]);
  const brand = `${word}-${suffix}${index % 7 === 0 ? '' : ` ${index}`}`;
  const domain = transliterate(`${word}${suffix}`) + index;
  if (soleTrader) {
    const person = makePerson(random, index, false);
    return {
      name: `ИП ${person.lastName} ${person.firstName[0]}. ${person.middleName![0]}.`,
      legalForm: 'ИП', inn: completeInn12(place.taxCode + random.digits(8)), kpp: null, ogrn: null, industry, size: '1-10', source,
      region: place.region, city: place.city, address: `г. ${place.city}, ул. Ленина, д. ${random.int(1, 150)}`,
      website: `https://${domain}.example.ru`, phones: [mobilePhone(random)], emails: [`${domain}@mail.example.ru`],
    };
  }
  const legalForm = random.weighted(['ООО', 'АО', 'ПАО'], [8, 2, 0.3]);
  const taxOffice = place.taxCode + String(random.int(1, 40)).padStart(2, '0');
  return {
    name: `${legalForm} «${brand}»`,
    legalForm,
    inn: completeInn10(taxOffice + random.digits(5)),
    kpp: `${taxOffice}01001`,
    ogrn: completeOgrn(`1${String(random.int(2, 24)).padStart(2, '0')}${place.taxCode}${random.digits(7)}`),
    industry, size, source,
    region: place.region, city: place.city,
    address: `г. ${place.city}, ${random.pick(['ул. Ленина', 'пр. Мира', 'ул. Советская', 'ул. Гагарина', 'наб. Речная', 'ул. Заводская'])}, д. ${random.int(1, 150)}`,
    website: `https://${domain}.example.ru`,
    phones: [`+7${place.phoneCode}${random.digits(7)}`],
    emails: [`info@${domain}.example.ru`],
  };
}
