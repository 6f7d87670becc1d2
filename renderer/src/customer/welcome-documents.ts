/** The documents the welcome lists, as catalogue keys (listed in customer/i18n-key-tables.ts). */
export const WELCOME_DOCUMENT_KEYS = [
  'customer:welcome.passport',
  'customer:welcome.drivingLicence',
  'customer:welcome.nationalId',
  'customer:welcome.residenceCard',
] as const;
