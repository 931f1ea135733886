/**
 * A process of its own pacing requests to one vendor tenant through a Gate (for the scale tests):
 * `tsx paced-worker.ts <url> <token> <redis-url|none> <perMinute> <count>` sends `count` GETs, four
 * at a time (as a bulk run's workers do), and prints `[[epoch ms, status], …]` as JSON.
 */
import { Gate } from "../../src/gate.js";
import { connectSharedPacing } from "../../src/redis.js";

const [url = "", token = "", redisUrl = "none", perMinute = "60", count = "1"] = process.argv.slice(2);
const shared = redisUrl === "none" ? undefined : await connectSharedPacing(redisUrl);
const tenant = new URL(url).origin;
const gate = new Gate("snipe-it", {
  perMinute: Number(perMinute),
  ...(shared ? { pacer: shared.pacer("snipe-it", tenant) } : {}),
});
const sent: [number, number][] = [];
let left = Number(count);
async function work() {
  while (left-- > 0) {
    const response = await gate.fetch(url, {
      headers: { authorization: `Bearer ${token}`, accept: "application/json" },
    });
    sent.push([Date.now(), response.status]);
    await response.arrayBuffer();
  }
}
await Promise.all([work(), work(), work(), work()]);
process.stdout.write(JSON.stringify(sent));
await shared?.close();
