// English words for internal keys the API returns: purchase channels and member sources (labelOf families).
export const enLabels = {
  'channel.pos': 'At the till',
  'channel.web': 'Online shop',
  'channel.app': 'App',
  'channel.phone': 'By phone',
  'channel.segment': 'Connected shop',
  'channel.api': 'Connected system',
  'memberSource.admin': 'Added in the admin',
  'memberSource.api': 'Connected system',
  'memberSource.form': 'Signup form',
  'memberSource.ingest': 'Connected shop',
  'memberSource.import': 'Imported',
  'memberSource.portal': 'Member portal',
  'memberSource.demo': 'Demo data',
  'memberSource.merge': 'Merged profile',
};
