// Weighted pipeline totals and co-owners (issue 16).
import type { Messages } from './messages';

export const pipelineEn: Messages = {
  pipelineTotals: {
    weighted: 'Weighted: {{sum}} ({{probability}}%)',
    pipeline: 'Weighted pipeline',
    pipelineHint: 'Open deals: {{sum}} × stage probability',
    listTotal: 'Total: {{sum}}',
    listWeighted: 'weighted: {{sum}}',
    daysInStage_one: '{{count}} day',
    daysInStage_other: '{{count}} days',
  },
  coOwners: {
    title: 'People',
    owner: 'Owner',
    coOwners: 'Co-owners',
    none: 'No co-owners',
    add: 'Add a co-owner',
    pick: 'Pick a person',
    addButton: 'Add',
    remove: 'Remove co-owner {{name}}',
    added: '{{name}} is now a co-owner',
    removed: '{{name}} is no longer a co-owner',
    sharedWithMe: 'Shared with me',
    allRecords: 'All',
  },
};
