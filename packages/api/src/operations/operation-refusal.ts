// The one refusal type of the operator's operations: an expected "no" with a stable code and a
// sentence that says what to do, which the command line prints and turns into its exit code.

export const operationRefusalCodes = [
  'already_initialised',
  'community_taken',
  'community_not_found',
  'user_not_found',
  'password_too_weak',
  'invalid_input',
  'sealed_with_unknown_key',
  'platform_exists',
] as const;

export type OperationRefusalCode = (typeof operationRefusalCodes)[number];

export class OperationRefusal extends Error {
  override readonly name = 'OperationRefusal';

  constructor(
    readonly code: OperationRefusalCode,
    message: string,
  ) {
    super(message);
  }
}
