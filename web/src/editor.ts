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

export function createEditor(element: HTMLElement, html: string, label: string, onChange: () => void): Editor {
  return new Editor({
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
}
