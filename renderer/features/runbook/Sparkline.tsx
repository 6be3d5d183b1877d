/** The last half hour of a check's value as a small line, with the threshold-free range in the tooltip. */
export function Sparkline({ points, label }: { points: readonly (readonly [number, number])[]; label: string }) {
  if (points.length < 2) return null;
  const width = 120;
  const height = 24;
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const sx = (x: number) => (x1 === x0 ? width : ((x - x0) / (x1 - x0)) * width);
  // A flat line sits in the middle rather than on the floor, where it would read as "zero".
  const sy = (y: number) => (y1 === y0 ? height / 2 : height - 2 - ((y - y0) / (y1 - y0)) * (height - 4));
  const d = points.map((p, i) => `${i ? 'L' : 'M'}${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join(' ');
  const fmt = (n: number) => String(Number(n.toPrecision(3)));
  return (
    <svg
      className="rb-spark"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${label}, last 30 minutes: from ${fmt(ys[0]!)} to ${fmt(ys.at(-1)!)} (low ${fmt(y0)}, high ${fmt(y1)})`}
    >
      <title>{`last 30 min: low ${fmt(y0)}, high ${fmt(y1)}`}</title>
      <path d={d} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}
