import type { NotifierHealth } from '../ipc/incidentContract';

/**
 * The words for desktop notifications' health, the same in the top bar, the window's banner and
 * the tray: "desktop notifications failing since 03:12 UTC: <why>".
 */
export function notifierHealthText(h: NotifierHealth): string {
  const since = `${h.since.slice(11, 16)} UTC`;
  switch (h.status) {
    case 'failing':
      return `Desktop notifications failing since ${since}: ${h.message ?? 'the system refused them'}`;
    case 'held':
      return `Since ${since}, ${h.message ?? 'your system is holding notifications back; P0s will only reach you here'}`;
    case 'off':
      return h.message ?? 'Desktop notifications are off';
    case 'checking':
      return 'Checking desktop notifications…';
    case 'ok':
      return 'Desktop notifications ok';
  }
}
