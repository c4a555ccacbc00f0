/**
 * The console's keyboard shortcuts, for officers who answer all day. One
 * listener on the document turns keys into actions; the views that can act
 * subscribe. Keys never fire while the officer types in a field (except Esc
 * from the composer, handled there), nor with Ctrl/Meta held (browser keys).
 *
 *   j / Alt+↓   next conversation          k / Alt+↑   previous conversation
 *   r           reply to the citizen       n           internal note
 *   /           canned responses           e           resolve the conversation
 *   ?           this list
 */
export type ShortcutAction = 'next' | 'prev' | 'reply' | 'note' | 'canned' | 'resolve' | 'help';

export const SHORTCUTS: { keys: string[]; action: ShortcutAction; label: string }[] = [
  { keys: ['j', 'Alt+↓'], action: 'next', label: 'Percakapan berikutnya' },
  { keys: ['k', 'Alt+↑'], action: 'prev', label: 'Percakapan sebelumnya' },
  { keys: ['r'], action: 'reply', label: 'Balas warga' },
  { keys: ['n'], action: 'note', label: 'Tulis catatan internal' },
  { keys: ['/'], action: 'canned', label: 'Jawaban siap pakai' },
  { keys: ['e'], action: 'resolve', label: 'Selesaikan percakapan' },
  { keys: ['?'], action: 'help', label: 'Daftar pintasan ini' },
];

type Listener = (a: ShortcutAction) => boolean | void;
const listeners: Listener[] = [];

/** Whether the key is typed into something (a field, an editable element, an open listbox). */
function typing(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el || !el.tagName) return false;
  if (el.isContentEditable) return true;
  if (el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  if (el.tagName === 'INPUT') return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes((el as HTMLInputElement).type);
  return false;
}

export function actionOf(e: Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey' | 'target'>): ShortcutAction | null {
  if (e.ctrlKey || e.metaKey) return null;
  if (e.altKey) return e.key === 'ArrowDown' ? 'next' : e.key === 'ArrowUp' ? 'prev' : null;
  if (typing(e.target)) return null;
  // A key pressed inside an open dialog belongs to the dialog.
  if ((e.target as HTMLElement | null)?.closest?.('dialog[open]')) return null;
  switch (e.key) {
    case 'j':
      return 'next';
    case 'k':
      return 'prev';
    case 'r':
      return 'reply';
    case 'n':
      return 'note';
    case '/':
      return 'canned';
    case 'e':
      return 'resolve';
    case '?':
      return 'help';
    default:
      return null;
  }
}

/** The latest subscriber that handles an action wins (a view opened later is in front). */
export function onShortcut(l: Listener): () => void {
  listeners.push(l);
  return () => {
    const i = listeners.indexOf(l);
    if (i >= 0) listeners.splice(i, 1);
  };
}

/** Runs an action as if its key was pressed (the help button). */
export function triggerShortcut(a: ShortcutAction): void {
  for (let i = listeners.length - 1; i >= 0; i--) if (listeners[i](a) !== false) return;
}

let installed = false;
export function installShortcuts(): void {
  if (installed) return;
  installed = true;
  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.isComposing) return;
    const a = actionOf(e);
    if (!a) return;
    for (let i = listeners.length - 1; i >= 0; i--) {
      if (listeners[i](a) !== false) {
        e.preventDefault();
        return;
      }
    }
  });
}
