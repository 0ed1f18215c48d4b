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
  'memberMerge.open': 'Merge a duplicate',
  'memberMerge.title': 'Merge a duplicate into {name}',
  'memberMerge.intro':
    'Two profiles of one person? Find the other one. {name} keeps this profile (and takes any detail it lacks); the other’s points, purchases, coupons, consents, lists and events move here, and the other profile is deleted.',
  'memberMerge.search': 'Find the other profile (name, e-mail, phone or your id)',
  'memberMerge.find': 'Find',
  'memberMerge.none': 'No other member matches.',
  'memberMerge.choose': 'The duplicate',
  'memberMerge.summary': 'Everything of {duplicate} moves to {name}, and {duplicate} is deleted.',
  'memberMerge.submit': 'Merge',
} as const;
