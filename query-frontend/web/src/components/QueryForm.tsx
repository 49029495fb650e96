import { useState, type FormEvent } from 'react';
import { LEVELS, type Level, type Order, type Sources } from '../api/types';
import { PAGE_SIZES, PRESETS, presetRange, validate, type FormErrors, type QueryForm as Form } from '../query/params';
import { TIME_HINT } from '../query/times';

export interface QueryFormProps {
  initial: Form;
  onSubmit: (form: Form) => void;
  /** problems the server found (400), by form field */
  serverErrors?: FormErrors;
  running?: boolean;
  /** services seen in the archives, offered as suggestions */
  services?: readonly string[];
  /** the archives' whole time range, offered as a preset when known */
  archived?: { start: string; end: string } | null;
  now?: () => Date;
}

/**
 * The query: a time range (presets or custom, checked before sending), levels, services, hosts,
 * text and a regular expression, order and page size. Submitting hands the form to the page, which
 * puts it in the URL and runs it.
 */
export function QueryForm({ initial, onSubmit, serverErrors = {}, running = false, services = [], archived = null, now = () => new Date() }: QueryFormProps) {
  const [form, setForm] = useState<Form>(initial);
  const [errors, setErrors] = useState<FormErrors>({});
  const shown: FormErrors = { ...serverErrors, ...errors };

  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined, form: undefined }));
  };

  const toggleLevel = (level: Level) =>
    set('levels', form.levels.includes(level) ? form.levels.filter((l) => l !== level) : LEVELS.filter((l) => l === level || form.levels.includes(l)));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems = validate(form);
    setErrors(problems);
    if (Object.keys(problems).length === 0) {
      onSubmit(form);
    }
  };

  const setRange = (range: { start: string; end: string }) => {
    setForm((f) => ({ ...f, ...range }));
    setErrors((e) => ({ ...e, start: undefined, end: undefined }));
  };

  return (
    <form className="query-form" onSubmit={submit} noValidate aria-label="Query">
      <fieldset className="range">
        <legend>Time range (UTC)</legend>
        <div className="presets" role="group" aria-label="Presets">
          {PRESETS.map((p) => (
            <button type="button" key={p.id} onClick={() => setRange(presetRange(p, now()))}>
              {p.label}
            </button>
          ))}
          {archived && (
            <button type="button" onClick={() => setRange(archived)} title={`${archived.start} → ${archived.end}`}>
              All archived
            </button>
          )}
        </div>
        <label>
          Start
          <input name="start" value={form.start} placeholder="2024-01-01" title={TIME_HINT} aria-invalid={Boolean(shown.start)} onChange={(e) => set('start', e.target.value)} />
        </label>
        <label>
          End
          <input name="end" value={form.end} placeholder="2024-06-30T23:59:59" title={TIME_HINT} aria-invalid={Boolean(shown.end)} onChange={(e) => set('end', e.target.value)} />
        </label>
        <FieldError text={shown.start} />
        <FieldError text={shown.end} />
      </fieldset>

      <fieldset className="filters">
        <legend>Filters</legend>
        <div className="levels" role="group" aria-label="Levels">
          {LEVELS.map((level) => (
            <label key={level} className={`level-chip level-${level}`}>
              <input type="checkbox" checked={form.levels.includes(level)} onChange={() => toggleLevel(level)} />
              {level}
            </label>
          ))}
        </div>
        <FieldError text={shown.levels} />
        <label>
          Service
          <input name="service" value={form.service} placeholder="any (comma-separated)" list="rewind-services" onChange={(e) => set('service', e.target.value)} />
        </label>
        <datalist id="rewind-services">
          {services.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        <label>
          Host
          <input name="host" value={form.host} placeholder="any" onChange={(e) => set('host', e.target.value)} />
        </label>
        <label>
          Text
          <input name="text" value={form.text} placeholder="words in the message" onChange={(e) => set('text', e.target.value)} />
        </label>
        <label>
          Regex
          <input name="regex" value={form.regex} placeholder="RE2, e.g. conn.*refused" aria-invalid={Boolean(shown.regex)} onChange={(e) => set('regex', e.target.value)} />
        </label>
        <FieldError text={shown.service} />
        <FieldError text={shown.host} />
        <FieldError text={shown.text} />
        <FieldError text={shown.regex} />
      </fieldset>

      <div className="submit-row">
        <label>
          Order
          <select value={form.order} onChange={(e) => set('order', e.target.value as Order)}>
            <option value="desc">newest first</option>
            <option value="asc">oldest first</option>
          </select>
        </label>
        <label>
          Rows per page
          <select value={form.pageSize} onChange={(e) => set('pageSize', Number(e.target.value))}>
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n.toLocaleString('en-US')}
              </option>
            ))}
          </select>
        </label>
        <label>
          Sources
          <select value={form.sources} onChange={(e) => set('sources', e.target.value as Sources)}>
            <option value="auto">archives + live</option>
            <option value="archive">archives only</option>
            <option value="live">live only</option>
          </select>
        </label>
        <button type="submit" className="primary">
          {running ? 'Run again' : 'Run query'}
        </button>
        <FieldError text={shown.pageSize} />
        <FieldError text={shown.form} />
      </div>
    </form>
  );
}

function FieldError({ text }: { text: string | undefined }) {
  return text ? (
    <p className="field-error" role="alert">
      {text}
    </p>
  ) : null;
}
