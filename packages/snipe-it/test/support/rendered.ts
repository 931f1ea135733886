/**
 * A user as Snipe-IT's UsersTransformer renders it (snipe/snipe-it@5aa5c48018f25ae5eb8671bc278469e85d0ac054:
 * app/Http/Transformers/UsersTransformer.php:25-106), from the simulator's renderer: strings through
 * e(), notes as HTML, dates as objects.
 */
import { escapeLikeLaravel, renderUser, snipeItRecord } from "../../src/simulator.js";

export { escapeLikeLaravel };

const grace = snipeItRecord({ id: 7, first_name: 'Grace "Amazing"', last_name: "Hopper", username: "grace" });

export function renderedUser(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const ada = snipeItRecord({
    id: 13,
    first_name: "Ada",
    last_name: "O'Brien",
    username: "ada",
    email: "ada@example.com",
    jobtitle: "R&D lead",
    city: "London",
    locale: "en-US",
    manager_id: 7,
    department_id: 2,
    notes: "**key** account & friend",
    groups: [2],
    start_date: "2025-06-01",
  });
  return { ...renderUser(ada, new Map([["7", grace]])), ...overrides };
}
