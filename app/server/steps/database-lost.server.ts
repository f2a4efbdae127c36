import { databaseAnswers, databaseUnavailable, isDatabaseDown } from "../unavailable.server";

/**
 * The one place a lost database becomes a 503 ("try again", JSON under /api): `answer` threw a
 * connection error, or threw anything or answered 500 while PostgreSQL doesn't answer a `select 1`.
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
  // A loader that failed because the database went away mid-request (Remix answered 500): say so.
  if (response.status === 500 && !(await databaseAnswers())) return databaseUnavailable(request);
  return response;
}
