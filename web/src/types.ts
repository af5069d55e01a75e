// The shapes of the agent API, generated from openapi.yaml (npm run build regenerates src/api-types.ts).
import type { components } from './api-types';

type S = components['schemas'];
export type Code = S['Code'];
export type ReplyOptions = S['ReplyOptions'];
export type LetterTypeView = S['LetterType'];
export type Catalogue = S['Catalogue'];
export type Consultation = S['Consultation'];
export type ConsultationList = S['ConsultationList'];
export type Contact = S['Contact'];
export type Registers = S['Registers'];
export type FileView = S['FileView'];
export type RecipientView = S['Recipient'];
export type LetterReply = S['Reply'];
export type Letter = S['Letter'];
export type DraftInput = S['DraftInput'];
export type SendReceipt = S['SendReceipt'];
export type Time = S['Time'];
export type TrackingRow = S['TrackingRow'];
export type TrackingPage = S['TrackingPage'];
export type DraftRow = S['DraftRow'];
export type DraftList = S['DraftList'];
export type ThreadEvent = S['ThreadEvent'];
export type Thread = S['Thread'];
export type Proof = S['Proof'];
export type Upload = S['Upload'];
export type UploadAnswer = S['UploadAnswer'];
export type AttachmentList = S['AttachmentList'];
export type Download = S['Download'];
/** Not yet in the API: the console hides the document space import when the route answers nothing. */
export type Documents = { documents: { key: string; fileName: string; size: number; sizeLabel: string }[] };
