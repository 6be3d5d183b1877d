import { useAppStore } from '../../store/appSlice';
import type { Command } from '../palette/useCommands';
import { openNoteBox } from '../timeline/timelineActions';
import { closePostMortem, openPostMortem } from './postmortemActions';

/** The timeline's and the post-mortem's palette entries, with the keys that mirror them. */
export function postmortemCommands(): Command[] {
  const showLists = (anchor?: string) => {
    closePostMortem();
    useAppStore.getState().setView('postmortems');
    if (anchor) setTimeout(() => document.getElementById(anchor)?.scrollIntoView({ block: 'start' }), 50);
  };
  return [
    { id: 'timeline-note', group: 'Incident', label: 'Add a note to the timeline', shortcut: 'n', run: openNoteBox },
    {
      id: 'postmortem-write',
      group: 'Incident',
      label: 'Write post-mortem (drafted from the timeline)',
      shortcut: 'p',
      run: () => openPostMortem(),
    },
    { id: 'postmortems-list', group: 'View', label: 'Show post-mortems', run: () => showLists() },
    {
      id: 'postmortems-actions',
      group: 'View',
      label: 'Show open action items (across post-mortems)',
      run: () => showLists('open-action-items'),
    },
  ];
}
