import type { VigilClient } from '../../api/vigilClient';
import { useAppStore } from '../../store/appSlice';
import { useInsightsStore, type InsightsTab } from '../../store/insightsSlice';
import type { Command } from '../palette/useCommands';
import { copyText } from './exportMarkdown';

/** The insights' palette entries: each view, and the handoff copied in one go. */
export function insightsCommands(client: VigilClient): Command[] {
  const open = (tab: InsightsTab) => () => {
    useInsightsStore.getState().setTab(tab);
    useAppStore.getState().setView('insights');
  };
  return [
    {
      id: 'insights-metrics',
      group: 'View',
      label: 'Insights: response times (MTTD, MTTA, MTTM, MTTR)',
      run: open('metrics'),
    },
    {
      id: 'insights-fatigue',
      group: 'View',
      label: 'Insights: alert fatigue and the weekly review',
      run: open('fatigue'),
    },
    { id: 'insights-handoff', group: 'View', label: 'Insights: write the shift handoff', run: open('handoff') },
    {
      id: 'insights-copy-handoff',
      group: 'View',
      label: 'Copy the shift handoff as Markdown',
      run: () => {
        const hours = useInsightsStore.getState().shiftHours;
        const app = useAppStore.getState();
        client
          .request('insights:handoff', { hours })
          .then((r) => copyText(r.markdown))
          .then((ok) => {
            if (!ok)
              app.setError('The handoff could not be copied: open Insights > Shift handoff and copy it from there.');
          })
          .catch((err: Error) => app.setError(`The handoff could not be written: ${err.message}`));
      },
    },
  ];
}
