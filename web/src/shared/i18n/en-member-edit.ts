// English for changing, deleting and merging a member (the profile's buttons and their screens).
export const enMemberEdit = {
  'memberEdit.open': 'Edit',
  'memberEdit.title': 'Edit {name}',
  'memberEdit.save': 'Save changes',
  'memberDelete.open': 'Delete',
  'memberDelete.title': 'Delete {name}?',
  'memberDelete.explain':
    'Their name, e-mail, phone and every other personal detail are erased everywhere, for good. Points totals stay in the accounts; this cannot be undone.',
  'memberDelete.type': 'Type {word} to confirm',
  'memberDelete.word': 'delete',
  'memberDelete.submit': 'Delete for good',
} as const;
