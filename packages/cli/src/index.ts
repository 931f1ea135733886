export { type ApplyFlags, apply } from "./commands/apply.js";
export { LIST_COLUMNS, type ListFlags, list } from "./commands/list.js";
export { CONFIG_FILE, type Connection, type Connections, parseConfig, resolveConnections } from "./config.js";
export { type ChangeRow, parseCsv, parseJsonl, readRows } from "./input.js";
export { EXIT, type Io } from "./io.js";
export { type ReportLine, readJournal } from "./journal.js";
export { run } from "./program.js";
export { person, type SimulatorsOptions, type StartedSimulator, seedId, startSimulators } from "./simulators.js";
export { ENV_PREFIX, UsageError } from "./vendors.js";
