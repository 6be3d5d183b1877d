import { useEffect } from 'react';
import type { Severity } from '../../../shared/domain/severity';
import { useIncidentsStore } from '../../store/incidentsSlice';
import { formatCount } from '../../../shared/domain/formatCount';

const COLOUR: Record<Severity, string> = { P0: '#c62828', P1: '#e67e22', P2: '#f0c419', P3: '#5b8fc7' };

/**
 * The browser tab carries what the tray carries in the desktop app: the count of unacknowledged
 * incidents and the top open severity, in the title and as the favicon's colour and number.
 */
export function useTitleAndFavicon(): void {
  // Three primitives from the store's summary: the effect runs when one of them changes, not on
  // every push of drifted values.
  const count = useIncidentsStore((s) => s.summary.unacknowledged);
  const top = useIncidentsStore((s) => s.summary.topSeverity);
  const firstTitle = useIncidentsStore((s) => s.summary.firstUnacknowledgedTitle);
  useEffect(() => {
    document.title =
      count > 0
        ? `(${formatCount(count)}) ${top} ${firstTitle} · Vigil`
        : top
          ? `${top} acknowledged · Vigil`
          : 'Vigil';
    const link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
    if (!link) return;
    if (!top) {
      link.href = './favicon.svg';
      return;
    }
    const fill = COLOUR[top];
    const label = count > 9 ? '9+' : count > 0 ? String(count) : top;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="15" fill="${fill}"/><text x="16" y="21.5" font-family="sans-serif" font-size="${label.length > 2 ? 12 : 15}" font-weight="700" text-anchor="middle" fill="${top === 'P0' ? '#fff' : '#111'}">${label}</text></svg>`;
    link.href = `data:image/svg+xml,${encodeURIComponent(svg)}`;
  }, [count, top, firstTitle]);
}
