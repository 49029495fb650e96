import { useHealth } from '../api/hooks';

/**
 * A line under the header: the server's parts (catalog, Flink, Kafka) when it answers, and a
 * plain warning when it does not, so an unreachable server never looks like an empty dashboard.
 */
export function HealthBanner() {
  const health = useHealth();
  if (health.error) {
    return (
      <div className="banner banner-down" role="alert" data-testid="server-down">
        {health.error.message} Retrying every few seconds.
      </div>
    );
  }
  if (!health.data) return null;
  return (
    <div className={`banner banner-${health.data.status}`} data-testid="health">
      {Object.entries(health.data.parts).map(([name, part]) => (
        <span key={name} className={part.ready ? 'part-ready' : 'part-down'} title={part.problem ?? 'ready'}>
          {part.ready ? '●' : '○'} {name}
          {part.problem ? `: ${part.problem}` : ''}
        </span>
      ))}
    </div>
  );
}
