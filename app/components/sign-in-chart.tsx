/** Successful (green) and failed (red) sign-ins per hour or day, as plain server-rendered SVG. */
export function SignInChart({
  unit,
  buckets,
}: {
  unit: "hour" | "day";
  buckets: Array<{ at: Date | string; succeeded: number; failed: number }>;
}) {
  const width = 720;
  const height = 140;
  const pad = 20;
  const max = Math.max(1, ...buckets.map((b) => Math.max(b.succeeded, b.failed)));
  const slot = (width - pad * 2) / Math.max(1, buckets.length);
  const bar = Math.max(1, slot / 2 - 1);
  const y = (n: number) => height - pad - (n / max) * (height - pad * 2);
  const totalOk = buckets.reduce((n, b) => n + b.succeeded, 0);
  const totalFailed = buckets.reduce((n, b) => n + b.failed, 0);
  const label = (at: Date | string) =>
    new Date(at)
      .toISOString()
      .slice(0, unit === "hour" ? 13 : 10)
      .replace("T", " ");
  return (
    <figure className="space-y-1">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Sign-ins per ${unit}: ${totalOk} succeeded, ${totalFailed} failed`}
        className="w-full max-w-3xl rounded border border-slate-200 bg-white"
      >
        <line x1={pad} x2={width - pad} y1={height - pad} y2={height - pad} stroke="#cbd5e1" />
        <text x={pad} y={12} fontSize="10" fill="#475569">
          max {max} per {unit}
        </text>
        {buckets.map((b, i) => {
          const x = pad + i * slot;
          return (
            <g key={String(b.at)}>
              <title>{`${label(b.at)}: ${b.succeeded} succeeded, ${b.failed} failed`}</title>
              <rect x={x} y={y(b.succeeded)} width={bar} height={height - pad - y(b.succeeded)} fill="#059669" />
              <rect x={x + bar + 1} y={y(b.failed)} width={bar} height={height - pad - y(b.failed)} fill="#dc2626" />
            </g>
          );
        })}
        {buckets.length ? (
          <>
            <text x={pad} y={height - 5} fontSize="10" fill="#475569">
              {label(buckets[0].at)}
            </text>
            <text x={width - pad} y={height - 5} fontSize="10" fill="#475569" textAnchor="end">
              {label(buckets[buckets.length - 1].at)}
            </text>
          </>
        ) : null}
      </svg>
      <figcaption className="text-xs text-slate-600">
        <span className="text-emerald-700">■</span> {totalOk} succeeded · <span className="text-red-700">■</span> {totalFailed} failed
      </figcaption>
    </figure>
  );
}
