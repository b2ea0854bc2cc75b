import { CSRF_FIELD } from '../lib/csrf.js';
import type { PageContext } from './layout.js';

/** The hidden CSRF field every form carries. */
export function CsrfField(props: { page: PageContext }) {
  return <input type="hidden" name={CSRF_FIELD} value={props.page.csrfToken} />;
}
