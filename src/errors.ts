/** Errors that services throw and the web layer turns into pages or JSON with the right status. */

export type FieldErrors = Record<string, string>;

/** Bad input: 400, with one Chinese message per field, shown next to that field. */
export class InputError extends Error {
  readonly statusCode = 400;
  constructor(readonly fields: FieldErrors) {
    super(Object.values(fields).join('；'));
  }
}

export class ForbiddenError extends Error {
  readonly statusCode = 403;
  constructor(message = '您没有权限访问此内容') {
    super(message);
  }
}

export class NotFoundError extends Error {
  readonly statusCode = 404;
  constructor(message = '找不到您要的内容') {
    super(message);
  }
}

/** The request conflicts with the object's state (for example, editing a published report): 409. */
export class ConflictError extends Error {
  readonly statusCode = 409;
  constructor(message: string) {
    super(message);
  }
}

export class TooManyRequestsError extends Error {
  readonly statusCode = 429;
  constructor(message: string) {
    super(message);
  }
}

export function isUserFacing(e: unknown): e is InputError | ForbiddenError | NotFoundError | ConflictError | TooManyRequestsError {
  return (
    e instanceof InputError ||
    e instanceof ForbiddenError ||
    e instanceof NotFoundError ||
    e instanceof ConflictError ||
    e instanceof TooManyRequestsError
  );
}
