// The article body editor: a contentEditable area with a toolbar (headings, emphasis, lists, quote, code,
// links, undo). Pasted HTML is cleaned to the tags the server keeps (the server sanitises again on save:
// this is for the author's eyes, not for safety). Uncontrolled: `initialHtml` is read once per `resetKey`.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import DOMPurify from 'dompurify';

/** The tags and attributes the server's sanitiser keeps (packages/server/src/modules/kb/kb-html.ts). */
export const ARTICLE_TAGS = ['p', 'br', 'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'a', 'ul', 'ol', 'li', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'span', 'div', 'hr', 'pre', 'code', 'table', 'thead', 'tbody', 'tr', 'td', 'th', 'sub', 'sup', 'img', 'figure', 'figcaption'];
export const ARTICLE_ATTRIBUTES = ['href', 'title', 'target', 'rel', 'src', 'alt', 'width', 'height', 'colspan', 'rowspan'];

/** Article HTML cut down to what the server keeps (no styles, classes, scripts or handlers). */
export function cleanArticleHtml(html: string): string {
  return DOMPurify.sanitize(html, { ALLOWED_TAGS: ARTICLE_TAGS, ALLOWED_ATTR: ARTICLE_ATTRIBUTES, ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|tel:)/i });
}

type Command = { key: string; label: string; icon: string; run: () => void };

export function RichTextEditor({ id, initialHtml, resetKey, onChange, labelledBy }: { id: string; initialHtml: string; resetKey: string | number; onChange: (html: string) => void; labelledBy: string }) {
  const { t } = useTranslation();
  const area = useRef<HTMLDivElement>(null);
  const change = useRef(onChange);
  change.current = onChange;

  useEffect(() => {
    if (area.current) area.current.innerHTML = cleanArticleHtml(initialHtml);
    // Only when the article (or the version restored) changes: never while the author types.
  }, [resetKey]);

  const emit = () => change.current(area.current?.innerHTML ?? '');
  const exec = (command: string, value?: string) => {
    area.current?.focus();
    document.execCommand(command, false, value);
    emit();
  };
  const commands: Command[] = [
    { key: 'bold', label: t('kb.editor.toolbar.bold'), icon: 'B', run: () => exec('bold') },
    { key: 'italic', label: t('kb.editor.toolbar.italic'), icon: 'I', run: () => exec('italic') },
    { key: 'underline', label: t('kb.editor.toolbar.underline'), icon: 'U', run: () => exec('underline') },
    { key: 'strike', label: t('kb.editor.toolbar.strike'), icon: 'S', run: () => exec('strikeThrough') },
    { key: 'h2', label: t('kb.editor.toolbar.heading2'), icon: 'H2', run: () => exec('formatBlock', '<h2>') },
    { key: 'h3', label: t('kb.editor.toolbar.heading3'), icon: 'H3', run: () => exec('formatBlock', '<h3>') },
    { key: 'p', label: t('kb.editor.toolbar.paragraph'), icon: '¶', run: () => exec('formatBlock', '<p>') },
    { key: 'ul', label: t('kb.editor.toolbar.bulletList'), icon: '•', run: () => exec('insertUnorderedList') },
    { key: 'ol', label: t('kb.editor.toolbar.numberedList'), icon: '1.', run: () => exec('insertOrderedList') },
    { key: 'quote', label: t('kb.editor.toolbar.quote'), icon: '❝', run: () => exec('formatBlock', '<blockquote>') },
    { key: 'code', label: t('kb.editor.toolbar.code'), icon: '</>', run: () => exec('formatBlock', '<pre>') },
    {
      key: 'link',
      label: t('kb.editor.toolbar.link'),
      icon: '↗',
      run: () => {
        const url = window.prompt(t('kb.editor.toolbar.linkPrompt'), 'https://');
        if (!url || !/^(https?:|mailto:|tel:)/i.test(url.trim())) return;
        exec('createLink', url.trim());
      },
    },
    { key: 'hr', label: t('kb.editor.toolbar.rule'), icon: '—', run: () => exec('insertHorizontalRule') },
    { key: 'clear', label: t('kb.editor.toolbar.clear'), icon: '⌫', run: () => exec('removeFormat') },
    { key: 'undo', label: t('kb.editor.toolbar.undo'), icon: '↶', run: () => exec('undo') },
    { key: 'redo', label: t('kb.editor.toolbar.redo'), icon: '↷', run: () => exec('redo') },
  ];

  return (
    <div className="kb-editor">
      <div className="editor-toolbar" role="toolbar" aria-label={t('kb.editor.toolbar.label')}>
        {commands.map((command) => (
          <button key={command.key} type="button" className="button" title={command.label} aria-label={command.label} onMouseDown={(event) => event.preventDefault()} onClick={command.run}>
            {command.icon}
          </button>
        ))}
      </div>
      <div
        ref={area}
        id={id}
        className="rich-editor kb-body"
        contentEditable
        role="textbox"
        aria-multiline="true"
        aria-labelledby={labelledBy}
        suppressContentEditableWarning
        onInput={emit}
        onPaste={(event) => {
          const html = event.clipboardData.getData('text/html');
          if (!html) return;
          event.preventDefault();
          document.execCommand('insertHTML', false, cleanArticleHtml(html));
          emit();
        }}
      />
    </div>
  );
}
