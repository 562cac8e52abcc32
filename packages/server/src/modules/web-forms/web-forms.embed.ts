// What a website embeds: a script that renders the form and posts it as JSON (errors shown beside each
// field), or a plain HTML form that works without JavaScript (the endpoint answers it with a redirect or
// a small page). Also the small HTML pages the endpoint answers a plain form with.
import { WEB_FORM_CONSENT, WEB_FORM_HONEYPOT, type WebFormField, type WebFormInput } from '@svyaz/shared';
import type { FieldProblem } from '../../core/validation.js';

type Form = WebFormInput & { key: string };

export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const pick = (text: { ru: string; en: string }, language: string) => (language === 'en' ? text.en || text.ru : text.ru || text.en);
const ui = {
  ru: { submit: 'Отправить', thanks: 'Спасибо! Мы свяжемся с вами в ближайшее время.', errors: 'Проверьте поля формы', back: 'Вернуться к форме', failed: 'Не удалось отправить форму, попробуйте ещё раз', consent: 'Согласие на обработку персональных данных' },
  en: { submit: 'Send', thanks: 'Thank you! We will be in touch shortly.', errors: 'Please check the form', back: 'Back to the form', failed: 'The form could not be sent; please try again', consent: 'Consent to the processing of personal data' },
};
const wordsOf = (language: string) => ui[language === 'en' ? 'en' : 'ru'];

export function successText(form: Pick<WebFormInput, 'successMessage' | 'language'>): string {
  return pick(form.successMessage, form.language) || wordsOf(form.language).thanks;
}

const inputTypes: Record<string, string> = { text: 'text', email: 'email', phone: 'tel', number: 'text', checkbox: 'checkbox' };

function fieldHtml(field: WebFormField, language: string): string {
  const id = `svyaz-${field.key}`;
  const text = escapeHtml(pick(field.label, language));
  const required = field.required ? ' required' : '';
  if (field.type === 'checkbox') return `  <p><label><input type="checkbox" name="${field.key}" value="true"${required}> ${text}</label></p>`;
  let control: string;
  if (field.type === 'textarea') control = `<textarea id="${id}" name="${field.key}" maxlength="5000"${required}></textarea>`;
  else if (field.type === 'select') control = `<select id="${id}" name="${field.key}"${required}><option value=""></option>${field.options.map((option) => `<option>${escapeHtml(option)}</option>`).join('')}</select>`;
  else control = `<input id="${id}" type="${inputTypes[field.type]}" name="${field.key}" maxlength="1000"${field.type === 'number' ? ' inputmode="decimal"' : ''}${required}>`;
  return `  <p><label for="${id}">${text}${field.required ? ' *' : ''}</label><br>${control}</p>`;
}

/** The plain form: posts application/x-www-form-urlencoded; the page it was on comes from the Referer header. */
export function plainFormHtml(form: Form, endpoint: string): string {
  const consent = form.consent.enabled ? `  <p><label><input type="checkbox" name="${WEB_FORM_CONSENT}" value="true" required> ${escapeHtml(pick(form.consent.text, form.language))}</label></p>\n` : '';
  return `<form action="${escapeHtml(endpoint)}" method="post" accept-charset="utf-8">
${form.fields.map((field) => fieldHtml(field, form.language)).join('\n')}
${consent}  <p style="position:absolute;left:-10000px" aria-hidden="true"><input type="text" name="${WEB_FORM_HONEYPOT}" tabindex="-1" autocomplete="off"></p>
  <p><button type="submit">${wordsOf(form.language).submit}</button></p>
</form>`;
}

export function renderSnippet(form: Form, baseUrl: string) {
  const endpoint = `${baseUrl}/api/public/forms/${form.key}`;
  const scriptUrl = `${endpoint}/embed.js`;
  return { key: form.key, endpoint, scriptUrl, script: `<script src="${escapeHtml(scriptUrl)}" async></script>`, html: plainFormHtml(form, endpoint) };
}

/** The script a page includes: renders the form after its own tag and posts it with fetch (CORS), showing errors per field. */
export function embedScript(form: Form, baseUrl: string): string {
  const words = wordsOf(form.language);
  const config = {
    endpoint: `${baseUrl}/api/public/forms/${form.key}`,
    fields: form.fields.map((field) => ({ key: field.key, type: field.type, label: pick(field.label, form.language), required: field.required, options: field.options })),
    consent: form.consent.enabled ? pick(form.consent.text, form.language) : null,
    consentKey: WEB_FORM_CONSENT,
    honeypot: WEB_FORM_HONEYPOT,
    success: successText(form),
    redirectUrl: form.redirectUrl,
    words,
  };
  // JSON inside a script: "</script>" in a label must not end it.
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `(function () {
  var c = ${json};
  var me = document.currentScript;
  var root = document.createElement('form');
  root.className = 'svyaz-form';
  root.setAttribute('novalidate', '');
  root.action = c.endpoint;
  root.method = 'post';
  function el(tag, attrs, text) { var e = document.createElement(tag); for (var k in attrs) e.setAttribute(k, attrs[k]); if (text) e.textContent = text; return e; }
  var errors = {};
  function row(key, control, labelText, inline) {
    var p = el('p', { 'class': 'svyaz-field' });
    var id = 'svyaz-' + c.endpoint.slice(-6) + '-' + key;
    control.id = id;
    var label = el('label', { 'for': id }, labelText);
    if (inline) { p.appendChild(control); p.appendChild(document.createTextNode(' ')); p.appendChild(label); }
    else { p.appendChild(label); p.appendChild(document.createElement('br')); p.appendChild(control); }
    var err = el('span', { 'class': 'svyaz-error', id: id + '-error', role: 'alert' });
    err.style.color = '#b00020';
    err.style.display = 'block';
    control.setAttribute('aria-describedby', id + '-error');
    p.appendChild(err);
    errors[key] = err;
    root.appendChild(p);
  }
  c.fields.forEach(function (f) {
    var control;
    if (f.type === 'textarea') control = el('textarea', { name: f.key, maxlength: '5000' });
    else if (f.type === 'select') { control = el('select', { name: f.key }); control.appendChild(el('option', { value: '' })); f.options.forEach(function (o) { control.appendChild(el('option', { value: o }, o)); }); }
    else if (f.type === 'checkbox') control = el('input', { type: 'checkbox', name: f.key, value: 'true' });
    else control = el('input', { type: f.type === 'phone' ? 'tel' : f.type === 'email' ? 'email' : 'text', name: f.key, maxlength: '1000' });
    if (f.required) control.setAttribute('aria-required', 'true');
    row(f.key, control, f.label + (f.required && f.type !== 'checkbox' ? ' *' : ''), f.type === 'checkbox');
  });
  if (c.consent) row(c.consentKey, el('input', { type: 'checkbox', name: c.consentKey, value: 'true', 'aria-required': 'true' }), c.consent, true);
  var trap = el('p', { 'aria-hidden': 'true' });
  trap.style.position = 'absolute'; trap.style.left = '-10000px';
  trap.appendChild(el('input', { type: 'text', name: c.honeypot, tabindex: '-1', autocomplete: 'off' }));
  root.appendChild(trap);
  var status = el('p', { 'class': 'svyaz-status', role: 'status' });
  var button = el('button', { type: 'submit' }, c.words.submit);
  var buttonRow = el('p'); buttonRow.appendChild(button); root.appendChild(buttonRow); root.appendChild(status);
  root.addEventListener('submit', function (event) {
    event.preventDefault();
    for (var k in errors) errors[k].textContent = '';
    var data = {};
    Array.prototype.forEach.call(root.elements, function (e) {
      if (!e.name) return;
      if (e.type === 'checkbox') data[e.name] = e.checked ? 'true' : '';
      else data[e.name] = e.value;
    });
    var query = new URLSearchParams(location.search);
    ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'].forEach(function (k) { if (query.get(k)) data[k] = query.get(k); });
    data.page_url = location.href;
    if (document.referrer) data.referrer = document.referrer;
    button.disabled = true;
    status.textContent = '';
    fetch(c.endpoint, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(data) })
      .then(function (response) { return response.json().then(function (body) { return { ok: response.ok, body: body }; }); })
      .then(function (result) {
        button.disabled = false;
        if (result.ok) {
          if (c.redirectUrl) { location.href = c.redirectUrl; return; }
          root.reset();
          root.replaceChildren(el('p', { 'class': 'svyaz-success', role: 'status' }, result.body.message || c.success));
          return;
        }
        var details = (result.body.error && result.body.error.details) || [];
        var shown = false;
        (Array.isArray(details) ? details : []).forEach(function (d) { if (d.field && errors[d.field]) { errors[d.field].textContent = d.problem; shown = true; } });
        status.textContent = shown ? c.words.errors : (result.body.error && result.body.error.message) || c.words.failed;
      })
      .catch(function () { button.disabled = false; status.textContent = c.words.failed; });
  });
  if (me && me.parentNode) me.parentNode.insertBefore(root, me.nextSibling);
  else document.body.appendChild(root);
})();
`;
}

function page(language: string, title: string, body: string): string {
  return `<!doctype html><html lang="${language === 'en' ? 'en' : 'ru'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}li{margin:.25rem 0}</style></head><body>${body}</body></html>`;
}

export function successPage(form: Pick<WebFormInput, 'successMessage' | 'language'>, back: string | null): string {
  const text = successText(form);
  return page(form.language, text, `<h1>${escapeHtml(text)}</h1>${back ? `<p><a href="${escapeHtml(back)}">${wordsOf(form.language).back}</a></p>` : ''}`);
}

export function errorPage(form: Pick<WebFormInput, 'fields' | 'language'> | null, language: string, message: string, problems: FieldProblem[], back: string | null): string {
  const words = wordsOf(language);
  const labelOf = (key: string) => {
    const field = form?.fields.find((item) => item.key === key);
    if (field) return pick(field.label, language);
    return key === WEB_FORM_CONSENT ? words.consent : key;
  };
  const items = problems.map((problem) => `<li><strong>${escapeHtml(labelOf(problem.field))}</strong>: ${escapeHtml(problem.problem)}</li>`).join('');
  return page(language, words.errors, `<h1>${escapeHtml(problems.length ? words.errors : message)}</h1>${items ? `<ul>${items}</ul>` : `<p>${escapeHtml(message)}</p>`}${back && /^https?:\/\//i.test(back) ? `<p><a href="${escapeHtml(back)}">${words.back}</a></p>` : ''}`);
}
