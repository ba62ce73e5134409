import { StrictMode, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';

/** Renders an extension page's root component; the sidebar mounts this way, with no query client (see background-read.ts). */
export function mountBare(App: ComponentType): void {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
