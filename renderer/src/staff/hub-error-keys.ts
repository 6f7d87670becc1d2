/** Errors this panel explains in its own words (the hub namespace), as catalogue keys. */
export const HUB_ERROR_KEYS = {
  hub_unreachable: { title: 'hub:error.hub_unreachable.title', body: 'hub:error.hub_unreachable.body' },
  hub_code_invalid: { title: 'hub:error.hub_code_invalid.title', body: 'hub:error.hub_code_invalid.body' },
  hub_station_revoked: {
    title: 'hub:error.hub_station_revoked.title',
    body: 'hub:error.hub_station_revoked.body',
  },
  keychain_unavailable: {
    title: 'hub:error.keychain_unavailable.title',
    body: 'hub:error.keychain_unavailable.body',
  },
} as const;
