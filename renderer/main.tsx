import { StrictMode } from 'react';
import { z } from 'zod';
import { createRoot } from 'react-dom/client';
import { ClientContext } from './api/ClientContext';
import { connectVigil } from './api/vigilClient';
import { App } from './App';
import './styles.css';

// zod probes `new Function` once to speed up parsing; the CSP (no eval) refuses it and reports a
// violation. Parsing without it is fast enough for the renderer's messages.
z.config({ jitless: true });

const root = createRoot(document.getElementById('root')!);
const connected = connectVigil();
if (connected.ok) {
  root.render(
    <StrictMode>
      <ClientContext.Provider value={connected.client}>
        <App />
      </ClientContext.Provider>
    </StrictMode>,
  );
} else {
  root.render(
    <main className="center-screen">
      <p className="result-error">{connected.message}</p>
    </main>,
  );
}
