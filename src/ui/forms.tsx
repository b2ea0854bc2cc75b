import type { Child } from 'hono/jsx';
import type { ZodError } from 'zod';
import { CSRF_FIELD } from '../lib/csrf.js';
import type { PageContext } from './layout.js';

/** The hidden CSRF field every form carries. */
export function CsrfField(props: { page: PageContext }) {
  return <input type="hidden" name={CSRF_FIELD} value={props.page.csrfToken} />;
}

/** Errors of a form, by field name, already in the user's language. */
export type FieldErrors = Record<string, string>;

/**
 * Turns zod issues into field errors. Schemas use message keys (`required`, `email` …) that the
 * `dictionary` translates; an unknown key falls back to `dictionary.invalid`.
 */
export function fieldErrors(error: ZodError, dictionary: Record<string, string>): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '_form');
    if (out[key]) continue;
    out[key] = dictionary[issue.message] ?? dictionary.invalid ?? issue.message;
  }
  return out;
}

/** The list of a form's errors at its top, each linking to its field. */
export function ErrorSummary(props: { errors: FieldErrors; heading: string; labels?: Record<string, string> }) {
  const entries = Object.entries(props.errors);
  if (entries.length === 0) return null;
  return (
    <div class="errors" role="alert" tabindex={-1}>
      <h2>{props.heading}</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li>{field === '_form' ? message : <a href={`#f-${field}`}>{props.labels?.[field] ? `${props.labels[field]}: ${message}` : message}</a>}</li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  name: string;
  /** Where one form repeats per item on a page (the verification queue), a unique key for the ids; else the name. */
  id?: string;
  label: string;
  error?: string;
  hint?: string;
  required?: boolean;
}

const key = (p: FieldProps) => p.id ?? p.name;

function described(p: FieldProps): string | undefined {
  const ids = [p.hint ? `h-${key(p)}` : '', p.error ? `e-${key(p)}` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function FieldFrame(props: FieldProps & { children: Child }) {
  return (
    <div class="field">
      <label for={`f-${key(props)}`}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`h-${key(props)}`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="error" id={`e-${key(props)}`}>
          {props.error}
        </p>
      ) : null}
      {props.children}
    </div>
  );
}

export function Input(props: FieldProps & { type?: string; value?: string; maxlength?: number; autocomplete?: string; min?: string; max?: string; accept?: string; multiple?: boolean }) {
  return (
    <FieldFrame {...props}>
      <input
        id={`f-${key(props)}`}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.type === 'password' || props.type === 'file' ? undefined : props.value}
        maxlength={props.maxlength}
        required={props.required}
        autocomplete={props.autocomplete}
        min={props.min}
        max={props.max}
        accept={props.accept}
        multiple={props.multiple}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described(props)}
      />
    </FieldFrame>
  );
}

export function TextArea(props: FieldProps & { value?: string; maxlength?: number; rows?: number }) {
  return (
    <FieldFrame {...props}>
      <textarea
        id={`f-${key(props)}`}
        name={props.name}
        maxlength={props.maxlength}
        required={props.required}
        rows={props.rows ?? 6}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described(props)}
      >
        {props.value ?? ''}
      </textarea>
    </FieldFrame>
  );
}

export function Select(props: FieldProps & { value?: string; options: { value: string; label: string }[] }) {
  return (
    <FieldFrame {...props}>
      <select
        id={`f-${key(props)}`}
        name={props.name}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described(props)}
      >
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === (props.value ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}
