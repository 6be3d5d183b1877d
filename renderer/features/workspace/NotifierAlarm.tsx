import { useEffect, useState } from 'react';
import type { Incident } from '../../../shared/domain/incident';
import { notifierHealthText } from '../../../shared/notify/notifierHealthText';
import { useAppStore } from '../../store/appSlice';
import { useIncidentsStore } from '../../store/incidentsSlice';

/** A short two-tone alarm through Web Audio: no file to load, works offline. */
function soundAlarm(): void {
  try {
    const ctx = new AudioContext();
    const gain = ctx.createGain();
    gain.gain.value = 0.2;
    gain.connect(ctx.destination);
    [880, 660, 880].forEach((hz, i) => {
      const osc = ctx.createOscillator();
      osc.frequency.value = hz;
      osc.connect(gain);
      osc.start(ctx.currentTime + i * 0.25);
      osc.stop(ctx.currentTime + i * 0.25 + 0.2);
    });
    setTimeout(() => void ctx.close(), 1200);
  } catch {
    // No audio device: the banner still stands.
  }
}

/**
 * The urgent incidents of the last list seen, with their severity. Kept by the window, not the
 * component: the banner shows on the first-run screen and again in the workspace, and an incident
 * that opened while the screens changed is still new.
 */
let seenUrgent: readonly Incident[] | null = null;

/**
 * While desktop notifications fail or the system holds them back, the window is where pages land:
 * a banner that stays until they work again, and an alarm for every new P0/P1.
 */
export function NotifierAlarm() {
  const health = useAppStore((s) => s.info?.notifications);
  const urgent = useIncidentsStore((s) => s.summary.urgent);
  const received = useIncidentsStore((s) => s.received);
  const [alarms, setAlarms] = useState(0);
  const degraded = health?.status === 'failing' || health?.status === 'held';

  useEffect(() => {
    // Until the first full list arrives, nothing is known to be new.
    if (!received) return;
    const previous = seenUrgent;
    seenUrgent = urgent;
    // The first list is what was already open: no alarm for it, the banner says enough.
    if (!previous || !degraded) return;
    // New to P0/P1, or risen from P1 to P0: what the desktop would have paged for.
    const before = new Map(previous.map((i) => [i.id, i.severity]));
    const paged = urgent.some((i) => {
      const was = before.get(i.id);
      return was === undefined || (was === 'P1' && i.severity === 'P0');
    });
    if (paged) {
      soundAlarm();
      setAlarms((n) => n + 1);
    }
  }, [urgent, degraded, received]);

  if (!health || !degraded) return null;
  return (
    <div className="health-banner notifier-alarm" role="alert" data-testid="notifier-alarm" data-alarms={alarms}>
      <strong>{notifierHealthText(health)}</strong>
      <p className="small">
        Vigil sounds an alarm here for every new P0 and P1 while this lasts. Keep this window open.
      </p>
    </div>
  );
}
