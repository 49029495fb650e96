import { useEffect, useMemo } from 'react';
import { catalogDays } from '../analysis/buckets';
import { useCatalog, useStats } from '../api/hooks';
import { formFieldOf, fromSearchParams, hasQuery, toRequestBody, toSearchParams, validate, type FormErrors, type QueryForm as Form } from '../query/params';
import { useQueryRun } from '../query/useQueryRun';
import { ErrorMessage } from './ErrorMessage';
import { Progress } from './Progress';
import { QueryForm } from './QueryForm';
import { ResultsTable } from './ResultsTable';

/**
 * The query view: the form, the running query's progress and its rows. The query lives in the
 * URL: submitting writes it there, and opening a URL with a query runs it.
 */
export function QueryPage({ search, navigate }: { search: URLSearchParams; navigate: (to: string) => void }) {
  const { state, run, loadMore, cancel } = useQueryRun();
  const stats = useStats();
  const catalog = useCatalog();
  const key = search.toString();
  const initial = useMemo(() => fromSearchParams(new URLSearchParams(key)), [key]);
  const services = useMemo(() => [...new Set((catalog.data?.archives ?? []).flatMap((a) => a.services))].sort(), [catalog.data]);

  // Run what the URL says whenever it changes (a submit, a pasted link, back and forward).
  useEffect(() => {
    const params = new URLSearchParams(key);
    if (!hasQuery(params)) return;
    const form = fromSearchParams(params);
    if (Object.keys(validate(form)).length === 0) run(toRequestBody(form));
  }, [key, run]);

  const submit = (form: Form) => {
    const next = toSearchParams(form).toString();
    if (next === key) {
      run(toRequestBody(form)); // the same query again: the URL does not change, so run it here
    } else {
      navigate(`/?${next}`);
    }
  };

  const urlErrors: FormErrors = hasQuery(new URLSearchParams(key)) ? validate(initial) : {};
  const serverErrors: FormErrors = { ...urlErrors };
  if (state.error?.kind === 'bad_request') serverErrors[formFieldOf(state.error.field)] = state.error.message;

  return (
    <section className="query-page">
      <QueryForm
        key={key}
        initial={initial}
        onSubmit={submit}
        serverErrors={serverErrors}
        running={state.status === 'running'}
        services={services}
        archived={catalogDays(catalog.data)}
      />
      <Progress
        status={state.status}
        progress={state.progress}
        answer={state.answer}
        jobId={state.jobId}
        flinkUi={stats.data?.jobs.web_ui || null}
        startedAt={state.startedAt}
        finishedAt={state.finishedAt}
        cancelConfirmed={state.cancelConfirmed}
        onCancel={cancel}
      />
      {state.error && state.error.kind !== 'bad_request' && <ErrorMessage error={state.error} prefix="The query failed" />}
      {state.answer?.warnings.map((w) => (
        <p key={w} className="warning">
          {w}
        </p>
      ))}
      {state.status === 'idle' && !hasQuery(new URLSearchParams(key)) && (
        <p className="empty">Choose a time range and run a query. Presets are relative to now; “All archived” covers every archive.</p>
      )}
      {state.status === 'running' && state.rows.length === 0 && <p className="muted">waiting for the first rows…</p>}
      {state.status === 'done' && state.rows.length === 0 && <p className="empty">No records match this query.</p>}
      {state.rows.length > 0 && (
        <ResultsTable
          key={state.startedAt ?? 0}
          rows={state.rows}
          provisional={state.provisional}
          hasMore={state.hasMore}
          loadingMore={state.loadingMore}
          moreError={state.moreError?.message ?? null}
          onLoadMore={loadMore}
        />
      )}
    </section>
  );
}
