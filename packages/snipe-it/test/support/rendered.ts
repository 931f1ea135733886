/**
 * A user as Snipe-IT's UsersTransformer renders it (snipe/snipe-it@5aa5c48018f25ae5eb8671bc278469e85d0ac054:
 * app/Http/Transformers/UsersTransformer.php:25-106): strings through e(), notes as HTML, dates as objects.
 */
export const escapeLikeLaravel = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#039;" })[c] as string);

export function renderedUser(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 13,
    avatar: "//",
    name: "Ada O&#039;Brien",
    first_name: "Ada",
    last_name: "O&#039;Brien",
    username: "ada",
    remote: false,
    locale: "en-US",
    employee_num: null,
    manager: { id: 7, name: "Grace &quot;Amazing&quot; Hopper" },
    jobtitle: "R&amp;D lead",
    vip: false,
    phone: null,
    website: null,
    address: null,
    city: "London",
    state: null,
    country: null,
    zip: null,
    email: "ada@example.com",
    department: { id: 2, name: "R&amp;D" },
    location: null,
    notes: "<strong>key</strong> account &amp; friend",
    permissions: {},
    activated: true,
    autoassign_licenses: true,
    ldap_import: false,
    two_factor_enrolled: false,
    two_factor_optin: false,
    assets_count: 0,
    licenses_count: 0,
    accessories_count: 0,
    consumables_count: 0,
    manages_users_count: 0,
    manages_locations_count: 0,
    company: null,
    created_by: null,
    created_at: { datetime: "2025-05-23 10:00:00", formatted: "2025-05-23 10:00 AM" },
    updated_at: { datetime: "2025-05-23 10:00:00", formatted: "2025-05-23 10:00 AM" },
    start_date: { date: "2025-06-01", formatted: "2025-06-01" },
    end_date: null,
    last_login: null,
    deleted_at: null,
    available_actions: { update: true, delete: true, clone: true, restore: false },
    groups: { total: 1, rows: [{ id: 1, name: "Ops &lt;EU&gt;" }] },
    ...overrides,
  };
}
