/** The catalogue namespaces the customer screen says anything from: the only ones its page fetches. */
export const CUSTOMER_NAMESPACES = ['common', 'customer', 'kiosk'] as const;
