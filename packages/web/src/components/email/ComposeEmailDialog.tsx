// Writing an email from a record's card: the mailbox to send from, recipients suggested from the record
// (and its contacts), a template filled in for the record, rich text, attachments (files or a generated
// document handed in by the caller), and a reply to a message of the timeline. POST /emails queues it;
// the timeline shows it as queued, then sent or failed with the server's reason.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import DOMPurify from 'dompurify';
import { api, ApiError } from '../../api/client';
import { Dialog } from '../Dialog';
import { Loading, useErrorMessage } from '../States';
import { useToast } from '../Toasts';
import { translateProblem } from '../../lib/problems';

/** Objects whose cards send and receive email (the server's modules/email emailObjects). */
export const emailObjects = ['companies', 'contacts', 'leads', 'deals', 'orders', 'cases'];

export interface ComposeAttachment {
  fileId: string;
  name: string;
}

export interface ComposeReply {
  emailId: string;
  subject: string;
  to: string;
}

interface ComposeInfo {
  recipients: { address: string; name: string | null; source: string }[];
  mailboxes: { id: string; name: string; emailAddress: string; shared: boolean }[];
}

interface TemplateInfo {
  id: string;
  name: string;
  language: string;
}

/** "a@b.c, Иван <i@c.d>" → the list the API takes (it parses names and reports a bad one by position). */
export function splitAddresses(text: string): string[] {
  return text
    .split(/[,;\n]/)
    .map((item) => item.trim())
    .filter(Boolean);
}

/** The subject of a reply: one "Re: " however many times it was answered. */
export function replySubject(subject: string): string {
  return /^(re|ответ|отв)\s*:/i.test(subject.trim()) ? subject.trim() : `Re: ${subject.trim()}`;
}

export function ComposeEmailDialog({
  object,
  recordId,
  attachments: initialAttachments = [],
  subject: initialSubject,
  html: initialHtml,
  reply,
  open,
  onClose,
  onSent,
}: {
  object: string;
  recordId: string;
  attachments?: ComposeAttachment[];
  /** A subject to start with (e.g. "send offer"); a reply's subject comes from the message answered. */
  subject?: string;
  /** A body to start with (e.g. a knowledge base article inserted from the case card). */
  html?: string;
  reply?: ComposeReply;
  open: boolean;
  onClose(): void;
  onSent?(): void;
}) {
  if (!open) return null;
  return <ComposeForm object={object} recordId={recordId} initialAttachments={initialAttachments} initialSubject={initialSubject} initialHtml={initialHtml} reply={reply} onClose={onClose} onSent={onSent} />;
}

function ComposeForm({ object, recordId, initialAttachments, initialSubject, initialHtml, reply, onClose, onSent }: { object: string; recordId: string; initialAttachments: ComposeAttachment[]; initialSubject?: string; initialHtml?: string; reply?: ComposeReply; onClose(): void; onSent?(): void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const client = useQueryClient();
  const message = useErrorMessage();
  const info = useQuery({ queryKey: ['email-compose', object, recordId], queryFn: () => api<ComposeInfo>('/emails/compose', { query: { object, recordId } }) });
  const templates = useQuery({ queryKey: ['email-templates'], queryFn: () => api<{ data: TemplateInfo[] }>('/email-templates') });
  const [mailboxId, setMailboxId] = useState('');
  const [to, setTo] = useState(reply?.to ?? '');
  const [cc, setCc] = useState('');
  const [bcc, setBcc] = useState('');
  const [showCc, setShowCc] = useState(false);
  const [subject, setSubject] = useState(reply ? replySubject(reply.subject) : (initialSubject ?? ''));
  const [templateId, setTemplateId] = useState('');
  const [attachments, setAttachments] = useState(initialAttachments);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const editor = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!info.data) return;
    if (!mailboxId && info.data.mailboxes[0]) setMailboxId(info.data.mailboxes[0].id);
    // The editor exists once the compose info is in: a starting body goes in then, once.
    if (initialHtml && editor.current && !editor.current.innerHTML) editor.current.innerHTML = DOMPurify.sanitize(initialHtml);
    if (!reply && !to && info.data.recipients[0]) setTo(info.data.recipients[0].name ? `${info.data.recipients[0].name} <${info.data.recipients[0].address}>` : info.data.recipients[0].address);
    // Only when the suggestions arrive: the user's own edits are never overwritten.
  }, [info.data]);

  async function applyTemplate(id: string) {
    setTemplateId(id);
    if (!id) return;
    try {
      const rendered = await api<{ subject: string; html: string }>(`/email-templates/${id}/render`, { method: 'POST', body: { object, recordId } });
      setSubject(rendered.subject);
      if (editor.current) editor.current.innerHTML = DOMPurify.sanitize(rendered.html);
    } catch (error) {
      setFormError(message(error));
    }
  }

  function format(command: 'bold' | 'italic' | 'insertUnorderedList' | 'createLink') {
    editor.current?.focus();
    if (command === 'createLink') {
      const url = window.prompt(t('email.toolbar.linkPrompt'), 'https://');
      if (!url || !/^(https?:|mailto:)/i.test(url)) return;
      document.execCommand('createLink', false, url);
    } else document.execCommand(command);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    setFormError(null);
    setBusy(true);
    try {
      await api('/emails', {
        method: 'POST',
        body: {
          mailboxId,
          object,
          recordId,
          to: splitAddresses(to),
          cc: splitAddresses(cc),
          bcc: splitAddresses(bcc),
          subject,
          html: DOMPurify.sanitize(editor.current?.innerHTML ?? ''),
          attachmentFileIds: attachments.map((item) => item.fileId),
          templateId: templateId || null,
          replyToEmailId: reply?.emailId ?? null,
        },
      });
      toast({ message: t('email.queued'), tone: 'success' });
      void client.invalidateQueries({ queryKey: ['timeline'] });
      onSent?.();
      onClose();
    } catch (error) {
      if (error instanceof ApiError) setErrors(Object.fromEntries(Object.entries(error.fieldErrors()).map(([name, problem]) => [name, translateProblem(problem, t)])));
      setFormError(message(error));
    } finally {
      setBusy(false);
    }
  }

  const field = (name: string, label: string, input: React.ReactNode, hint?: string) => (
    <div className={`form-field${errors[name] ? ' has-error' : ''}`}>
      <label htmlFor={`compose-${name}`}>{label}</label>
      {input}
      {hint && !errors[name] && <span className="muted small">{hint}</span>}
      {errors[name] && <span className="field-error">{errors[name]}</span>}
    </div>
  );

  return (
    <Dialog title={reply ? t('email.reply') : t('email.compose')} onClose={onClose} wide>
      {info.isPending ? (
        <Loading />
      ) : info.data && info.data.mailboxes.length === 0 ? (
        <div className="compose-empty">
          <p>{t('email.noMailbox')}</p>
          <Link className="button" to="/settings/mail" onClick={onClose}>
            {t('email.openSettings')}
          </Link>
        </div>
      ) : (
        <form onSubmit={submit} className="record-form compose-form">
          {formError && (
            <p className="form-error" role="alert">
              {formError}
            </p>
          )}
          {field(
            'mailboxId',
            t('email.from'),
            <select id="compose-mailboxId" value={mailboxId} onChange={(event) => setMailboxId(event.target.value)}>
              {(info.data?.mailboxes ?? []).map((mailbox) => (
                <option key={mailbox.id} value={mailbox.id}>
                  {mailbox.name} &lt;{mailbox.emailAddress}&gt;
                </option>
              ))}
            </select>,
          )}
          {field('to', t('email.to'), <input id="compose-to" value={to} onChange={(event) => setTo(event.target.value)} required list="compose-suggestions" />, t('email.addressesHint'))}
          <datalist id="compose-suggestions">
            {(info.data?.recipients ?? []).map((recipient) => (
              <option key={recipient.address} value={recipient.name ? `${recipient.name} <${recipient.address}>` : recipient.address} />
            ))}
          </datalist>
          {(info.data?.recipients.length ?? 0) > 1 && (
            <div className="compose-suggestions" aria-label={t('email.suggestions')}>
              {info.data!.recipients.map((recipient) => (
                <button
                  key={recipient.address}
                  type="button"
                  className="chip"
                  onClick={() => setTo((current) => (splitAddresses(current).some((item) => item.includes(recipient.address)) ? current : [...splitAddresses(current), recipient.address].join(', ')))}
                >
                  {recipient.name ? `${recipient.name} · ` : ''}
                  {recipient.address}
                </button>
              ))}
            </div>
          )}
          {showCc ? (
            <>
              {field('cc', t('email.cc'), <input id="compose-cc" value={cc} onChange={(event) => setCc(event.target.value)} />)}
              {field('bcc', t('email.bcc'), <input id="compose-bcc" value={bcc} onChange={(event) => setBcc(event.target.value)} />)}
            </>
          ) : (
            <button type="button" className="button button-link" onClick={() => setShowCc(true)}>
              {t('email.showCc')}
            </button>
          )}
          {(templates.data?.data.length ?? 0) > 0 &&
            field(
              'templateId',
              t('email.template'),
              <select id="compose-templateId" value={templateId} onChange={(event) => void applyTemplate(event.target.value)}>
                <option value="">{t('email.noTemplate')}</option>
                {templates.data!.data.map((template) => (
                  <option key={template.id} value={template.id}>
                    {template.name} ({template.language})
                  </option>
                ))}
              </select>,
            )}
          {field('subject', t('email.subject'), <input id="compose-subject" value={subject} onChange={(event) => setSubject(event.target.value)} required maxLength={500} />)}
          <div className={`form-field${errors.html ? ' has-error' : ''}`}>
            <span id="compose-body-label">{t('email.body')}</span>
            <div className="editor-toolbar" role="toolbar" aria-label={t('email.body')}>
              <button type="button" className="button" title={t('email.toolbar.bold')} aria-label={t('email.toolbar.bold')} onMouseDown={(event) => event.preventDefault()} onClick={() => format('bold')}>
                <b>B</b>
              </button>
              <button type="button" className="button" title={t('email.toolbar.italic')} aria-label={t('email.toolbar.italic')} onMouseDown={(event) => event.preventDefault()} onClick={() => format('italic')}>
                <i>I</i>
              </button>
              <button type="button" className="button" title={t('email.toolbar.list')} aria-label={t('email.toolbar.list')} onMouseDown={(event) => event.preventDefault()} onClick={() => format('insertUnorderedList')}>
                •
              </button>
              <button type="button" className="button" title={t('email.toolbar.link')} aria-label={t('email.toolbar.link')} onMouseDown={(event) => event.preventDefault()} onClick={() => format('createLink')}>
                🔗
              </button>
            </div>
            <div ref={editor} id="compose-body" className="rich-editor" contentEditable role="textbox" aria-multiline="true" aria-labelledby="compose-body-label" suppressContentEditableWarning />
            {errors.html && <span className="field-error">{errors.html}</span>}
          </div>
          {attachments.length > 0 && (
            <div className="form-field">
              <span>{t('email.attachments')}</span>
              <ul className="compose-attachments">
                {attachments.map((attachment) => (
                  <li key={attachment.fileId}>
                    📎 {attachment.name}{' '}
                    <button type="button" className="button button-link" aria-label={t('email.removeAttachment', { name: attachment.name })} onClick={() => setAttachments((list) => list.filter((item) => item.fileId !== attachment.fileId))}>
                      ✕
                    </button>
                  </li>
                ))}
              </ul>
              {errors.attachmentFileIds && <span className="field-error">{errors.attachmentFileIds}</span>}
            </div>
          )}
          <div className="form-actions">
            <button type="button" className="button" onClick={onClose}>
              {t('app.cancel')}
            </button>
            <button type="submit" className="button button-primary" disabled={busy || !mailboxId}>
              {busy ? t('email.sending') : t('email.sendButton')}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
