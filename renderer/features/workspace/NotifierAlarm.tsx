import { useEffect, useRef, useState } from 'react';
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
 * While desktop notifications fail or the system holds them back, the window is where pages land:
 * a banner that stays until they work again, and an alarm for every new P0/P1.
 */
export function NotifierAlarm() {
  const health = useAppStore((s) => s.info?.notifications);
  const ordered = useIncidentsStore((s) => s.ordered);
  const seen = useRef<Set<string> | null>(null);
  const [alarms, setAlarms] = useState(0);
  const degraded = health?.status === 'failing' || health?.status === 'held';

  useEffect(() => {
    const urgent = ordered.filter((i) => i.state === 'open' && (i.severity === 'P0' || i.severity === 'P1'));
    const previous = seen.current;
    seen.current = new Set(urgent.map((i) => i.id));
    // The first list is what was already open: no alarm for it, the banner says enough.
    if (!previous || !degraded) return;
    if (urgent.some((i) => !previous.has(i.id))) {
      soundAlarm();
      setAlarms((n) => n + 1);
    }
  }, [ordered, degraded]);

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
