/** An error the user can fix (a bad option, a missing file): printed without a stack trace. */
export class CliError extends Error {
  /** 2 for usage errors, 1 for input that cannot be processed. */
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
