// Weighted pipeline totals and co-owners (issue 16).
import type { Messages } from './messages';

export const pipelineRu: Messages = {
  pipelineTotals: {
    weighted: 'Взвешенная: {{sum}} ({{probability}} %)',
    pipeline: 'Взвешенная воронка',
    pipelineHint: 'Открытые сделки: {{sum}} × вероятность этапа',
    listTotal: 'Итого: {{sum}}',
    listWeighted: 'взвешенная: {{sum}}',
    daysInStage_one: '{{count}} день',
    daysInStage_few: '{{count}} дня',
    daysInStage_many: '{{count}} дней',
    daysInStage_other: '{{count}} дня',
  },
  coOwners: {
    title: 'Ответственные',
    owner: 'Ответственный',
    coOwners: 'Соисполнители',
    none: 'Соисполнителей нет',
    add: 'Добавить соисполнителя',
    pick: 'Выберите сотрудника',
    addButton: 'Добавить',
    remove: 'Убрать соисполнителя {{name}}',
    added: '{{name}} теперь соисполнитель',
    removed: '{{name}} больше не соисполнитель',
    sharedWithMe: 'Поделились со мной',
    allRecords: 'Все',
  },
};
