/**
 * Turns the cashier's mirrored modal HTML into inert, read-only DOM for the shopper.
 * The HTML comes over the network and was built from whatever the POS rendered (product
 * names included), so it is treated as hostile: DOMPurify removes script, event handlers,
 * `javascript:` URLs, frames, forms; on top of that nothing may fetch (no remote images,
 * no CSS `url()`, no `<style>`/`<link>`), no link may navigate, and every control is
 * disabled. The result is a DocumentFragment (never re-serialised: no mutation XSS).
 */
import DOMPurify, { type Config } from 'dompurify';

const FORBID_TAGS = [
  'script', 'style', 'link', 'meta', 'base', 'title', 'iframe', 'frame', 'frameset', 'object', 'embed',
  'applet', 'form', 'template', 'noscript', 'portal', 'audio', 'video', 'source', 'track', 'image', 'feImage',
];
const FORBID_ATTR = ['srcset', 'ping', 'background', 'poster', 'formaction', 'action', 'srcdoc', 'autofocus', 'nonce', 'lowsrc', 'dynsrc'];
/**
 * CSS that could fetch or run something. Any backslash is refused too: CSS decodes escapes
 * (`u\72l(`) before it recognises `url(`, so no pattern over the raw text is enough.
 */
const DANGEROUS_CSS = /\\|url\s*\(|image-set\s*\(|@import|expression\s*\(|behavior\s*:|-moz-binding|src\s*\(/i;
/**
 * SVG presentation attributes (`fill`, `filter`, `mask`, `clip-path`, `marker-*`, …) take
 * `url(…)`: only references inside the document (`url(#id)`) may stay.
 */
const REMOTE_CSS_REFERENCE = /\\|url\s*\((?!\s*['"]?#)|image-set\s*\(|src\s*\(/i;
/** The only URLs a resource attribute may keep: inline images. */
const INLINE_IMAGE = /^data:image\/(?:png|gif|jpe?g|webp|bmp);base64,[a-z0-9+/=\s]*$/i;
const URL_ATTRIBUTES = new Set(['src', 'href', 'xlink:href', 'data', 'codebase', 'cite', 'longdesc', 'usemap', 'manifest', 'icon']);
/** The only attributes where a fragment-only URL (`#id`) may stay: links, which fetch nothing. */
const FRAGMENT_LINK_ATTRIBUTES = new Set(['href', 'xlink:href']);

const CONFIG: Config = {
  FORBID_TAGS,
  FORBID_ATTR,
  ALLOW_DATA_ATTR: true,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  SANITIZE_DOM: true,
  RETURN_DOM_FRAGMENT: true,
};

let purifier: ReturnType<typeof DOMPurify> | undefined;

/** Our own DOMPurify instance, so its hooks never touch a page's global DOMPurify. */
function getPurifier(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  purifier = DOMPurify(window);
  purifier.addHook('uponSanitizeAttribute', (_node, data) => {
    const name = data.attrName.toLowerCase();
    const value = data.attrValue;
    if (name === 'style' && DANGEROUS_CSS.test(value)) data.keepAttr = false;
    else if (!URL_ATTRIBUTES.has(name) && REMOTE_CSS_REFERENCE.test(value)) data.keepAttr = false;
    if (URL_ATTRIBUTES.has(name)) {
      // A fragment link (`<a href="#total">`, SVG `<use href="#icon">`) points inside the
      // document. On a resource attribute (`<img src="#">`) the same value means "this page"
      // and fetches it. Everything else could fetch or navigate, except an inline image.
      const isFragmentLink = FRAGMENT_LINK_ATTRIBUTES.has(name) && value.trim().startsWith('#');
      const isInlineImage = name === 'src' && INLINE_IMAGE.test(value.trim());
      if (!isFragmentLink && !isInlineImage) data.keepAttr = false;
    }
  });
  return purifier;
}

/**
 * Sanitises `html` and makes every control read-only; buttons hide except `.modal-close`.
 * HTML with no body to keep (a `<frameset>` replaces the body while parsing: DOMPurify then
 * returns null) gives an empty fragment: an empty dialog, never an exception.
 */
export function sanitizeModalHtml(html: string): DocumentFragment {
  const sanitized = getPurifier().sanitize(html, CONFIG) as unknown as DocumentFragment | null;
  const fragment = sanitized ?? document.createDocumentFragment();
  for (const field of fragment.querySelectorAll<HTMLInputElement>('input, select, textarea, button, fieldset, option')) {
    field.setAttribute('disabled', '');
    if ('readOnly' in field) field.setAttribute('readonly', '');
    field.setAttribute('tabindex', '-1');
  }
  // As the original display: action buttons are the cashier's, not the shopper's.
  for (const button of fragment.querySelectorAll('button:not(.modal-close), [role="button"]:not(.modal-close), input[type="submit"], input[type="button"], input[type="reset"]')) {
    button.setAttribute('hidden', '');
  }
  return fragment;
}
