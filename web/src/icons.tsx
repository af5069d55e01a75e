// Small inline icons (the seed's 🔍 🔄 ✎ 🗑): emoji fonts are missing on many agents' workstations.
const svg = (d: string) => () => (
  <svg class="svg-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
    <path d={d} fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" />
  </svg>
);

export const Loupe = svg('M10.5 3a7.5 7.5 0 1 0 0 15a7.5 7.5 0 1 0 0-15zM16 16l5 5');
export const Resend = svg('M20 11a8 8 0 0 0-14.3-4.9M4 4v4h4M4 13a8 8 0 0 0 14.3 4.9M20 20v-4h-4');
export const Pencil = svg('M4 20h4L19 9l-4-4L4 16v4zM13.5 6.5l4 4');
export const Trash = svg('M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13M10 11v6M14 11v6');
export const BulletList = svg('M9 6h11M9 12h11M9 18h11M4.5 6h.01M4.5 12h.01M4.5 18h.01');
export const NumberedList = svg('M10 6h10M10 12h10M10 18h10M4 5l1-1v4M4 14h2l-2 3h2');
export const Undo = svg('M9 14L4 9l5-5M4 9h10a6 6 0 0 1 0 12h-3');
export const Redo = svg('M15 14l5-5-5-5M20 9H10a6 6 0 0 0 0 12h3');
