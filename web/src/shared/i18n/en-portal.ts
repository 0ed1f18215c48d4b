// Member portal: preferences and consent.
export const enPortal = {
  'portal.consentsTitle': 'Messages you agreed to receive',
  'portal.consentGiven': 'Given on {date}',
  'portal.consentWithdrawn': 'Withdrawn on {date}',
  'portal.consentNever': 'Not given',
  'portal.consentsService': 'Sign-in codes and other service messages are sent without marketing consent.',
  'portal.chooseClub': 'Choose your club',
  'portal.noClubs': 'No club has a member portal here yet.',
} as const;
