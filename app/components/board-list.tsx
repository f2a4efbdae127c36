import { Link } from "@remix-run/react";
import { TableBox } from "./ui";

export interface BoardSummary {
  name: string;
  title: string;
  isPublic: boolean;
  access: string | null;
}

/** Boards as a table: title, address, public or not, and the viewer's own access level. */
export function BoardList({ boards, empty }: { boards: BoardSummary[]; empty: string }) {
  if (!boards.length) return <p className="rounded border border-dashed border-slate-300 p-6 text-center text-slate-600">{empty}</p>;
  return (
    <TableBox>
      <table className="w-full text-left text-sm">
        <thead className="text-slate-500">
          <tr>
            <th className="py-1.5 font-medium">Board</th>
            <th className="py-1.5 font-medium">Name</th>
            <th className="py-1.5 font-medium">Visibility</th>
            <th className="py-1.5 font-medium">Your access</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {boards.map((b) => (
            <tr key={b.name}>
              <td className="py-1.5">
                <Link to={`/boards/${b.name}`} className="text-blue-700 underline">
                  {b.title}
                </Link>
              </td>
              <td className="py-1.5 font-mono text-slate-600">{b.name}</td>
              <td className="py-1.5">{b.isPublic ? "Public" : "Private"}</td>
              <td className="py-1.5">{b.access ?? "none"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableBox>
  );
}
