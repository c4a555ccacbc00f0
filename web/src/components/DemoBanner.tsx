/** True when the server marked the page as a demo installation (see ConsoleWebController). */
export const demoMode = (): boolean => document.querySelector('meta[name="hub-demo-mode"]')?.getAttribute('content') === 'true';

/** A plain, always-visible notice: demo accounts with a published password must never hold real data. */
export function DemoBanner() {
  if (!demoMode()) return null;
  return (
    <p class="demo-banner" role="status">
      <strong>Mode demo.</strong> Akun dan data contoh dengan kata sandi yang dipublikasikan — jangan gunakan untuk data warga yang sebenarnya.
    </p>
  );
}

/** The same notice as a compact badge for the top bar, which has a fixed height. */
export function DemoBadge() {
  if (!demoMode()) return null;
  return (
    <span class="demo-badge" role="status" title="Akun dan data contoh dengan kata sandi yang dipublikasikan">
      Mode demo
    </span>
  );
}
