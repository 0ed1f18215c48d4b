// The embeddable snippet: <script src="…/f/<id>/embed.js" async></script> renders the form where the tag
// stands (or into data-target="#css-selector"), inside a shadow root so the host page's CSS cannot break it
// and ours cannot leak out, and posts cross-origin as JSON to /f/<id>/submit.
import { PAGE_STYLE } from '../html.ts';

export function embedScript(input: { formHtml: string; action: string; formId: string }): string {
  // JSON with < escaped is a safe JavaScript string literal for any HTML.
  const literal = (value: string) => JSON.stringify(value).replace(/</g, '\\u003c');
  return `(function () {
  'use strict';
  var script = document.currentScript;
  var formHtml = ${literal(input.formHtml)};
  var style = ${literal(PAGE_STYLE)};
  var action = ${literal(input.action)};
  var selector = script && script.getAttribute('data-target');
  var host = selector ? document.querySelector(selector) : null;
  if (!host) {
    host = document.createElement('div');
    if (script && script.parentNode) script.parentNode.insertBefore(host, script);
    else document.body.appendChild(host);
  }
  host.setAttribute('data-moadon-form', ${literal(input.formId)});
  var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
  root.innerHTML = '<style>' + style + '</style>' + formHtml;
  var form = root.querySelector('form');
  var summary = form.querySelector('.summary');
  function clearErrors() {
    summary.textContent = '';
    Array.prototype.forEach.call(form.querySelectorAll('.error'), function (el) { el.remove(); });
    Array.prototype.forEach.call(form.querySelectorAll('[aria-invalid]'), function (el) {
      el.removeAttribute('aria-invalid');
      el.removeAttribute('aria-describedby');
    });
  }
  function showErrors(message, fields) {
    summary.textContent = message;
    Object.keys(fields || {}).forEach(function (name) {
      var input = form.querySelector('[name="' + name.replace(/"/g, '') + '"]');
      if (!input) return;
      var p = document.createElement('p');
      p.className = 'error';
      p.id = input.id + '-error';
      p.textContent = fields[name];
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', p.id);
      var wrapper = input.closest('.field, .consent') || input;
      wrapper.insertAdjacentElement('afterend', p);
    });
  }
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    clearErrors();
    var data = {};
    new FormData(form).forEach(function (value, key) { data[key] = String(value); });
    var button = form.querySelector('button[type=submit]');
    button.disabled = true;
    fetch(action, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(data),
    })
      .then(function (res) { return res.json().then(function (body) { return { ok: res.ok, body: body }; }); })
      .then(function (r) {
        button.disabled = false;
        if (r.ok) {
          if (r.body.redirectUrl) { window.location.href = r.body.redirectUrl; return; }
          var done = document.createElement('p');
          done.setAttribute('role', 'status');
          // The host page may read the other way: keep the form's language and direction.
          done.setAttribute('lang', form.getAttribute('lang'));
          done.setAttribute('dir', form.getAttribute('dir'));
          done.textContent = r.body.message;
          form.replaceWith(done);
          return;
        }
        var error = r.body && r.body.error ? r.body.error : { message: 'Error' };
        showErrors(error.message, error.details && error.details.fields);
      })
      .catch(function () {
        button.disabled = false;
        summary.textContent = 'Network error';
      });
  });
})();
`;
}
