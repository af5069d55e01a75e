import { useRef, useState } from 'preact/hooks';
import type { Registers } from '../types';
import { recipientLabel } from '../format';
import { FieldErrors, announce } from '../ui';

export type Chip = { email: string; name?: string | null; company?: string | null; register?: string | null; invalid?: string };

// The server's rule (EmailAddresses.java): HTML5 e-mail syntax and a top-level domain of letters.
const ADDRESS = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
const SEPARATORS = /[\s,;]+/;

function reason(address: string): string | undefined {
  if (address.length <= 254 && address.indexOf('@') > 0 && address.indexOf('@') <= 64 && ADDRESS.test(address)) return undefined;
  if (!address.includes('@')) return 'adresse invalide : il manque « @ »';
  const domain = address.slice(address.lastIndexOf('@') + 1);
  if (!domain.includes('.')) return 'adresse invalide : le domaine est incomplet';
  return 'adresse électronique invalide';
}

function unwrap(token: string): string {
  let t = token;
  if (t.length > 2 && t.startsWith('<') && t.endsWith('>')) t = t.slice(1, -1);
  if (t.toLowerCase().startsWith('mailto:')) t = t.slice(7);
  return t;
}

/** Chips for a typed or pasted list (spaces, commas, semicolons, new lines), appended to those already there. */
export function chipsFrom(text: string, existing: Chip[]): Chip[] {
  const chips = [...existing];
  for (const token of text.split(SEPARATORS)) {
    if (!token) continue;
    const email = unwrap(token);
    if (chips.some((c) => c.email.toLowerCase() === email.toLowerCase())) continue;
    chips.push({ email, invalid: reason(email) });
  }
  return chips;
}

export function Recipients({ chips, onChange, registers, errors }: {
  chips: Chip[]; onChange: (chips: Chip[]) => void; registers: Registers; errors: string[];
}) {
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const menuButton = useRef<HTMLButtonElement>(null);

  const add = (value: string) => {
    const next = chipsFrom(value, chips);
    const added = next.slice(chips.length);
    onChange(next);
    setText('');
    const bad = added.filter((c) => c.invalid);
    if (added.length) {
      announce(`${added.length} destinataire(s) ajouté(s)` + (bad.length ? `, dont ${bad.length} invalide(s) : ${bad.map((c) => c.email).join(', ')}.` : '.'));
    }
  };
  const addContacts = (contacts: { email: string; name?: string | null; company?: string | null }[], register: string) => {
    const next = [...chips];
    let added = 0;
    for (const c of contacts) {
      if (next.some((x) => x.email.toLowerCase() === c.email.toLowerCase())) continue;
      next.push({ email: c.email, name: c.name, company: c.company, register: register === 'FREE_RECIPIENTS' ? null : register });
      added++;
    }
    onChange(next);
    announce(`${added} destinataire(s) ajouté(s).`);
  };
  const remove = (index: number) => {
    const chip = chips[index];
    onChange(chips.filter((_, i) => i !== index));
    announce(`${chip.email} retiré des destinataires.`);
    input.current?.focus();
  };
  const invalidCount = chips.filter((c) => c.invalid).length;
  const describedBy = ['destinataires-aide', errors.length ? 'recipients-erreurs' : ''].filter(Boolean).join(' ');
  return (
    <div class="field recipients">
      <label for="destinataires">
        Destinataire(s) : <span aria-hidden="true">*</span>
      </label>
      <div class={'chips' + (errors.length || invalidCount ? ' invalid' : '')}>
        <ul aria-label="Destinataires ajoutés">
          {chips.map((chip, i) => (
            <li class={'chip' + (chip.invalid ? ' invalid' : '')}>
              <span>{recipientLabel(chip)}</span>
              {chip.invalid && <span class="chip-reason"> — {chip.invalid}</span>}
              <button type="button" aria-label={`Retirer ${chip.email}`} onClick={() => remove(i)}>×</button>
            </li>
          ))}
        </ul>
        <input id="destinataires" ref={input} type="text" value={text} autocomplete="off" aria-describedby={describedBy}
          aria-invalid={errors.length || invalidCount ? 'true' : undefined}
          onInput={(e) => setText((e.target as HTMLInputElement).value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              if (text.trim()) add(text);
            } else if (e.key === 'Backspace' && !text && chips.length) {
              remove(chips.length - 1);
            }
          }}
          onBlur={() => text.trim() && add(text)}
          onPaste={(e) => {
            const pasted = e.clipboardData?.getData('text') ?? '';
            if (SEPARATORS.test(pasted.trim())) {
              e.preventDefault();
              add(text + ' ' + pasted);
            }
          }} />
      </div>
      <p class="help" id="destinataires-aide">
        Saisissez une adresse puis appuyez sur Entrée. Les adresses mail peuvent être copiées et collées dans ce champ, séparées par
        un espace, une virgule, un point-virgule ou un retour à la ligne.
        {invalidCount > 0 && <strong> {invalidCount} adresse(s) invalide(s) à corriger ou retirer.</strong>}
      </p>
      <FieldErrors id="recipients-erreurs" messages={errors} />
      <div class="registers">
        <button type="button" class="secondary menu-button" ref={menuButton} aria-expanded={open ? 'true' : 'false'} aria-controls="registres"
          onClick={() => setOpen(!open)}>
          Sélectionnez
        </button>
        {open && (
          <div id="registres" class="register-menu"
            onKeyDown={(e) => { if (e.key === 'Escape') { setOpen(false); menuButton.current?.focus(); } }}>
            <p class="help">Cliquez sur un registre pour ajouter tous ses contacts, ou sur un contact pour l'ajouter seul.</p>
            {registers.registers.map((r) => (
              <div class="register">
                <button type="button" class="register-title" disabled={!r.contacts.length} onClick={() => addContacts(r.contacts, r.code)}>
                  {r.label} ({r.contacts.length})
                </button>
                <ul>
                  {r.contacts.map((c) => (
                    <li>
                      <button type="button" class="link" onClick={() => addContacts([c], r.code)}>{recipientLabel(c)}</button>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
        )}
      </div>
    </div>
  );
}
