import { useId } from 'react';
import type { SecretEdit } from './sourceFormModel';

/**
 * A write-only secret. Adding: a password box. Editing: whether one is stored ("set" / "not
 * set"), with Replace / Clear; the stored value is never shown because the renderer never has it.
 */
export function SecretField({
  label,
  edit,
  stored,
  editing,
  canClear = true,
  required = false,
  hint,
  onChange,
}: {
  label: string;
  edit: SecretEdit;
  /** Whether the source already has this secret (editing only). */
  stored: boolean;
  editing: boolean;
  canClear?: boolean;
  required?: boolean;
  hint?: string;
  onChange: (edit: SecretEdit) => void;
}) {
  const labelId = useId();
  const hintId = useId();
  const hintLine = hint ? (
    <span className="hint" id={hintId}>
      {hint}
    </span>
  ) : null;
  const lower = label.toLowerCase();
  const box = (
    <input
      aria-labelledby={labelId}
      aria-describedby={hint ? hintId : undefined}
      type="password"
      // Not offered to the browser's password manager: an API credential, not a login.
      autoComplete="new-password"
      // Editing: the box appears on Replace / Set, so the cursor goes straight into it.
      autoFocus={editing}
      spellCheck={false}
      required={required}
      value={edit.mode === 'replace' ? edit.value : ''}
      onChange={(e) => onChange({ mode: 'replace', value: e.target.value })}
    />
  );
  if (!editing) {
    return (
      <div className="field">
        <span className="field-label" id={labelId}>
          {label}
        </span>
        {box}
        {hintLine}
      </div>
    );
  }
  const isSet = stored && edit.mode !== 'clear';
  const state = edit.mode === 'clear' ? 'cleared when you save' : stored ? 'set' : 'not set';
  return (
    <div className="field secret-field" role="group" aria-labelledby={labelId}>
      <span className="field-label" id={labelId}>
        {label}
      </span>
      <div className="secret-line">
        {edit.mode === 'replace' ? (
          <>
            {box}
            <button type="button" className="link-button nowrap" onClick={() => onChange({ mode: 'keep' })}>
              {stored ? 'Keep the stored one' : 'Leave unset'}
            </button>
          </>
        ) : (
          <>
            <span className={`secret-state ${isSet ? 'secret-set' : 'secret-unset'}`} data-testid="secret-state">
              {state}
            </span>
            {edit.mode === 'clear' ? (
              <button type="button" className="link-button" onClick={() => onChange({ mode: 'keep' })}>
                Undo
              </button>
            ) : (
              <>
                <button
                  type="button"
                  className="link-button"
                  aria-label={`${stored ? 'Replace' : 'Set'} ${lower}`}
                  onClick={() => onChange({ mode: 'replace', value: '' })}
                >
                  {stored ? 'Replace' : 'Set'}
                </button>
                {stored && canClear && (
                  <button
                    type="button"
                    className="link-button"
                    aria-label={`Clear ${lower}`}
                    onClick={() => onChange({ mode: 'clear' })}
                  >
                    Clear
                  </button>
                )}
              </>
            )}
          </>
        )}
      </div>
      {hintLine}
    </div>
  );
}
