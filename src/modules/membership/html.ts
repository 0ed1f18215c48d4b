// Small, dependency-free HTML for the public pages (hosted form, confirmation, unsubscribe, preferences).
// Everything interpolated goes through `escape`; pages carry lang and dir so Hebrew and Persian read RTL.
export const escape = (value: unknown): string =>
  String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

export const dirOf = (locale: string) => (locale === 'he' || locale === 'fa' ? 'rtl' : 'ltr');

export const PAGE_STYLE = `
  :host, body { font-family: system-ui, "Segoe UI", "Noto Sans Hebrew", "Noto Sans Arabic", Tahoma, sans-serif; }
  body { margin: 0; padding: 1.5rem; background: #f6f7f9; color: #1c1e21; line-height: 1.5; }
  main { max-width: 32rem; margin: 0 auto; background: #fff; padding: 1.5rem; border-radius: .5rem; }
  .mdn-form .field { margin-block-end: 1rem; }
  .mdn-form label { display: block; font-weight: 600; margin-block-end: .25rem; }
  .mdn-form input[type=text], .mdn-form input[type=email], .mdn-form input[type=tel],
  .mdn-form input[type=date], .mdn-form input[type=number], .mdn-form select {
    width: 100%; box-sizing: border-box; padding: .5rem; font: inherit; border: 1px solid #8a8d91; border-radius: .25rem; }
  .mdn-form .consent { display: flex; gap: .5rem; align-items: flex-start; margin-block-end: .75rem; }
  .mdn-form .consent label { font-weight: normal; }
  .mdn-form .error { color: #b00020; margin: .25rem 0 0; }
  .mdn-form [aria-invalid=true] { border-color: #b00020; }
  .mdn-form .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  .mdn-form .hp { position: absolute; inset-inline-start: -10000px; width: 1px; height: 1px; overflow: hidden; }
  .mdn-form button, main button { font: inherit; padding: .6rem 1.2rem; border: 0; border-radius: .25rem;
    background: #1a56db; color: #fff; cursor: pointer; }
  .mdn-form .summary:empty { display: none; }
  .mdn-form .summary { color: #b00020; font-weight: 600; }
  nav.langs { margin-block-end: 1rem; } nav.langs a { margin-inline-end: .75rem; }
`;

export function page(input: { locale: string; title: string; body: string }): string {
  const dir = dirOf(input.locale);
  return `<!doctype html>
<html lang="${escape(input.locale)}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escape(input.title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<main>
${input.body}
</main>
</body>
</html>`;
}

/** A page with a heading and a paragraph (thank-you, confirmed, link invalid …). */
export function messagePage(locale: string, title: string, text: string, extra = ''): string {
  return page({
    locale,
    title,
    body: `<h1>${escape(title)}</h1>\n<p role="status">${escape(text)}</p>${extra}`,
  });
}
