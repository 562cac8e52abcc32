// The message as a list of blocks (heading, text, image, button, divider): each edited in place, moved up or
// down, removed; a problem the server names (`blocks[2].url`) or an unknown placeholder shows on its block.
import { useTranslation } from 'react-i18next';
import { blockTypes, emptyBlock, moveBlock, type BlockType, type CampaignBlock } from '../../lib/campaigns';

interface Props {
  blocks: CampaignBlock[];
  onChange: (blocks: CampaignBlock[]) => void;
  problems: Record<string, string>;
  unknown: Record<string, string[]>;
  onFocusText: (index: number) => (event: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => void;
}

export function BlocksEditor({ blocks, onChange, problems, unknown, onFocusText }: Props) {
  const { t } = useTranslation();
  const update = (index: number, block: CampaignBlock) => onChange(blocks.map((item, position) => (position === index ? block : item)));
  return (
    <>
      <ol className="campaign-blocks">
        {blocks.map((block, index) => {
          const unknownHere = unknown[`blocks[${index}].text`];
          const problem = problems[`blocks.${index}`] ?? (unknownHere ? t('campaigns.editor.unknownPlaceholder', { names: unknownHere.map((name) => `{{${name}}}`).join(', '), interpolation: { escapeValue: false } }) : undefined);
          const id = `campaign-block-${index}`;
          return (
            <li key={index} className={`campaign-block campaign-block-${block.type}${problem ? ' has-error' : ''}`} data-testid={id}>
              <div className="campaign-block-head">
                <span className="campaign-block-type">{t(`campaigns.editor.blockTypes.${block.type}`)}</span>
                <span className="campaign-block-tools">
                  <button type="button" className="button button-small" disabled={index === 0} onClick={() => onChange(moveBlock(blocks, index, -1))} aria-label={`${t('campaigns.editor.moveUp')}: ${index + 1}`}>
                    ↑
                  </button>
                  <button type="button" className="button button-small" disabled={index === blocks.length - 1} onClick={() => onChange(moveBlock(blocks, index, 1))} aria-label={`${t('campaigns.editor.moveDown')}: ${index + 1}`}>
                    ↓
                  </button>
                  <button type="button" className="button button-small" disabled={blocks.length === 1} onClick={() => onChange(blocks.filter((_, position) => position !== index))} aria-label={`${t('campaigns.editor.removeBlock')}: ${index + 1}`}>
                    ✕
                  </button>
                </span>
              </div>
              {block.type === 'heading' && (
                <input id={id} type="text" aria-label={`${t('campaigns.editor.blockTypes.heading')} ${index + 1}`} value={block.text} onChange={(event) => update(index, { ...block, text: event.target.value })} onFocus={onFocusText(index)} onSelect={onFocusText(index)} />
              )}
              {block.type === 'text' && (
                <>
                  <textarea id={id} rows={5} aria-label={`${t('campaigns.editor.blockTypes.text')} ${index + 1}`} value={block.text} onChange={(event) => update(index, { ...block, text: event.target.value })} onFocus={onFocusText(index)} onSelect={onFocusText(index)} />
                  <small className="hint">{t('campaigns.editor.textHint')}</small>
                </>
              )}
              {block.type === 'image' && (
                <div className="campaign-block-fields">
                  <div className="field">
                    <label htmlFor={`${id}-imageUrl`}>{t('campaigns.editor.imageUrl')}</label>
                    <input id={`${id}-imageUrl`} type="url" value={block.url} onChange={(event) => update(index, { ...block, url: event.target.value })} />
                  </div>
                  <div className="field">
                    <label htmlFor={`${id}-imageAlt`}>{t('campaigns.editor.imageAlt')}</label>
                    <input id={`${id}-imageAlt`} type="text" value={block.alt ?? ''} onChange={(event) => update(index, { ...block, alt: event.target.value })} />
                  </div>
                  <div className="field">
                    <label htmlFor={`${id}-imageLink`}>{t('campaigns.editor.imageLink')}</label>
                    <input id={`${id}-imageLink`} type="url" value={block.link ?? ''} onChange={(event) => update(index, { ...block, link: event.target.value })} />
                  </div>
                </div>
              )}
              {block.type === 'button' && (
                <div className="campaign-block-fields">
                  <div className="field">
                    <label htmlFor={`${id}-buttonText`}>{t('campaigns.editor.buttonText')}</label>
                    <input id={`${id}-buttonText`} type="text" value={block.text} onChange={(event) => update(index, { ...block, text: event.target.value })} onFocus={onFocusText(index)} onSelect={onFocusText(index)} />
                  </div>
                  <div className="field">
                    <label htmlFor={`${id}-buttonUrl`}>{t('campaigns.editor.buttonUrl')}</label>
                    <input id={`${id}-buttonUrl`} type="url" value={block.url} onChange={(event) => update(index, { ...block, url: event.target.value })} />
                  </div>
                </div>
              )}
              {block.type === 'divider' && <hr />}
              {problem && <p className="field-error">{problem}</p>}
            </li>
          );
        })}
      </ol>
      <div className="campaign-add-block" role="group" aria-label={t('campaigns.editor.addBlock')}>
        <span className="hint">{t('campaigns.editor.addBlock')}:</span>
        {blockTypes.map((type: BlockType) => (
          <button key={type} type="button" className="button button-small" onClick={() => onChange([...blocks, emptyBlock(type)])}>
            + {t(`campaigns.editor.blockTypes.${type}`)}
          </button>
        ))}
      </div>
    </>
  );
}
