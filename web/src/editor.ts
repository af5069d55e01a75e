// The rich-text editor of "Corps du courrier": TipTap (ProseMirror) limited to what the server's sanitizer keeps
// (RichText.java): paragraphs, line breaks, bold, italic, underline, strike, text colour, bulleted and numbered lists.
// Loaded on demand, only by the compose screen.
import { Editor } from '@tiptap/core';
import Document from '@tiptap/extension-document';
import Paragraph from '@tiptap/extension-paragraph';
import Text from '@tiptap/extension-text';
import HardBreak from '@tiptap/extension-hard-break';
import Bold from '@tiptap/extension-bold';
import Italic from '@tiptap/extension-italic';
import Underline from '@tiptap/extension-underline';
import Strike from '@tiptap/extension-strike';
import { TextStyle, Color } from '@tiptap/extension-text-style';
import { BulletList, OrderedList, ListItem, ListKeymap } from '@tiptap/extension-list';
import { UndoRedo } from '@tiptap/extensions';

export type { Editor };

/**
 * The body as the console sends it. ProseMirror writes styles through the CSSOM (allowed by a strict CSP), which
 * serialises a colour as "color: rgb(201, 25, 30);"; the server keeps exactly "color: rgb(201, 25, 30)", so the
 * colour spans are written in that form here and the stored body is byte for byte what the editor shows.
 */
export function bodyHtml(editor: Editor): string {
  const template = document.createElement('template');
  template.innerHTML = editor.getHTML();
  template.content.querySelectorAll<HTMLElement>('[style]').forEach((element) => {
    const colour = element.style.color;
    if (colour) element.setAttribute('style', `color: ${colour}`);
    else element.removeAttribute('style');
  });
  return template.innerHTML;
}

export function createEditor(element: HTMLElement, html: string, label: string, onChange: () => void): Editor {
  const editor = new Editor({
    element,
    content: html,
    extensions: [
      Document, Paragraph, Text, HardBreak, Bold, Italic, Underline, Strike, TextStyle, Color,
      BulletList, OrderedList, ListItem, ListKeymap, UndoRedo,
    ],
    editorProps: {
      attributes: { role: 'textbox', 'aria-multiline': 'true', 'aria-label': label, class: 'editor-content' },
    },
    onUpdate: onChange,
    onSelectionUpdate: onChange,
    onTransaction: onChange,
  });
  // For the browser tests: the HTML the console would send.
  (editor.view.dom as HTMLElement & { bodyHtml?: () => string }).bodyHtml = () => bodyHtml(editor);
  return editor;
}
