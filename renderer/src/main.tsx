import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { applyTheme, initialTheme } from './app/theme';
import { connectApi } from './bridge/api';
import './i18n';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
applyTheme(initialTheme());

connectApi()
  .then((bridge) => {
    root.render(
      <StrictMode>
        <App bridge={bridge} />
      </StrictMode>,
    );
  })
  .catch((error: unknown) => {
    root.render(
      <p role="alert" className="m-8 rounded-lg border border-danger/40 bg-danger/10 p-4 text-sm text-danger">
        {error instanceof Error ? error.message : String(error)}
      </p>,
    );
  });
