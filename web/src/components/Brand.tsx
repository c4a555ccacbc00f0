/** The office's mark and the product name, in the top bar and on the login card. */
export function Brand({ big = false }: { big?: boolean }) {
  return (
    <div class={big ? 'brand big' : 'brand'}>
      <span class="logo" aria-hidden="true">
        S
      </span>
      <span>
        <strong>SIPINTER</strong> <span class="brand-sub">Layanan Bantuan</span>
      </span>
    </div>
  );
}
