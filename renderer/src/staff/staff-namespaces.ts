/** The catalogue namespaces the console says anything from: the only ones its page fetches. */
export const STAFF_NAMESPACES = ['common', 'staff', 'kiosk', 'hub'] as const;
