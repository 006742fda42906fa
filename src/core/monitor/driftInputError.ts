/** Why a drift check cannot run; `code` is for programs, the message is one sentence for people. */
export type DriftInputCode =
  | 'EMPTY_FILE'
  | 'TOO_FEW_ROWS'
  | 'COLUMN_MISMATCH'
  | 'NAN_VALUE'
  | 'NOT_NUMERIC'
  | 'BAD_LINE'
  | 'UNSUPPORTED_METHOD';

export class DriftInputError extends Error {
  constructor(readonly code: DriftInputCode, message: string) {
    super(message);
    this.name = 'DriftInputError';
  }
}
