import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ClientContext } from './api/ClientContext';
import { connectVigil } from './api/vigilClient';
import { App } from './App';
import './styles.css';

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
