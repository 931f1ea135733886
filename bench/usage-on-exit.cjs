// Preloaded into a benchmarked child (NODE_OPTIONS=--require): writes its resource usage as JSON to
// $USERBRIDGE_USAGE_FILE when it exits (peak RSS, CPU time), since a parent cannot read a child's.
const { writeFileSync } = require("node:fs");
process.on("exit", () => {
  const file = process.env.USERBRIDGE_USAGE_FILE;
  if (file) writeFileSync(file, JSON.stringify(process.resourceUsage()));
});
