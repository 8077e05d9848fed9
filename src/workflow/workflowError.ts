import { MarkwatchError } from '../common/errors.js';

/** A workflow action that cannot be done as asked; the message names the state, field or record. */
export class WorkflowError extends MarkwatchError {}
