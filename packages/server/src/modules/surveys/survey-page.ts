// The invitation email and the public answer page: small, self-contained HTML (no external assets,
// no script), in the survey's language. Every text from the survey or the customer is escaped.
import type { SurveyQuestion } from '@svyaz/shared';
import { escapeHtml as esc } from '../email/email-html.js';
import { scoreRange, type SurveyRow } from './surveys.service.js';

type Lang = 'ru' | 'en';
const words = {
  ru: {
    defaultSubject: 'Оцените нашу работу', defaultQuestion: 'Насколько вы довольны?', comment: 'Комментарий', submit: 'Отправить', thanks: 'Спасибо за ответ!',
    recorded: 'Ваша оценка сохранена. Можете добавить комментарий.', notFound: 'Ссылка не найдена', notFoundText: 'Проверьте ссылку из письма: она неполная или неверная.',
    expired: 'Срок опроса истёк', expiredText: 'Эта ссылка больше не действует.', done: 'Ответ уже получен', doneText: 'Вы уже ответили на этот опрос. Спасибо!', required: 'обязательно',
    errors: 'Исправьте ответы:', hello: 'Здравствуйте', notLikely: 'точно нет', veryLikely: 'точно да', title: 'Опрос',
  },
  en: {
    defaultSubject: 'How did we do?', defaultQuestion: 'How satisfied are you?', comment: 'Comment', submit: 'Send', thanks: 'Thank you for your answer!',
    recorded: 'Your score is saved. You may add a comment.', notFound: 'Link not found', notFoundText: 'Check the link in the email: it is incomplete or wrong.',
    expired: 'This survey has expired', expiredText: 'This link is no longer valid.', done: 'Already answered', doneText: 'You have already answered this survey. Thank you!', required: 'required',
    errors: 'Please correct your answers:', hello: 'Hello', notLikely: 'not likely', veryLikely: 'very likely', title: 'Survey',
  },
};

const pick = (text: { ru: string; en: string } | undefined, lang: Lang) => (text ? text[lang] || text[lang === 'ru' ? 'en' : 'ru'] : '');

const style = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f5f7;color:#1d2330;margin:0;padding:24px}
main{max-width:640px;margin:0 auto;background:#fff;border-radius:10px;padding:24px;box-shadow:0 1px 3px rgba(0,0,0,.1)}
h1{font-size:22px;margin:0 0 12px}fieldset{border:0;padding:0;margin:16px 0}legend{font-weight:600;margin-bottom:8px}
.scale{display:flex;flex-wrap:wrap;gap:6px}.scale label{display:inline-flex;align-items:center;justify-content:center;min-width:40px;height:40px;border:1px solid #c3c8d2;border-radius:6px;cursor:pointer}
.scale input{position:absolute;opacity:0}.scale input:checked+span{font-weight:700;color:#fff}.scale label:has(input:checked){background:#2f6fe4;border-color:#2f6fe4}
textarea{width:100%;min-height:90px;box-sizing:border-box;font:inherit;padding:8px}button{background:#2f6fe4;color:#fff;border:0;border-radius:6px;padding:10px 18px;font-size:16px;cursor:pointer}
.note{background:#eef4ff;padding:10px;border-radius:6px}.error{background:#fdecec;color:#8a1c1c;padding:10px;border-radius:6px}`;

export function page(lang: Lang, title: string, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>${esc(title)}</title><style>${style}</style></head><body><main>${body}</main></body></html>`;
}

export function messagePage(lang: Lang, kind: 'notFound' | 'expired' | 'done' | 'thanks', survey?: SurveyRow): string {
  const w = words[lang];
  if (kind === 'thanks') return page(lang, w.thanks, `<h1>${esc(pick(survey?.texts.thanks, lang) || w.thanks)}</h1>`);
  const [title, text] = kind === 'notFound' ? [w.notFound, w.notFoundText] : kind === 'expired' ? [w.expired, w.expiredText] : [w.done, w.doneText];
  return page(lang, title, `<h1>${esc(title)}</h1><p>${esc(text)}</p>`);
}

function scaleInput(name: string, min: number, max: number, value: unknown, required: boolean): string {
  const buttons = [];
  for (let n = min; n <= max; n++) buttons.push(`<label><input type="radio" name="${esc(name)}" value="${n}"${Number(value) === n ? ' checked' : ''}${required ? ' required' : ''}><span>${n}</span></label>`);
  return `<div class="scale">${buttons.join('')}</div>`;
}

function questionInput(question: SurveyQuestion, lang: Lang, value: unknown): string {
  const name = `q_${question.key}`;
  const legend = `<legend>${esc(pick(question.label, lang))}${question.required ? ` <small>(${words[lang].required})</small>` : ''}</legend>`;
  if (question.type === 'scale') return `<fieldset>${legend}${scaleInput(name, question.min, question.max, value, question.required)}</fieldset>`;
  if (question.type === 'text') return `<fieldset>${legend}<textarea name="${esc(name)}" maxlength="5000"${question.required ? ' required' : ''}>${esc(typeof value === 'string' ? value : '')}</textarea></fieldset>`;
  const chosen = Array.isArray(value) ? value : [value];
  const type = question.type === 'single' ? 'radio' : 'checkbox';
  const options = question.options.map((option) => `<div><label><input type="${type}" name="${esc(name)}" value="${esc(option)}"${chosen.includes(option) ? ' checked' : ''}> ${esc(option)}</label></div>`);
  return `<fieldset>${legend}${options.join('')}</fieldset>`;
}

export interface AnswerPageState {
  score: number | null;
  comment: string | null;
  answers: Record<string, unknown>;
  recorded: boolean;
  problems?: { field: string; problem: string }[];
}

/** The form: the score (pre-selected after a one-click link), the other questions and a comment; posts to itself. */
export function answerPage(survey: SurveyRow, token: string, state: AnswerPageState): string {
  const lang = survey.language;
  const w = words[lang];
  const range = scoreRange(survey);
  const firstScale = survey.kind === 'custom' ? survey.questions.find((question) => question.type === 'scale') : undefined;
  const parts = [`<h1>${esc(pick(survey.texts.subject, lang) || survey.name)}</h1>`];
  const intro = pick(survey.texts.intro, lang);
  if (intro) parts.push(`<p>${esc(intro)}</p>`);
  if (state.recorded) parts.push(`<p class="note">${esc(w.recorded)}</p>`);
  if (state.problems?.length) parts.push(`<div class="error" role="alert">${esc(w.errors)}<ul>${state.problems.map((problem) => `<li>${esc(problem.field)}: ${esc(problem.problem)}</li>`).join('')}</ul></div>`);
  parts.push(`<form method="post" action="/s/${esc(token)}">`);
  if (range && !firstScale) parts.push(`<fieldset><legend>${esc(pick(survey.texts.question, lang) || w.defaultQuestion)}</legend>${scaleInput('score', range.min, range.max, state.score, false)}</fieldset>`);
  for (const question of survey.questions) parts.push(questionInput(question, lang, question === firstScale ? state.score : state.answers[question.key]));
  parts.push(`<fieldset><legend>${esc(w.comment)}</legend><textarea name="comment" maxlength="5000">${esc(state.comment ?? '')}</textarea></fieldset><button type="submit">${esc(w.submit)}</button></form>`);
  return page(lang, pick(survey.texts.subject, lang) || w.title, parts.join('\n'));
}

/** The invitation: greeting, intro, one link per score (one click records it), and a link to the page. */
export function invitationEmail(survey: SurveyRow, recipient: { firstName: string | null; lastName: string | null }, link: string): { subject: string; html: string } {
  const lang = survey.language;
  const w = words[lang];
  const subject = pick(survey.texts.subject, lang) || w.defaultSubject;
  const range = scoreRange(survey);
  const question = survey.kind === 'custom' ? pick(survey.questions.find((item) => item.type === 'scale')?.label, lang) : pick(survey.texts.question, lang) || w.defaultQuestion;
  const buttons = range
    ? Array.from({ length: range.max - range.min + 1 }, (_, index) => range.min + index)
        .map((score) => `<a href="${esc(`${link}?score=${score}`)}" style="display:inline-block;min-width:32px;padding:8px 6px;margin:2px;border:1px solid #2f6fe4;border-radius:4px;color:#2f6fe4;text-decoration:none;text-align:center">${score}</a>`)
        .join('')
    : '';
  const name = recipient.firstName?.trim();
  const html = `<p>${esc(w.hello)}${name ? `, ${esc(name)}` : ''}!</p>${pick(survey.texts.intro, lang) ? `<p>${esc(pick(survey.texts.intro, lang))}</p>` : ''}
<p><strong>${esc(question)}</strong></p>${buttons ? `<p>${buttons}</p>` : ''}${survey.kind === 'nps' ? `<p style="color:#667">${range!.min} — ${esc(w.notLikely)}, ${range!.max} — ${esc(w.veryLikely)}</p>` : ''}
<p><a href="${esc(link)}">${esc(link)}</a></p>`;
  return { subject, html };
}
