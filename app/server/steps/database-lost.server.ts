import { databaseAnswers, databaseUnavailable, isDatabaseDown } from "../unavailable.server";

/**
 * The one place a lost database becomes a 503 ("try again", JSON under /api): `answer` threw a
 * connection error, or threw anything or answered 500 or 503 while PostgreSQL doesn't answer a `select 1`.
 * Any other error is thrown on; any other answer is returned as it is.
 */
export async function orDatabaseUnavailable(request: Request, requestId: string, answer: () => Promise<Response>): Promise<Response> {
  let response: Response;
  try {
    response = await answer();
  } catch (error) {
    if (!isDatabaseDown(error) && (await databaseAnswers())) throw error;
    console.error(JSON.stringify({ level: "error", msg: "database unavailable", requestId, error: String(error) }));
    return databaseUnavailable(request);
  }
  // A loader whose connection broke: the route guard answered 503 (Remix rendered it as a page), or
  // Remix answered 500, while the database is still away: the one "unavailable" answer. A 503 while it
  // answers is a route's own (a mail server or an identity provider away, attack40): handed on as it is.
  if ((response.status === 503 || response.status === 500) && !(await databaseAnswers())) return databaseUnavailable(request);
  return response;
}
