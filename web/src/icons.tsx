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
