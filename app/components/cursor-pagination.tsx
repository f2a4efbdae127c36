import { Link } from "@remix-run/react";

/** "← Previous" and "Next →" as plain links (they work without JavaScript); a direction with nothing left is greyed. */
export function CursorPagination({ previous, next }: { previous: string | null; next: string | null }) {
  if (!previous && !next) return null;
  return (
    <nav aria-label="Pages" className="flex items-center gap-3 text-sm">
      {previous ? <Link to={previous}>← Previous</Link> : <span className="text-slate-500">← Previous</span>}
      {next ? <Link to={next}>Next →</Link> : <span className="text-slate-500">Next →</span>}
    </nav>
  );
}
