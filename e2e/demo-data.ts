// Realistic-looking records made through the API, for screenshots and the web benchmark
// (the server's demo workspace holds only its administrator until a full seed exists).
import type { ApiSession } from './api';

const names = ['Северсталь-Снаб', 'Уральские окна', 'Волга-Логистик', 'Технопарк Сколково', 'Агрохолдинг Кубань', 'Сибирский кедр', 'Балтийская верфь', 'Медиагруппа Восход', 'Фармация Плюс', 'Стройинвест', 'Камский хлебозавод', 'Энергосервис', 'Ладога Трейд', 'Инфосистемы Джет', 'Алтайские травы', 'ТрансКарго', 'Пекарня Колосок', 'Гостиница Заря', 'Автоцентр Ока', 'Nordic Parts', 'Digital Wave', 'Green Farm'];
const forms = ['ООО', 'АО', 'ПАО', 'ИП'];
const cities = ['Москва', 'Санкт-Петербург', 'Казань', 'Екатеринбург', 'Новосибирск', 'Нижний Новгород', 'Самара', 'Краснодар'];
const industries = ['Производство', 'Логистика', 'Розница', 'ИТ', 'Строительство', 'Сельское хозяйство', 'Медицина', 'HoReCa'];
const lastNames = ['Иванова', 'Смирнов', 'Кузнецова', 'Попов', 'Васильева', 'Петров', 'Соколова', 'Михайлов', 'Новикова', 'Фёдоров', 'Морозова', 'Волков'];
const firstNames = ['Анна', 'Дмитрий', 'Елена', 'Сергей', 'Ольга', 'Алексей', 'Мария', 'Игорь', 'Татьяна', 'Никита'];
const positions = ['Генеральный директор', 'Менеджер по закупкам', 'Главный бухгалтер', 'Руководитель отдела продаж', 'Коммерческий директор', 'Инженер'];
const dealTitles = ['Поставка оборудования', 'Годовой контракт на обслуживание', 'Внедрение CRM', 'Партия упаковки', 'Аренда склада', 'Пилотный проект', 'Расширение лицензий', 'Сезонная закупка'];

const pick = <T>(items: readonly T[], index: number): T => items[index % items.length];
const phone = (index: number) => `+7 9${String(10 + (index % 89)).padStart(2, '0')} ${String(100 + ((index * 37) % 900))}-${String(10 + ((index * 7) % 90))}-${String(10 + ((index * 13) % 90))}`;

export async function createDemoData(admin: ApiSession, ownerIds: string[] = []): Promise<{ companies: string[]; contacts: string[]; deals: string[] }> {
  const owner = (index: number) => (ownerIds.length ? { ownerId: ownerIds[index % ownerIds.length] } : {});
  const companies = await admin.call('POST', '/companies', {
    records: names.map((name, index) => ({
      name: `${pick(forms, index)} «${name}»`,
      city: pick(cities, index),
      industry: pick(industries, index),
      phones: [phone(index)],
      emails: [`info${index}@example.ru`],
      source: pick(['Сайт', 'Выставка', 'Рекомендация', 'Холодный звонок'], index),
      ...owner(index),
    })),
  });
  const companyIds = (companies.body.data as { id: string }[]).map((row) => row.id);
  const contacts = await admin.call('POST', '/contacts', {
    records: Array.from({ length: 36 }, (_, index) => ({
      lastName: pick(lastNames, index),
      firstName: pick(firstNames, index * 3),
      position: pick(positions, index),
      companyId: companyIds[index % companyIds.length],
      phones: [phone(index + 200)],
      emails: [`contact${index}@example.ru`],
      city: pick(cities, index + 2),
      ...owner(index),
    })),
  });
  const pipelines = await admin.call('GET', '/pipelines');
  const pipeline = pipelines.body.data.find((item: { isDefault: boolean }) => item.isDefault) ?? pipelines.body.data[0];
  const stages = pipeline.stages as { id: string; kind: string }[];
  const deals = await admin.call('POST', '/deals', {
    records: Array.from({ length: 28 }, (_, index) => ({
      title: `${pick(dealTitles, index)} — ${names[index % names.length]}`,
      amount: String(50_000 + ((index * 137_000) % 2_400_000)),
      currency: index % 9 === 4 ? 'USD' : 'RUB',
      pipelineId: pipeline.id,
      stageId: stages[index % stages.length].id,
      ...(stages[index % stages.length].kind === 'lost' ? { lostReason: 'Выбрали конкурента' } : {}),
      companyId: companyIds[index % companyIds.length],
      expectedCloseDate: new Date(Date.now() + ((index % 12) - 3) * 7 * 86400_000).toISOString().slice(0, 10),
      ...owner(index),
    })),
  });
  return {
    companies: companyIds,
    contacts: ((contacts.body?.data ?? []) as { id: string }[]).map((row) => row.id),
    deals: ((deals.body?.data ?? []) as { id: string }[]).map((row) => row.id),
  };
}

/** `count` generated companies in requests of 1,000 (for list benchmarks). */
export async function createManyCompanies(admin: ApiSession, count: number): Promise<void> {
  for (let start = 0; start < count; start += 1000) {
    const size = Math.min(1000, count - start);
    const response = await admin.call('POST', '/companies', {
      records: Array.from({ length: size }, (_, offset) => {
        const index = start + offset;
        return { name: `${pick(forms, index)} «${pick(names, index)} ${index}»`, city: pick(cities, index), industry: pick(industries, index), phones: [phone(index)] };
      }),
    });
    if (response.status !== 201) throw new Error(`bulk create: ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
  }
}
