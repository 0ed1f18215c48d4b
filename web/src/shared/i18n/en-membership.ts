// English for the lists screens and the navigation to lists, forms and imports (kept apart from en.ts for size);
// the form builder and the import screen have their own files.
import { enForms } from './en-forms.ts';
import { enImports } from './en-imports.ts';

export const enMembership = {
  ...enForms,
  ...enImports,
  'nav.lists': 'Lists',
  'nav.forms': 'Signup forms',
  'nav.imports': 'Imports',
  'lists.new': 'New list',
  'lists.create': 'Create list',
  'lists.created': 'List "{name}" created.',
  'lists.name': 'List',
  'lists.newName': 'New name',
  'lists.members': 'Members',
  'lists.inPreferences': 'In the preference centre',
  'lists.showInPreferences': 'Offer this list as a topic in the preference centre',
  'lists.createdAt': 'Created',
  'lists.actions': 'Actions',
  'lists.rename': 'Rename',
  'lists.renameNamed': 'Rename "{name}"',
  'lists.delete': 'Delete',
  'lists.deleteNamed': 'Delete "{name}"',
  'lists.deleteConfirm': 'Delete the list "{name}"? Its members stay in the club; the list is archived.',
  'lists.deleted': 'List "{name}" deleted.',
  'lists.empty': 'No lists yet. Create one, then point a signup form or an import at it.',
  'lists.subscribedCount': '{count, plural, other {# subscribed}}',
  'lists.membersOf': 'Members of {name}',
  'lists.noMembers': 'Nobody in this list yet.',
  'lists.deletedMember': '(deleted member)',
  'lists.status': 'Status',
  'lists.status.subscribed': 'Subscribed',
  'lists.status.unsubscribed': 'Unsubscribed',
  'lists.status.all': 'All',
  'lists.since': 'Since',
} as const;
