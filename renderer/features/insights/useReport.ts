import { useEffect, useState } from 'react';
import type { RequestInput, RequestOutput } from '../../../shared/ipc/contract';
import { useClient } from '../../api/ClientContext';

type ReportName = 'insights:metrics' | 'insights:fatigue' | 'insights:handoff';

interface Loaded<K extends ReportName> {
  /** Which request (input and reload count) this answers. */
  key: string;
  data: RequestOutput<K> | null;
  error: string | null;
}

/**
 * Asks the main side for a report whenever the input changes (or `reload` is called). The last
 * report stays on screen while the next one is made, so switching the period does not blank the
 * view; `loading` says a newer one is on its way.
 */
export function useReport<K extends ReportName>(name: K, input: RequestInput<K>) {
  const client = useClient();
  const [nonce, setNonce] = useState(0);
  const key = `${name}|${JSON.stringify(input)}|${nonce}`;
  const [loaded, setLoaded] = useState<Loaded<K>>({ key: '', data: null, error: null });

  useEffect(() => {
    let live = true;
    const [, json] = key.split('|');
    client.request(name, JSON.parse(json!) as RequestInput<K>).then(
      (data) => {
        if (live) setLoaded({ key, data, error: null });
      },
      (err: Error) => {
        if (live) setLoaded({ key, data: null, error: `The report could not be made: ${err.message}` });
      },
    );
    return () => {
      live = false;
    };
  }, [client, name, key]);

  return {
    data: loaded.data,
    error: loaded.error,
    loading: loaded.key !== key,
    reload: () => setNonce((n) => n + 1),
  };
}
