// Shapes of the agent API's answers, as its handlers' views write them.
export type Code = { code: string; label: string };
export type ReplyOptions = { allowed: boolean; deadline: string | null; deadlineLabel: string | null; sealed: boolean };
export type LetterTypeView = {
  code: string; label: string; sendMode: string; sendModeLabel: string;
  replyOptions: ReplyOptions; subject: string; body: string;
};
export type Catalogue = { letterTypes: LetterTypeView[]; sendModes: Code[]; registers: Code[] };

export type Consultation = {
  id: string; reference: string; title: string; object: string | null; bidDeadline: string | null;
  bidDeadlineLabel: string | null; organismName: string | null; purchasingEntity: string | null; directLink: string | null;
};
export type ConsultationList = { consultations: Consultation[] };
export type Contact = { name: string | null; company: string | null; email: string };
export type Registers = { registers: { code: string; label: string; contacts: Contact[] }[] };
export type Documents = { documents: { key: string; fileName: string; size: number; sizeLabel: string }[] };

export type FileView = {
  id: string; fileName: string; contentType: string; size: number; sizeLabel: string; sha256: string;
  download?: string | null; state?: string | null;
};
export type RecipientView = { email: string; name: string | null; company: string | null; source?: string; sourceLabel?: string };
export type LetterReply = {
  sentAt: string; sentAtLabel: string; sealed: boolean; sealedNotice: string | null; body: string | null; files: FileView[];
};
export type Letter = {
  id: string; consultationId: string; letterType: string; letterTypeLabel: string; sendMode: string; sendModeLabel: string;
  replyOptions: ReplyOptions; subject: string; body: string; recipients: RecipientView[]; attachments: FileView[];
  attachmentsSizeLabel: string; attachmentsLimitLabel: string; state: string; statusLabel: string | null;
  createdAt: string; updatedAt: string; sentAt: string | null; version: number;
  deliveries: { id: string; recipient: RecipientView; status: string; statusLabel: string; nonDeliveryReason: string | null; reply: LetterReply | null }[] | null;
};
export type DraftInput = {
  letterType?: string; sendMode?: string;
  replyOptions?: { allowed: boolean; deadline: string | null; sealed: boolean };
  subject?: string; body?: string;
  recipients?: { addresses?: string; registers?: string[]; contacts?: { email: string; name?: string | null; company?: string | null; register?: string | null }[] };
  version?: number;
};
export type SendReceipt = { letterId: string; recipients: number; state: string };

export type Time = { at: string; label: string };
export type TrackingRow = {
  deliveryId: string; letterId: string; status: string; statusLabel: string; favorite: boolean;
  events: Partial<Record<'E' | 'D' | 'L' | 'R', Time>>; letterType: string; letterTypeLabel: string; subject: string;
  recipient: RecipientView; excerpt: string; reply: { sealed: boolean; excerpt: string | null; sealedNotice: string | null } | null;
  nonDeliveryReason: string | null; actions: string[];
};
export type TrackingPage = {
  total: number; pageSize: number; nextCursor: string | null;
  countsByStatus: { status: string; label: string; count: number }[]; favorites: number; rows: TrackingRow[];
};
export type DraftRow = {
  id: string; letterType: string; letterTypeLabel: string; subject: string; recipients: number; recipientsLabel: string;
  updatedAt: string; updatedAtLabel: string; excerpt: string; actions: string[];
};
export type DraftList = { total: number; drafts: DraftRow[] };
export type ThreadEvent = {
  id: string; type: string; letter: string | null; label: string; at: string; atLabel: string; attempt: number;
  actor: string | null; details: Record<string, string> | null;
};
export type Thread = {
  deliveryId: string; status: string; statusLabel: string; recipient: RecipientView; letterId: string; letterType: string;
  letterTypeLabel: string; sendMode: string; subject: string; body: string; attachments: FileView[]; events: ThreadEvent[];
  nonDeliveryReason: string | null;
  reply: (LetterReply & { beforeDeadline: string | null }) | null;
  correctionOf: string | null; actions: string[]; proof: string;
};
export type Proof = { url: string; fileName: string; generatedAt: string };
export type Upload = { url: string; method: string; headers: Record<string, string>; expiresAt: string };
export type UploadAnswer = { attachment: FileView; upload: Upload };
export type AttachmentList = { attachments: FileView[]; totalSize: number; totalSizeLabel: string };
export type Download = { url: string; expiresAt: string };
