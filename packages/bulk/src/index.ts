export {
  type ApplyOptions,
  applyChanges,
  type BulkConnection,
  type BulkEvent,
  FORBIDDEN_WRITES,
  type RowResult,
  type RowStatus,
  statusOf,
  VendorStoppedError,
} from "./apply.js";
export { connectForBulk, gated, type PacingOptions } from "./connect.js";
export { Gate, type GateEvent, type GateOptions, isThrottle, type RowContext } from "./gate.js";
export { documentedLimits } from "./limits.js";
export { localPace, type PaceParams, type Pacer, type Slot } from "./pace.js";
export { type ChangeRow, type RowAction, rowIssues } from "./rows.js";
