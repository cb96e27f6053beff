/** True for a 404 from the backend (a `ResponseError` or a `NotFoundError`). */
export function isNotFound(error: Error): boolean {
  const e = error as Error & {
    statusCode?: number;
    response?: { status?: number };
  };
  return (
    e.name === 'NotFoundError' ||
    e.statusCode === 404 ||
    e.response?.status === 404
  );
}
