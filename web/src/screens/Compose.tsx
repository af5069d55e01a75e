import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, uploadFile } from '../api';
import type { Catalogue, Consultation, DraftInput, FileView, Letter, LetterTypeView, Registers } from '../types';
import { fromParisInput, recipientLabel, sizeLabel, toParisInput } from '../format';
import { FieldErrors, Heading, Loading, Problem, announce, asApiError, confirmDialog, href, navigate } from '../ui';
import { Recipients, type Chip, chipsFrom } from './Recipients';
import type { Editor } from '../editor';
import { BulletList, NumberedList, Redo, Undo } from '../icons';

let editorModule: typeof import('../editor') | null = null;

const MEGABYTE = 1024 * 1024;
const LIMITS: Record<string, number> = { SIMPLE: 5 * MEGABYTE, ACCESS_LINK: 60 * MEGABYTE };
const MAX_FILES = 50;
const SEND_MODE_HELP: Record<string, string> = {
  ACCESS_LINK:
    "Le destinataire reçoit un courriel contenant un lien d'accès : en cliquant sur ce lien, il accède au contenu du courrier et un accusé de réception horodaté est généré (option à privilégier).",
  SIMPLE:
    "Le destinataire reçoit un courriel contenant le corps et les pièces jointes du courrier ; aucun accusé de réception n'est généré.",
};
const COLOURS = [
  { value: '', label: 'Couleur par défaut' },
  // In the form browsers give back (and the server keeps), so that a reloaded draft shows its colour here.
  { value: 'rgb(201, 25, 30)', label: 'Rouge' },
  { value: 'rgb(0, 0, 145)', label: 'Bleu' },
  { value: 'rgb(24, 117, 60)', label: 'Vert' },
  { value: 'rgb(179, 64, 0)', label: 'Orange' },
  { value: 'rgb(106, 106, 244)', label: 'Violet' },
];

type Reply = { allowed: boolean; hasDeadline: boolean; deadline: string; sealed: boolean };
type FileRow = {
  key: string; id?: string; fileName: string; size: number; progress: number;
  state: 'hashing' | 'uploading' | 'checking' | 'READY' | 'PENDING' | 'refused'; message?: string;
};

export function Compose({ consultationId, letterId: initialLetterId, query }: { consultationId: string; letterId?: string; query: URLSearchParams }) {
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [consultation, setConsultation] = useState<Consultation | null>(null);
  const [registers, setRegisters] = useState<Registers | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [letterId, setLetterId] = useState<string | undefined>(initialLetterId);
  const [version, setVersion] = useState<number | undefined>();
  const [letterType, setLetterType] = useState('');
  const [sendMode, setSendMode] = useState('ACCESS_LINK');
  const [reply, setReply] = useState<Reply>({ allowed: false, hasDeadline: false, deadline: '', sealed: false });
  const [chips, setChips] = useState<Chip[]>([]);
  const [subject, setSubject] = useState('');
  const [files, setFiles] = useState<FileRow[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [, setTick] = useState(0);
  const dirty = useRef(false);
  const editorHost = useRef<HTMLDivElement>(null);
  const editor = useRef<Editor | null>(null);
  const pendingBody = useRef<string>('');
  const sendKey = useRef(crypto.randomUUID());
  const unsaved = useRef(false);

  // ---- loading
  useEffect(() => {
    (async () => {
      try {
        const [cat, cons, regs] = await Promise.all([
          api.letterTypes(), api.consultation(consultationId), api.registers(consultationId),
        ]);
        setCatalogue(cat);
        setConsultation(cons);
        setRegisters(regs);
        if (initialLetterId) {
          const letter = await api.letter(initialLetterId);
          if (letter.state !== 'DRAFT') {
            setLoadError(new ApiError(409, 'letter-not-editable', 'Ce courrier a déjà été envoyé : il ne peut plus être modifié.'));
            return;
          }
          applyLetter(letter);
          const list = await api.attachments(initialLetterId);
          setFiles(list.attachments.map(fileRow));
        } else {
          const type = cat.letterTypes.find((t) => t.code === query.get('type')) ?? cat.letterTypes[0];
          applyTemplate(type, cons);
          const prefilled = query.get('destinataires');
          if (prefilled) setChips(chipsFrom(prefilled, []));
        }
      } catch (e) {
        setLoadError(asApiError(e));
      }
    })();
  }, []);

  useEffect(() => {
    if (!catalogue || !editorHost.current || editor.current) return;
    let cancelled = false;
    import('../editor').then((module) => {
      editorModule = module;
      const { createEditor } = module;
      if (cancelled || !editorHost.current) return;
      editor.current = createEditor(editorHost.current, pendingBody.current, 'Corps du courrier', () => setTick((t) => t + 1));
      editor.current.on('update', () => { dirty.current = true; unsaved.current = true; });
      setTick((t) => t + 1);
    });
    return () => { cancelled = true; };
  }, [catalogue, consultation]);

  useEffect(() => () => editor.current?.destroy(), []);

  const setBody = (html: string) => {
    pendingBody.current = html;
    editor.current?.commands.setContent(html, { emitUpdate: false });
  };

  const applyTemplate = (type: LetterTypeView, cons: Consultation | null = consultation) => {
    // As the server does when it creates a draft from a template (LetterTemplate).
    const fill = (text: string) => text.split('{reference}').join(cons?.reference ?? '');
    setLetterType(type.code);
    setSendMode(type.sendMode);
    setReply({
      allowed: type.replyOptions.allowed, hasDeadline: !!type.replyOptions.deadline,
      deadline: toParisInput(type.replyOptions.deadline), sealed: type.replyOptions.sealed,
    });
    setSubject(fill(type.subject));
    setBody(fill(type.body));
    dirty.current = false;
  };

  const applyLetter = (letter: Letter) => {
    setLetterType(letter.letterType);
    setSendMode(letter.sendMode);
    setReply({
      allowed: letter.replyOptions.allowed, hasDeadline: !!letter.replyOptions.deadline,
      deadline: toParisInput(letter.replyOptions.deadline), sealed: letter.replyOptions.sealed,
    });
    setSubject(letter.subject);
    setBody(letter.body);
    setChips(letter.recipients.map((r) => ({ email: r.email, name: r.name, company: r.company, register: r.source && r.source !== 'FREE_RECIPIENTS' ? r.source : null })));
    setVersion(letter.version);
    dirty.current = true;
    unsaved.current = false;
  };

  const changeType = async (code: string) => {
    const type = catalogue!.letterTypes.find((t) => t.code === code)!;
    if (dirty.current) {
      const ok = await confirmDialog('Charger le modèle ?', (
        <p>Le modèle « {type.label} » remplacera les options d'envoi et de réponse, l'objet et le corps que vous avez modifiés.</p>
      ), 'Charger le modèle', 'Garder mes modifications');
      if (!ok) {
        setTick((t) => t + 1);
        return;
      }
    }
    applyTemplate(type);
    unsaved.current = true;
    announce(`Modèle « ${type.label} » chargé.`);
  };

  const edited = () => {
    dirty.current = true;
    unsaved.current = true;
  };

  // ---- saving
  const body = (): string => (editor.current && editorModule ? editorModule.bodyHtml(editor.current) : pendingBody.current);

  const input = (): DraftInput => {
    const access = sendMode === 'ACCESS_LINK';
    const withDeadline = access && reply.allowed && reply.hasDeadline;
    return {
      letterType, sendMode,
      replyOptions: {
        allowed: access && reply.allowed,
        deadline: withDeadline ? fromParisInput(reply.deadline) : null,
        sealed: withDeadline && reply.sealed,
      },
      subject, body: body(),
      recipients: {
        addresses: '', registers: [],
        contacts: chips.filter((c) => !c.invalid).map((c) => ({ email: c.email, name: c.name ?? undefined, company: c.company ?? undefined, register: c.register ?? undefined })),
      },
      ...(version !== undefined ? { version } : {}),
    };
  };

  const localCheck = (): ApiError | null => {
    const errors = [];
    if (chips.some((c) => c.invalid)) {
      errors.push({ code: 'invalid-recipient-address', field: 'recipients', message: 'Corrigez ou retirez les adresses marquées invalides.' });
    }
    if (sendMode === 'ACCESS_LINK' && reply.allowed && reply.hasDeadline && !fromParisInput(reply.deadline)) {
      errors.push({ code: 'invalid-reply-deadline', field: 'replyOptions.deadline', message: 'Indiquez la date et l\'heure limites de réponse.' });
    }
    return errors.length ? new ApiError(400, errors[0].code, errors[0].message, errors) : null;
  };

  /** Creates the draft on the first save (or the first file), then updates it. */
  const save = async (): Promise<Letter | null> => {
    const problem = localCheck();
    if (problem) {
      setError(problem);
      announce(problem.detail);
      return null;
    }
    try {
      const letter = letterId ? await api.updateDraft(letterId, input()) : await api.createDraft(consultationId, input());
      if (!letterId) {
        setLetterId(letter.id);
        // The address becomes the draft's, without remounting the screen.
        history.replaceState(null, '', href('consultations', consultationId, 'brouillons', letter.id));
      }
      setVersion(letter.version);
      setError(null);
      unsaved.current = false;
      return letter;
    } catch (e) {
      const problem = asApiError(e);
      setError(problem);
      announce(problem.detail);
      return null;
    }
  };

  const onSave = async () => {
    setBusy(true);
    const letter = await save();
    setBusy(false);
    if (letter) announce(`Brouillon enregistré (${letter.recipients.length} destinataire(s)).`);
  };

  const onSend = async () => {
    if (files.some((f) => f.state === 'hashing' || f.state === 'uploading' || f.state === 'checking')) {
      setError(new ApiError(400, 'upload-in-progress', 'Attendez la fin du dépôt des pièces jointes avant d\'envoyer.'));
      return;
    }
    setBusy(true);
    const letter = await save();
    setBusy(false);
    if (!letter) return;
    const n = letter.recipients.length;
    const ok = await confirmDialog('Envoyer le courrier', (
      <p>Le courrier « {letter.subject} » sera envoyé à <strong>{n} destinataire(s)</strong>. Il ne pourra plus être modifié.</p>
    ), 'Envoyer le courrier');
    if (!ok) return;
    setBusy(true);
    try {
      const receipt = await api.send(letter.id, sendKey.current);
      announce(`Courrier envoyé à ${receipt.recipients} destinataire(s).`);
      navigate(href('consultations', consultationId, 'suivi'));
    } catch (e) {
      const problem = asApiError(e);
      setError(problem);
      announce(problem.detail);
    } finally {
      setBusy(false);
    }
  };

  const onBack = async () => {
    if (unsaved.current) {
      const ok = await confirmDialog('Quitter sans enregistrer ?', <p>Les modifications non enregistrées seront perdues.</p>, 'Quitter', 'Rester');
      if (!ok) return;
    }
    navigate(href('consultations', consultationId, 'suivi'));
  };

  // ---- files
  const limit = LIMITS[sendMode] ?? LIMITS.ACCESS_LINK;
  const counted = files.filter((f) => f.state !== 'refused');
  const total = counted.reduce((sum, f) => sum + f.size, 0);
  const patchFile = (key: string, patch: Partial<FileRow>) => setFiles((all) => all.map((f) => (f.key === key ? { ...f, ...patch } : f)));

  const addFiles = async (list: FileList | File[]) => {
    let room = limit - total;
    let count = counted.length;
    const accepted: { file: File; key: string }[] = [];
    const rows: FileRow[] = [];
    for (const file of Array.from(list)) {
      const key = crypto.randomUUID();
      if (count >= MAX_FILES) {
        rows.push({ key, fileName: file.name, size: file.size, progress: 0, state: 'refused', message: `Un courrier ne peut pas avoir plus de ${MAX_FILES} pièces jointes.` });
      } else if (file.size > room) {
        rows.push({ key, fileName: file.name, size: file.size, progress: 0, state: 'refused', message:
          `Ce fichier (${sizeLabel(file.size)}) ne peut pas être joint : la limite est de ${sizeLabel(limit)} au total pour ${sendMode === 'SIMPLE' ? 'un courrier électronique simple' : 'un courrier avec accusé de réception'}, dont ${sizeLabel(limit - room)} déjà joints.` });
      } else {
        room -= file.size;
        count++;
        rows.push({ key, fileName: file.name, size: file.size, progress: 0, state: 'hashing' });
        accepted.push({ file, key });
      }
    }
    setFiles((all) => [...all, ...rows]);
    const refused = rows.filter((r) => r.state === 'refused');
    if (refused.length) announce(refused.map((r) => `${r.fileName} : ${r.message}`).join(' '));
    if (!accepted.length) return;
    let id = letterId;
    if (!id) {
      const letter = await save();
      if (!letter) {
        for (const a of accepted) patchFile(a.key, { state: 'refused', message: 'Le brouillon doit d\'abord pouvoir être enregistré.' });
        return;
      }
      id = letter.id;
    }
    for (const { file, key } of accepted) await upload(id, file, key);
  };

  const upload = async (id: string, file: File, key: string) => {
    try {
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
      const sha256 = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
      const answer = await api.requestUpload(id, { fileName: file.name, contentType: file.type || 'application/octet-stream', size: file.size, sha256 });
      patchFile(key, { id: answer.attachment.id, state: 'uploading' });
      await uploadFile(answer.upload, file, (progress) => patchFile(key, { progress }));
      patchFile(key, { state: 'checking', progress: 100 });
      await api.completeUpload(id, answer.attachment.id);
      patchFile(key, { state: 'READY' });
      announce(`Pièce jointe « ${file.name} » ajoutée.`);
    } catch (e) {
      const problem = asApiError(e);
      patchFile(key, { state: 'refused', message: problem.detail });
      announce(`${file.name} : ${problem.detail}`);
    }
  };

  const removeFile = async (row: FileRow) => {
    if (row.id && letterId && row.state !== 'refused') {
      try {
        await api.removeAttachment(letterId, row.id);
      } catch (e) {
        setError(asApiError(e));
        return;
      }
    }
    setFiles((all) => all.filter((f) => f.key !== row.key));
    announce(`Pièce jointe « ${row.fileName} » retirée.`);
  };

  const importDocument = async (key: string) => {
    let id = letterId;
    if (!id) {
      const letter = await save();
      if (!letter) return;
      id = letter.id;
    }
    try {
      const file = await api.fromDocuments(id, key);
      setFiles((all) => [...all, fileRow(file)]);
      announce(`Pièce jointe « ${file.fileName} » ajoutée depuis l'espace documentaire.`);
    } catch (e) {
      const problem = asApiError(e);
      setError(problem);
      announce(problem.detail);
    }
  };

  if (loadError) return (<><Heading>Nouveau message</Heading><Problem error={loadError} /></>);
  if (!catalogue || !consultation || !registers) return <Loading />;

  const fieldErrors = (field: string) => error?.forField(field) ?? [];
  const described = (field: string, ...others: string[]) =>
    [...others, fieldErrors(field).length ? field.replace(/\./g, '-') + '-erreurs' : ''].filter(Boolean).join(' ') || undefined;
  const access = sendMode === 'ACCESS_LINK';
  const e = editor.current;

  return (
    <>
      <nav class="crumbs" aria-label="Fil d'Ariane">
        <a href={href()}>Mes consultations</a> › <a href={href('consultations', consultationId)}>Consultation</a> ›{' '}
        <a href={href('consultations', consultationId, 'suivi')}>Suivi des messages</a>
      </nav>
      <Heading>{letterId ? 'Brouillon' : 'Nouveau message'}</Heading>
      <section class="block" aria-labelledby="detail-consultation">
        <h2 id="detail-consultation">Détail de la consultation</h2>
        <dl class="pairs">
          <dt>Référence :</dt><dd>{consultation.reference}</dd>
          <dt>Intitulé :</dt><dd>{consultation.title}</dd>
          <dt>Objet :</dt><dd>{consultation.object ?? '—'}</dd>
          <dt>Date et heure limite de remise des plis :</dt><dd>{consultation.bidDeadlineLabel ?? '—'}</dd>
        </dl>
      </section>

      <form class="compose" onSubmit={(ev) => ev.preventDefault()} noValidate>
        <Problem error={error && !error.errors.every((x) => x.field) ? error : error && error.errors.length > 1 ? error : null} />
        <div class="field">
          <label for="type">Type de courrier :</label>
          <select id="type" value={letterType} onChange={(ev) => changeType((ev.target as HTMLSelectElement).value)} aria-describedby={described('letterType')}>
            {catalogue.letterTypes.map((t) => (<option value={t.code}>{t.label}</option>))}
          </select>
          <FieldErrors id="letterType-erreurs" messages={fieldErrors('letterType')} />
        </div>

        <fieldset class="block">
          <legend><h2>Options d'envoi et de réponse</h2></legend>
          <fieldset aria-describedby={described('sendMode')}>
            <legend>Options d'envoi — Modalité d'envoi :</legend>
            {catalogue.sendModes.map((m) => (
              <div class="radio">
                <input type="radio" id={'mode-' + m.code} name="sendMode" value={m.code} checked={sendMode === m.code}
                  aria-describedby={'mode-' + m.code + '-aide'}
                  onChange={() => { setSendMode(m.code); edited(); }} />
                <label for={'mode-' + m.code}>{m.label}</label>
                <p class="help" id={'mode-' + m.code + '-aide'}>{SEND_MODE_HELP[m.code]}</p>
              </div>
            ))}
            <FieldErrors id="sendMode-erreurs" messages={fieldErrors('sendMode')} />
          </fieldset>
          {access ? (
            <fieldset aria-describedby={described('replyOptions')}>
              <legend>Options de réponse</legend>
              <YesNo name="allowed" label="Le destinataire doit pouvoir répondre à ce courrier :" value={reply.allowed}
                onChange={(allowed) => { setReply({ ...reply, allowed }); edited(); }} />
              {reply.allowed && (
                <YesNo name="hasDeadline" label="Définir une date limite de réponse :" value={reply.hasDeadline}
                  onChange={(hasDeadline) => { setReply({ ...reply, hasDeadline, sealed: hasDeadline && reply.sealed }); edited(); }} />
              )}
              {reply.allowed && reply.hasDeadline && (
                <>
                  <div class="field">
                    <label for="deadline">Date limite de réponse (heure de Paris) : <span aria-hidden="true">*</span></label>
                    <input id="deadline" type="datetime-local" required value={reply.deadline} aria-describedby={described('replyOptions.deadline')}
                      aria-invalid={fieldErrors('replyOptions.deadline').length ? 'true' : undefined}
                      onInput={(ev) => { setReply({ ...reply, deadline: (ev.target as HTMLInputElement).value }); edited(); }} />
                    <FieldErrors id="replyOptions-deadline-erreurs" messages={fieldErrors('replyOptions.deadline')} />
                  </div>
                  <YesNo name="sealed" label="L'accès par les agents au contenu de la réponse du destinataire est bloqué jusqu'à cette date :"
                    value={reply.sealed} onChange={(sealed) => { setReply({ ...reply, sealed }); edited(); }} />
                  <FieldErrors id="replyOptions-sealed-erreurs" messages={fieldErrors('replyOptions.sealed')} />
                </>
              )}
              <FieldErrors id="replyOptions-erreurs" messages={error?.errors.filter((x) => x.field === 'replyOptions').map((x) => x.message) ?? []} />
            </fieldset>
          ) : (
            <p class="help">Les options de réponse ne sont possibles qu'avec un courrier électronique avec accusé de réception.</p>
          )}
        </fieldset>

        <section class="block" aria-labelledby="courrier">
          <h2 id="courrier">Courrier à envoyer</h2>
          <Recipients chips={chips} onChange={(c) => { setChips(c); unsaved.current = true; }} registers={registers}
            errors={fieldErrors('recipients')} />

          <div class="field">
            <label for="objet">Objet du courrier : <span aria-hidden="true">*</span></label>
            <input id="objet" type="text" required value={subject} maxLength={1000}
              aria-invalid={fieldErrors('subject').length ? 'true' : undefined} aria-describedby={described('subject')}
              onInput={(ev) => { setSubject((ev.target as HTMLInputElement).value); edited(); }} />
            <FieldErrors id="subject-erreurs" messages={fieldErrors('subject')} />
          </div>

          <div class="field">
            <span class="label" id="corps-label">Corps du courrier : <span aria-hidden="true">*</span></span>
            <div class="toolbar" role="group" aria-label="Mise en forme du corps du courrier">
              <ToolButton editor={e} label="Gras" mark="bold" run={(c) => c.toggleBold()}><b>G</b></ToolButton>
              <ToolButton editor={e} label="Italique" mark="italic" run={(c) => c.toggleItalic()}><i>I</i></ToolButton>
              <ToolButton editor={e} label="Souligné" mark="underline" run={(c) => c.toggleUnderline()}><u>S</u></ToolButton>
              <ToolButton editor={e} label="Barré" mark="strike" run={(c) => c.toggleStrike()}><s>B</s></ToolButton>
              <label class="colour">
                <span class="sr-only">Couleur du texte</span>
                <span aria-hidden="true">A</span>
                <select disabled={!e} value={(e?.getAttributes('textStyle').color as string) ?? ''}
                  onChange={(ev) => {
                    const v = (ev.target as HTMLSelectElement).value;
                    if (v) e?.chain().focus().setColor(v).run(); else e?.chain().focus().unsetColor().run();
                  }}>
                  {COLOURS.map((c) => (<option value={c.value}>{c.label}</option>))}
                </select>
              </label>
              <ToolButton editor={e} label="Liste à puces" mark="bulletList" run={(c) => c.toggleBulletList()}><BulletList /></ToolButton>
              <ToolButton editor={e} label="Liste numérotée" mark="orderedList" run={(c) => c.toggleOrderedList()}><NumberedList /></ToolButton>
              <ToolButton editor={e} label="Annuler" run={(c) => c.undo()} enabled={!!e?.can().undo()}><Undo /></ToolButton>
              <ToolButton editor={e} label="Rétablir" run={(c) => c.redo()} enabled={!!e?.can().redo()}><Redo /></ToolButton>
            </div>
            <div ref={editorHost} class={'editor' + (fieldErrors('body').length ? ' invalid' : '')} aria-describedby={described('body')} />
            <FieldErrors id="body-erreurs" messages={fieldErrors('body')} />
          </div>

          <section class="context" aria-labelledby="bloc-contextuel">
            <p id="bloc-contextuel">Le bloc contextuel suivant sera automatiquement intégré dans votre courrier :</p>
            <div class="context-block">
              <p class="context-title">Consultation concernée par cet échange</p>
              <p>Référence | Intitulé : {consultation.reference} | {consultation.title}</p>
              <p>Objet : {consultation.object ?? '—'}</p>
              <p>Date et heure limite de remise des plis : {consultation.bidDeadlineLabel ?? '—'}</p>
              <p>Organisme | Entité d'achat : {consultation.organismName ?? '—'} | {consultation.purchasingEntity ?? '—'}</p>
              {consultation.directLink && <p>Lien direct : {consultation.directLink}</p>}
            </div>
          </section>
        </section>

        <Attachments files={files} total={total} limit={limit} sendMode={sendMode} onAdd={addFiles} onRemove={removeFile}
          consultationId={consultationId} onImport={importDocument} errors={fieldErrors('attachments')} />

        <div class="buttons end">
          <button type="button" class="secondary" onClick={onBack}>« Retour</button>
          <button type="button" class="secondary" onClick={onSave} disabled={busy}>Enregistrer</button>
          <button type="button" class="primary" onClick={onSend} disabled={busy}>Envoyer le courrier</button>
        </div>
      </form>
    </>
  );
}

function fileRow(f: FileView): FileRow {
  return { key: f.id, id: f.id, fileName: f.fileName, size: f.size, progress: 100, state: f.state === 'PENDING' ? 'PENDING' : 'READY' };
}

function YesNo({ name, label, value, onChange }: { name: string; label: string; value: boolean; onChange: (v: boolean) => void }) {
  return (
    <fieldset class="yes-no">
      <legend>{label}</legend>
      <span class="radio inline">
        <input type="radio" id={name + '-non'} name={name} checked={!value} onChange={() => onChange(false)} />
        <label for={name + '-non'}>Non</label>
      </span>
      <span class="radio inline">
        <input type="radio" id={name + '-oui'} name={name} checked={value} onChange={() => onChange(true)} />
        <label for={name + '-oui'}>Oui</label>
      </span>
    </fieldset>
  );
}

function ToolButton({ editor, label, mark, run, enabled, children }: {
  editor: Editor | null; label: string; mark?: string; run: (chain: any) => any; enabled?: boolean; children: any;
}) {
  const active = !!(mark && editor?.isActive(mark));
  return (
    <button type="button" class="tool" title={label} aria-label={label}
      aria-pressed={mark ? (active ? 'true' : 'false') : undefined}
      disabled={!editor || enabled === false}
      onMouseDown={(ev) => ev.preventDefault()}
      onClick={() => editor && run(editor.chain().focus()).run()}>
      <span aria-hidden="true">{children}</span>
    </button>
  );
}

const STATE_LABELS: Record<string, string> = {
  hashing: 'Préparation', uploading: 'Dépôt en cours', checking: 'Vérification', READY: 'Joint', PENDING: 'En attente de vérification', refused: 'Refusé',
};

function Attachments({ files, total, limit, sendMode, onAdd, onRemove, consultationId, onImport, errors }: {
  files: FileRow[]; total: number; limit: number; sendMode: string; onAdd: (f: FileList | File[]) => void; onRemove: (f: FileRow) => void;
  consultationId: string; onImport: (key: string) => void; errors: string[];
}) {
  const [over, setOver] = useState(false);
  const [documents, setDocuments] = useState<{ key: string; fileName: string; sizeLabel: string }[] | null>(null);
  const [showDocs, setShowDocs] = useState(false);
  const openDocuments = async () => {
    setShowDocs(!showDocs);
    if (!documents) {
      try {
        setDocuments((await api.documents(consultationId)).documents);
      } catch {
        setDocuments([]);
      }
    }
  };
  return (
    <section class="block" aria-labelledby="pieces-jointes">
      <h2 id="pieces-jointes">Pièces jointes</h2>
      <p>Pièce(s) à joindre au courrier :</p>
      {files.length > 0 && (
        <table class="list files">
          <caption class="sr-only">Pièces jointes du courrier</caption>
          <thead><tr><th scope="col">Fichiers</th><th scope="col">Taille</th><th scope="col">Statut</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {files.map((f) => (
              <tr class={f.state === 'refused' ? 'refused' : ''}>
                <td>{f.fileName}{f.message && <p class="field-errors">{f.message}</p>}</td>
                <td>{sizeLabel(f.size)}</td>
                <td>
                  {f.state === 'uploading' || f.state === 'hashing' || f.state === 'checking' ? (
                    <>
                      <progress max={100} value={f.progress} aria-label={`Dépôt de ${f.fileName}`}>{f.progress} %</progress> {f.progress} %
                      <span class="sr-only"> {STATE_LABELS[f.state]}</span>
                    </>
                  ) : (
                    <span>{f.state === 'READY' ? '100 % — ' : ''}{STATE_LABELS[f.state]}</span>
                  )}
                </td>
                <td>
                  <button type="button" class="icon" aria-label={`Retirer ${f.fileName}`} title="Retirer" onClick={() => onRemove(f)}>×</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class={'total' + (total > limit ? ' over' : '')}>
        Total : {sizeLabel(total)} sur {sizeLabel(limit)} autorisés pour {sendMode === 'SIMPLE' ? 'un courrier électronique simple' : 'un courrier avec accusé de réception'}.
      </p>
      <FieldErrors id="attachments-erreurs" messages={errors} />
      <div class={'dropzone' + (over ? ' over' : '')}
        onDragOver={(ev) => { ev.preventDefault(); setOver(true); }}
        onDragLeave={() => setOver(false)}
        onDrop={(ev) => { ev.preventDefault(); setOver(false); if (ev.dataTransfer?.files.length) onAdd(ev.dataTransfer.files); }}>
        <p>Déposer les fichiers ici pour les joindre</p>
        <p>ou</p>
        <label class="button secondary file-label">
          Sélectionner un fichier
          <input type="file" multiple class="file-input" onChange={(ev) => { const input = ev.target as HTMLInputElement; if (input.files?.length) onAdd(Array.from(input.files)); input.value = ''; }} />
        </label>
        <p>ou</p>
        <button type="button" class="secondary" aria-expanded={showDocs ? 'true' : 'false'} aria-controls="espace-documentaire" onClick={openDocuments}>
          Importer un fichier depuis l'espace documentaire de la consultation
        </button>
      </div>
      {showDocs && (
        <div id="espace-documentaire" class="documents">
          {!documents && <Loading />}
          {documents && documents.length === 0 && <p>L'espace documentaire de la consultation ne contient aucun fichier.</p>}
          {documents && documents.length > 0 && (
            <ul>
              {documents.map((d) => (
                <li>
                  <button type="button" class="link" onClick={() => onImport(d.key)}>Joindre {d.fileName}</button> <span class="muted">({d.sizeLabel})</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

export { recipientLabel };
