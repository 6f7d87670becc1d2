/** Which window this is, from the URL's hash: `#/customer` or (anything else) the staff console. */
export type Page = 'staff' | 'customer';

export function pageFromHash(hash: string): Page {
  return hash.replace(/^#\/?/, '').split(/[/?]/)[0] === 'customer' ? 'customer' : 'staff';
}
