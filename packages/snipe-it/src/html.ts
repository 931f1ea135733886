/**
 * Snipe-IT escapes every plain string it renders with Laravel's `e()` =
 * `htmlspecialchars($value, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8')`: & < > " ' become
 * &amp; &lt; &gt; &quot; &#039; (snipe/snipe-it@5aa5c48018f25ae5eb8671bc278469e85d0ac054:
 * app/Http/Transformers/UsersTransformer.php:27-56,70-73,98). This undoes exactly that, plus
 * numeric entities, in one pass (so `&amp;lt;` becomes `&lt;`, never `<`).
 */
const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"' };
const ENTITY = /&(?:(amp|lt|gt|quot)|#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6}));/g;

function fromCodePoint(cp: number, entity: string): string {
  return cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? entity : String.fromCodePoint(cp);
}

/** Decodes the entities `e()` produces and numeric ones; anything else is left as it is. */
export function decodeHtml(value: string): string {
  if (!value.includes("&")) return value; // most strings: no entity to undo
  return value.replace(ENTITY, (entity, name?: string, dec?: string, hex?: string) =>
    name ? (NAMED[name] as string) : fromCodePoint(dec ? Number(dec) : Number.parseInt(hex as string, 16), entity),
  );
}
