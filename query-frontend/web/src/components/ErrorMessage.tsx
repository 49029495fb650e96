import { ApiError } from '../api/client';

/** A failure, said plainly; never an empty box. */
export function ErrorMessage({ error, prefix }: { error: unknown; prefix?: string }) {
  const message = error instanceof Error ? error.message : String(error);
  const kind = error instanceof ApiError ? error.kind : 'error';
  return (
    <p className={`error-message error-${kind}`} role="alert">
      {prefix ? `${prefix}: ` : ''}
      {message}
    </p>
  );
}
